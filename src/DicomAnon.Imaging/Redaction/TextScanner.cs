// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Finds the text boxes to black out in every frame of a file, spending OCR where it can matter.
/// </summary>
/// <remarks>
/// <para>Strategy for multi-frame and cine (also in Redaction/README.md):</para>
/// <list type="number">
/// <item>A single frame, a clip of up to <see cref="SmallClip"/> frames, or <c>OcrEveryFrame</c>: every frame is OCR'd whole.</item>
/// <item>Otherwise, frames are read once in order. Sampled frames (first, last, and every k-th so that about
/// <see cref="SampledFrames"/> are taken) are OCR'd whole. Per-pixel temporal MIN and MAX projections are built
/// over ALL frames and OCR'd: static light-on-dark text survives the min projection and static dark-on-light
/// text the max projection, while moving anatomy averages away. Those boxes ("static") apply to every frame
/// that has contrast inside them (a second, render-only pass; a uniform area hides nothing).</item>
/// <item>Every other frame is compared with the previous one on an 8x8 cell grid. Changed cells are grouped
/// into connected regions; a region that is text-sized (at most <see cref="MaxTextRegionHeight"/> px high and
/// <see cref="MaxTextRegionFraction"/> of the frame) and has contrast is OCR'd on a crop (a running clock,
/// a frame counter). Larger changing regions are anatomy and are not OCR'd (text drawn over moving anatomy is
/// found only on sampled frames: use OcrEveryFrame for such clips).</item>
/// <item>Boxes found in frame i-1 carry over to frame i unless frame i re-read that place, so text that stays
/// for a while (but not the whole clip) is covered in every frame it is shown.</item>
/// </list>
/// </remarks>
internal sealed class TextScanner
{
    public const int SmallClip = 3;
    public const int SampledFrames = 6;
    public const int MaxTextRegionHeight = 96;
    public const double MaxTextRegionFraction = 0.10;
    private const int Cell = 8;
    private const int ChangeThreshold = 32;
    private const int MinContrast = 32;
    private const int CropMargin = 8;
    private const int MaxRegionsPerFrame = 8;

    private readonly ITextFinder _finder;
    private readonly Func<IReadOnlyList<OcrWord>, IEnumerable<OcrWord>> _select;
    private readonly bool _everyFrame;

    /// <param name="finder">The OCR engine.</param>
    /// <param name="select">Which words to keep (all text, or only PHI).</param>
    /// <param name="everyFrame">OCR every frame whole (exhaustive, slow).</param>
    public TextScanner(ITextFinder finder, Func<IReadOnlyList<OcrWord>, IEnumerable<OcrWord>> select, bool everyFrame)
    {
        _finder = finder;
        _select = select;
        _everyFrame = everyFrame;
    }

    /// <summary>Number of OCR calls of the last <see cref="Scan"/> (whole frames, projections and crops).</summary>
    public int OcrCalls { get; private set; }

    /// <summary>Whole frames OCR'd by the last <see cref="Scan"/>.</summary>
    public int FramesRead { get; private set; }

    /// <summary>Text boxes (unpadded) for every frame.</summary>
    public List<PixelRect>[] Scan(IFrameSource frames)
    {
        OcrCalls = 0;
        FramesRead = 0;
        int n = frames.Count;
        var result = new List<PixelRect>[n];
        if (n <= SmallClip || _everyFrame)
        {
            for (int i = 0; i < n; i++)
            {
                result[i] = Read(frames.RenderGray(i), 0, 0);
                FramesRead++;
            }

            return result;
        }

        var sampled = SampleIndexes(n);
        GrayImage? prev = null;
        byte[]? min = null, max = null;
        int width = 0, height = 0;
        for (int i = 0; i < n; i++)
        {
            GrayImage img = frames.RenderGray(i);
            if (min is null || max is null)
            {
                width = img.Width;
                height = img.Height;
                min = (byte[])img.Pixels.Clone();
                max = (byte[])img.Pixels.Clone();
            }
            else if (img.Width == width && img.Height == height)
            {
                byte[] p = img.Pixels;
                for (int k = 0; k < p.Length; k++)
                {
                    if (p[k] < min[k])
                    {
                        min[k] = p[k];
                    }
                    else if (p[k] > max[k])
                    {
                        max[k] = p[k];
                    }
                }
            }

            if (sampled.Contains(i) || prev is null || prev.Width != img.Width || prev.Height != img.Height)
            {
                result[i] = Read(img, 0, 0);
                FramesRead++;
            }
            else
            {
                List<PixelRect> regions = ChangedRegions(prev, img, out _);
                if (regions.Count > MaxRegionsPerFrame)
                {
                    result[i] = Read(img, 0, 0);
                    FramesRead++;
                }
                else
                {
                    var boxes = new List<PixelRect>();
                    var reread = new List<PixelRect>();
                    foreach (PixelRect region in regions)
                    {
                        PixelRect crop = RectangleMath.Pad(region, CropMargin).ClipTo(img.Width, img.Height);
                        reread.Add(crop);
                        if (HasContrast(img, crop))
                        {
                            boxes.AddRange(Read(Crop(img, crop), crop.X, crop.Y));
                        }
                    }

                    // Carry the previous frame's boxes unless this frame re-read (most of) their place.
                    foreach (PixelRect b in result[i - 1])
                    {
                        long inside = reread.Sum(c => RectangleMath.IntersectionArea(b, c));
                        if (inside * 2 < b.Area)
                        {
                            boxes.Add(b);
                        }
                    }

                    result[i] = boxes;
                }
            }

            prev = img;
        }

        if (min is not null && max is not null)
        {
            var statics = new List<PixelRect>();
            statics.AddRange(Read(new GrayImage(width, height, min), 0, 0));
            statics.AddRange(Read(new GrayImage(width, height, max), 0, 0));
            // A projection box applies to a frame only where that frame shows something there: the max
            // projection also keeps bright text shown in a few frames only, and blacking out a uniform
            // area hides nothing.
            if (statics.Count > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    GrayImage img = frames.RenderGray(i);
                    foreach (PixelRect box in statics)
                    {
                        PixelRect r = box.ClipTo(img.Width, img.Height);
                        if (r.Width > 0 && r.Height > 0 && HasContrast(img, r))
                        {
                            result[i].Add(box);
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>First, last and every k-th frame, about <see cref="SampledFrames"/> in all.</summary>
    internal static HashSet<int> SampleIndexes(int n)
    {
        var s = new HashSet<int> { 0, n - 1 };
        int step = Math.Max(1, (n + SampledFrames - 1) / SampledFrames);
        for (int i = 0; i < n; i += step)
        {
            s.Add(i);
        }

        return s;
    }

    /// <summary>Bounding boxes of connected changed cells that are text-sized; <paramref name="anatomyOnly"/> when larger regions were skipped.</summary>
    internal static List<PixelRect> ChangedRegions(GrayImage a, GrayImage b, out bool anatomyOnly)
    {
        int w = a.Width, h = a.Height;
        int cw = (w + Cell - 1) / Cell, ch = (h + Cell - 1) / Cell;
        var changed = new bool[cw * ch];
        var counts = new int[cw * ch];
        byte[] pa = a.Pixels, pb = b.Pixels;
        for (int y = 0; y < h; y++)
        {
            int row = y * w, cellRow = (y / Cell) * cw;
            for (int x = 0; x < w; x++)
            {
                int d = pa[row + x] - pb[row + x];
                if (d > ChangeThreshold || d < -ChangeThreshold)
                {
                    int c = cellRow + (x / Cell);
                    if (++counts[c] >= 2)
                    {
                        changed[c] = true;
                    }
                }
            }
        }

        anatomyOnly = false;
        var regions = new List<PixelRect>();
        var seen = new bool[changed.Length];
        var stack = new Stack<int>();
        for (int start = 0; start < changed.Length; start++)
        {
            if (!changed[start] || seen[start])
            {
                continue;
            }

            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int c = stack.Pop();
                int cx = c % cw, cy = c / cw;
                x0 = Math.Min(x0, cx);
                y0 = Math.Min(y0, cy);
                x1 = Math.Max(x1, cx);
                y1 = Math.Max(y1, cy);
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = cx + dx, ny = cy + dy;
                        if (nx >= 0 && ny >= 0 && nx < cw && ny < ch)
                        {
                            int nc = (ny * cw) + nx;
                            if (changed[nc] && !seen[nc])
                            {
                                seen[nc] = true;
                                stack.Push(nc);
                            }
                        }
                    }
                }
            }

            var box = new PixelRect(x0 * Cell, y0 * Cell, (x1 - x0 + 1) * Cell, (y1 - y0 + 1) * Cell).ClipTo(w, h);
            if (box.Height <= MaxTextRegionHeight && box.Area <= MaxTextRegionFraction * w * h)
            {
                regions.Add(box);
            }
            else
            {
                anatomyOnly = true;
            }
        }

        return regions;
    }

    private static bool HasContrast(GrayImage img, PixelRect r)
    {
        int lo = 255, hi = 0;
        for (int y = r.Y; y < r.Bottom; y++)
        {
            int row = y * img.Width;
            for (int x = r.X; x < r.Right; x++)
            {
                int v = img.Pixels[row + x];
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        return hi - lo >= MinContrast;
    }

    private static GrayImage Crop(GrayImage img, PixelRect r)
    {
        var p = new byte[r.Width * r.Height];
        for (int y = 0; y < r.Height; y++)
        {
            Buffer.BlockCopy(img.Pixels, ((r.Y + y) * img.Width) + r.X, p, y * r.Width, r.Width);
        }

        return new GrayImage(r.Width, r.Height, p);
    }

    private List<PixelRect> Read(GrayImage img, int offsetX, int offsetY)
    {
        OcrCalls++;
        IReadOnlyList<OcrWord> words = _finder.Detect(img);
        return _select(words).Select(w => new PixelRect(w.X + offsetX, w.Y + offsetY, w.Width, w.Height)).ToList();
    }
}
