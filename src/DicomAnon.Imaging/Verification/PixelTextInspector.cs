// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Imaging.Rendering;

namespace DicomAnon.Imaging.Verification;

/// <summary>
/// Looks for text still in the frames of a de-identified file with the burned-in text remover's own independent
/// re-check (<see cref="TextRecheck"/>, all text), so the verifier and the re-check agree on what counts as text.
/// Solid black rectangles are taken as blacked-out boxes (their edges are not text, ink cut by them is). Each box
/// found is read once more only to tell the caller's test whether it shows an identifier; the text goes nowhere
/// else. Clips of up to <see cref="EveryFrameLimit"/> frames are read frame by frame; longer ones on
/// <see cref="SampledFrames"/> evenly spaced frames, first and last included.
/// One instance per thread (it owns an OCR engine).
/// </summary>
internal sealed class PixelTextInspector : IDisposable
{
    public const int EveryFrameLimit = 16;
    public const int SampledFrames = 16;

    /// <summary>Smallest side (px) of a solid black rectangle taken as a blacked-out box.</summary>
    public const int MinBlackBoxSide = 4;

    private readonly ILineReader _reader;

    /// <exception cref="OcrEngineNotFoundException">Tesseract cannot be loaded.</exception>
    public PixelTextInspector(string? tesseractLibraryPath = null, string? tessdataPath = null)
        : this(TesseractLineReader.Create(tesseractLibraryPath, tessdataPath))
    {
    }

    /// <summary>Seam for tests: the line reader is supplied (and disposed) by this instance.</summary>
    internal PixelTextInspector(ILineReader reader) => _reader = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>True when the file has pixel data this engine can render.</summary>
    public static bool HasPixels(DicomFile file) => file?.Dataset.Contains(DicomTag.PixelData) ?? false;

    /// <summary>The frames that <see cref="Inspect"/> reads for a clip of <paramref name="count"/> frames.</summary>
    public static IReadOnlyList<int> FramesToRead(int count)
    {
        if (count <= EveryFrameLimit)
        {
            return Enumerable.Range(0, count).ToList();
        }

        var set = new SortedSet<int>();
        for (int i = 0; i < SampledFrames; i++)
        {
            set.Add((int)((long)i * (count - 1) / (SampledFrames - 1)));
        }

        return set.ToList();
    }

    /// <summary>Boxes of text, per frame read. <paramref name="isIdentifier"/> tells whether the words of a box are an identifier; the text goes nowhere else.</summary>
    /// <exception cref="UnsupportedPixelDataException">The pixel data cannot be decoded.</exception>
    public IReadOnlyList<PixelTextBox> Inspect(DicomFile file, Func<string, bool>? isIdentifier)
    {
        var frames = PixelFrames.Open(file ?? throw new ArgumentNullException(nameof(file)));
        var recheck = new TextRecheck(_reader, RedactionTarget.AllText, BurnedTextRemover.UltrasoundRegions(file.Dataset));
        var boxes = new List<PixelTextBox>();
        foreach (int f in FramesToRead(frames.Count))
        {
            boxes.AddRange(InspectFrame(recheck, f, frames.RenderGray(f), isIdentifier));
        }

        return boxes;
    }

    /// <summary>One frame: the re-check's findings, each told apart as an identifier or not by <paramref name="isIdentifier"/>.</summary>
    internal IEnumerable<PixelTextBox> InspectFrame(TextRecheck recheck, int frame, GrayImage image, Func<string, bool>? isIdentifier)
    {
        foreach (RecheckFinding finding in recheck.Check(frame, image, BlackBoxes(image)))
        {
            bool identifier = false;
            if (isIdentifier is not null)
            {
                PixelRect crop = RectangleMath.Pad(finding.Box, 3).ClipTo(image.Width, image.Height);
                string text = string.Join(" ", _reader.ReadLine(InkOnWhite(image, crop), crop.Width, crop.Height, finding.Box.Height).Select(w => w.Text));
                identifier = text.Length > 0 && isIdentifier(text);
            }

            yield return new PixelTextBox(frame, finding.Box, identifier) { Evidence = finding.Evidence };
        }
    }

    /// <summary>Solid black (0) rectangles of at least <see cref="MinBlackBoxSide"/> px a side: what a blackout leaves.</summary>
    internal static List<PixelRect> BlackBoxes(GrayImage image)
    {
        int w = image.Width, h = image.Height;
        byte[] px = image.Pixels;
        bool[] seen = new bool[px.Length];
        var boxes = new List<PixelRect>();
        var stack = new Stack<int>();
        for (int start = 0; start < px.Length; start++)
        {
            if (seen[start] || px[start] != 0)
            {
                continue;
            }

            seen[start] = true;
            stack.Push(start);
            int x0 = w, y0 = h, x1 = -1, y1 = -1;
            long count = 0;
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int x = i % w, y = i / w;
                count++;
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x);
                y1 = Math.Max(y1, y);
                foreach (int n in new[] { x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1 })
                {
                    if (n >= 0 && !seen[n] && px[n] == 0)
                    {
                        seen[n] = true;
                        stack.Push(n);
                    }
                }
            }

            var box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            if (box.Width >= MinBlackBoxSide && box.Height >= MinBlackBoxSide && count == box.Area && box.Area < (long)w * h)
            {
                boxes.Add(box);
            }
        }

        return boxes;
    }

    /// <summary>The crop as dark ink on white: each pixel's distance from the crop's most common grey, stretched.</summary>
    private static byte[] InkOnWhite(GrayImage image, PixelRect crop)
    {
        int[] histogram = new int[256];
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                histogram[image.Pixels[(y * image.Width) + x]]++;
            }
        }

        int background = Array.IndexOf(histogram, histogram.Max());
        byte[] ink = new byte[crop.Width * crop.Height];
        for (int y = 0; y < crop.Height; y++)
        {
            for (int x = 0; x < crop.Width; x++)
            {
                int d = Math.Abs(image.Pixels[((crop.Y + y) * image.Width) + crop.X + x] - background);
                ink[(y * crop.Width) + x] = (byte)(255 - Math.Min(255, d * 2));
            }
        }

        return ink;
    }

    /// <summary>Frame <paramref name="frame"/> as PNG bytes, with <paramref name="outline"/> drawn in red (for a report's thumbnails).</summary>
    public static byte[] RenderPng(DicomFile file, int frame, IReadOnlyList<PixelRect>? outline)
    {
        var frames = PixelFrames.Open(file ?? throw new ArgumentNullException(nameof(file)));
        using var ms = new MemoryStream();
        PngExporter.Write(frames, Math.Min(frame, frames.Count - 1), ms, outline);
        return ms.ToArray();
    }

    public void Dispose() => _reader.Dispose();
}
