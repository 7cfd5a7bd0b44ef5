// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Finds text that lies on bright structure of the speckle (a fascia band, a specular line), where the top-hat of
/// <see cref="TextCandidateFinder"/> sees no contrast: the band is as bright as the ink. Overlay text is drawn in one
/// exact grey, so the cores of its glyphs are connected pixels of one level; speckle, reflectors and bands are
/// blurred and change level from pixel to pixel. Components of one exact level that are character-sized, thin-
/// stroked and sharp-edged, chained into a row of at least <see cref="MinLetters"/> on a shared baseline, become a
/// candidate line on a noisy background (OCR must still vouch for it), read as those pixels alone.
/// </summary>
internal static class FlatColourLines
{
    /// <summary>Fewest glyphs of one exact level in a row: speckle rarely gives four flat, letter-shaped plateaus of one level in line.</summary>
    public const int MinLetters = 4;

    /// <summary>Fewest pixels of one glyph core.</summary>
    public const int MinPixels = 8;

    /// <summary>Least grey-level step across a sharp edge: the share of a core's outside neighbours this far from its level.</summary>
    public const int EdgeStep = 8;

    /// <summary>
    /// Least share of a glyph core's outside neighbours across a sharp edge. Blurred speckle climbs a few levels per
    /// pixel, so a plateau of one level in it has one level more or less all round (under a fifth of its sides
    /// step by 8); an anti-aliased glyph's core steps down to its rim on a third of its sides or more, a bitmap
    /// glyph's on all of them.
    /// </summary>
    public const double MinSharpShare = 0.3;

    /// <summary>Candidate lines of flat-coloured glyphs on textured background, not already held whole by <paramref name="existing"/> quiet-panel lines.</summary>
    public static List<TextLineCandidate> Find(GrayImage image, IReadOnlyList<TextLineCandidate> existing)
    {
        if (image is null || existing is null)
        {
            throw new ArgumentNullException(image is null ? nameof(image) : nameof(existing));
        }

        int w = image.Width, h = image.Height;
        byte[] px = image.Pixels;
        int[] label = new int[w * h];
        List<Core> cores = Label(px, w, h, label);
        var glyphs = new List<int>();
        for (int i = 0; i < cores.Count; i++)
        {
            if (cores[i].IsGlyph)
            {
                glyphs.Add(i);
            }
        }

        glyphs.Sort((a, b) => cores[a].X0.CompareTo(cores[b].X0));
        int[] parent = Enumerable.Range(0, cores.Count).ToArray();
        for (int ai = 0; ai < glyphs.Count; ai++)
        {
            Core a = cores[glyphs[ai]];
            for (int bi = ai + 1; bi < glyphs.Count; bi++)
            {
                Core b = cores[glyphs[bi]];
                if (b.X0 > a.X1 + 1 + (TextCandidateFinder.MaxCharHeight * 6 / 5))
                {
                    break;
                }

                int hmin = Math.Min(a.Height, b.Height), hmax = Math.Max(a.Height, b.Height);
                int overlap = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0) + 1;
                if (a.Level == b.Level && b.X0 <= a.X1 + 1 + (hmax * 6 / 5) && hmin * 2 >= hmax && overlap * 2 >= hmin)
                {
                    Union(parent, glyphs[ai], glyphs[bi]);
                }
            }
        }

        var lines = new List<TextLineCandidate>();
        foreach (List<int> members in glyphs.GroupBy(g => Find(parent, g)).Select(g => g.ToList()))
        {
            if (members.Count < MinLetters || !Aligned(cores, members))
            {
                continue;
            }

            int level = cores[members[0]].Level;
            if (level == 0)
            {
                // Black cores on texture are dark speckle, or the shadow or outline of text drawn in another level,
                // which that level's line or the top-hat finder holds. A line read from the shadow, offset by it,
                // displaced the text's own line (extratuning file 39: a shadowed date left partly readable under NO).
                continue;
            }

            int x0 = members.Min(m => cores[m].X0), x1 = members.Max(m => cores[m].X1);
            int y0 = members.Min(m => cores[m].Y0), y1 = members.Max(m => cores[m].Y1);
            int textHeight = y1 - y0 + 1;

            // Punctuation and small glyph pieces of the same level on the line's rows (":" "-" "."): part of it.
            var memberSet = new HashSet<int>(members);
            for (int y = Math.Max(0, y0); y <= y1; y++)
            {
                for (int x = Math.Max(0, x0 - textHeight); x <= Math.Min(w - 1, x1 + textHeight); x++)
                {
                    int l = label[(y * w) + x] - 1;
                    if (l >= 0 && !memberSet.Contains(l) && cores[l].Level == level && cores[l].Y0 >= y0 && cores[l].Y1 <= y1 && cores[l].Width <= textHeight && cores[l].Count >= 2)
                    {
                        memberSet.Add(l);
                        x0 = Math.Min(x0, cores[l].X0);
                        x1 = Math.Max(x1, cores[l].X1);
                    }
                }
            }

            var box = new PixelRect(x0, y0, x1 - x0 + 1, textHeight);
            if (existing.Any(c => !c.NoisyBackground && Contains(RectangleMath.Pad(c.Box, 1), box)))
            {
                continue;
            }

            int margin = Math.Max(3, textHeight / 3);
            PixelRect crop = new PixelRect(x0 - margin, y0 - margin, box.Width + (2 * margin), box.Height + (2 * margin)).ClipTo(w, h);
            (int ring, bool textured) = Surround(px, label, memberSet, w, crop);
            if (!textured)
            {
                continue; // a quiet panel: the top-hat finder's ground
            }

            byte[] ink = new byte[crop.Width * crop.Height];
            for (int y = crop.Y; y < crop.Bottom; y++)
            {
                for (int x = crop.X; x < crop.Right; x++)
                {
                    int l = label[(y * w) + x] - 1;
                    ink[((y - crop.Y) * crop.Width) + (x - crop.X)] = l >= 0 && memberSet.Contains(l) ? (byte)0 : (byte)255;
                }
            }

            int letters = members.Sum(m => Math.Max(1, cores[m].Width / Math.Max(1, textHeight)));
            lines.Add(new TextLineCandidate(box, textHeight, level >= ring, letters, Math.Abs(level - ring), noisyBackground: true, crop, ink) { FlatInk = ink, InkLevel = level, Plateau = 1 });
        }

        return lines;
    }

    private static bool Contains(PixelRect outer, PixelRect inner) =>
        outer.X <= inner.X && outer.Y <= inner.Y && outer.Right >= inner.Right && outer.Bottom >= inner.Bottom;

    /// <summary>Median level of the crop's pixels off the line's cores, and whether they vary like speckle (standard deviation above 12).</summary>
    private static (int Ring, bool Textured) Surround(byte[] px, int[] label, HashSet<int> members, int w, PixelRect crop)
    {
        int[] histogram = new int[256];
        long n = 0, sum = 0, sum2 = 0;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                if (label[p] != 0 && members.Contains(label[p] - 1))
                {
                    continue;
                }

                histogram[px[p]]++;
                n++;
                sum += px[p];
                sum2 += px[p] * px[p];
            }
        }

        if (n < 16)
        {
            return (128, false);
        }

        int ring = 0;
        for (long seen = 0; ring < 255; ring++)
        {
            seen += histogram[ring];
            if (seen * 2 >= n)
            {
                break;
            }
        }

        double mean = (double)sum / n;
        return (ring, ((double)sum2 / n) - (mean * mean) > 12 * 12);
    }

    /// <summary>Most members start or end on the line's median top or bottom (within an eighth of the height).</summary>
    private static bool Aligned(List<Core> cores, List<int> members)
    {
        int height = members.Max(m => cores[m].Height), tolerance = Math.Max(1, height / 8);
        int bottom = members.Select(m => cores[m].Y1).OrderBy(v => v).ElementAt(members.Count / 2);
        int top = members.Select(m => cores[m].Y0).OrderBy(v => v).ElementAt(members.Count / 2);
        int onBaseline = members.Count(m => Math.Abs(cores[m].Y1 - bottom) <= tolerance);
        int onCapLine = members.Count(m => Math.Abs(cores[m].Y0 - top) <= tolerance);
        int needed = Math.Max(MinLetters - 1, members.Count * 6 / 10);
        return onBaseline >= needed || onCapLine >= needed;
    }

    /// <summary>8-connected components of one exact level, with their sharp-edge counts.</summary>
    private static List<Core> Label(byte[] px, int w, int h, int[] label)
    {
        var cores = new List<Core>();
        int[] stack = new int[px.Length];
        for (int start = 0; start < px.Length; start++)
        {
            if (label[start] != 0)
            {
                continue;
            }

            byte level = px[start];
            int id = cores.Count + 1, top = 0;
            var c = new Core { Level = level, X0 = int.MaxValue, Y0 = int.MaxValue, X1 = -1, Y1 = -1 };
            label[start] = id;
            stack[top++] = start;
            while (top > 0)
            {
                int p = stack[--top];
                int x = p % w, y = p / w;
                c.Count++;
                c.X0 = Math.Min(c.X0, x);
                c.X1 = Math.Max(c.X1, x);
                c.Y0 = Math.Min(c.Y0, y);
                c.Y1 = Math.Max(c.Y1, y);
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h)
                        {
                            continue;
                        }

                        int q = (ny * w) + nx;
                        if (px[q] == level)
                        {
                            if (label[q] == 0)
                            {
                                label[q] = id;
                                stack[top++] = q;
                            }
                        }
                        else if (dx == 0 || dy == 0)
                        {
                            c.Boundary++;
                            c.Sharp += Math.Abs(px[q] - level) >= EdgeStep ? 1 : 0;
                        }
                    }
                }
            }

            cores.Add(c);
        }

        return cores;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }

    /// <summary>Connected pixels of one exact grey level.</summary>
    private sealed class Core
    {
        public int Level { get; set; }

        public int X0 { get; set; }

        public int Y0 { get; set; }

        public int X1 { get; set; }

        public int Y1 { get; set; }

        public int Count { get; set; }

        /// <summary>Outside 4-neighbours (pixel sides on the core's edge).</summary>
        public int Boundary { get; set; }

        /// <summary>Of those, the ones at least <see cref="EdgeStep"/> levels away.</summary>
        public int Sharp { get; set; }

        public int Width => X1 - X0 + 1;

        public int Height => Y1 - Y0 + 1;

        /// <summary>A glyph's core: character-sized, thin strokes, not a filled block, and mostly sharp-edged.</summary>
        public bool IsGlyph =>
            Count >= MinPixels && Height >= TextCandidateFinder.MinCharHeight && Height <= TextCandidateFinder.MaxCharHeight
            && Width <= (2 * Height) + 2 && (double)Count / ((long)Width * Height) <= 0.75
            && 2.0 * Count / Math.Max(1, Boundary) <= (0.3 * Height) + 1.5
            && Sharp >= Boundary * MinSharpShare;
    }
}
