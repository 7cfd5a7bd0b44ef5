// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Finds where text may be, before any OCR: strokes that stand out from their neighbourhood (morphological
/// top-hat, both polarities), grouped into connected components of character size and stroke width, chained
/// into lines of similar height and one ink level on a shared band. Speckle and anatomy make blobs that are too
/// thick for their size, vary in brightness from one to the next and rarely line up, so few of them become
/// candidates; OCR then has to vouch for what remains (see <see cref="TesseractTextFinder"/>).
/// </summary>
internal static class TextCandidateFinder
{
    /// <summary>Side of the top-hat window (pixels): wider than any stroke of 9-32 px text, narrower than anatomy.</summary>
    public const int Window = 15;

    /// <summary>Least local contrast (grey levels) that counts as ink.</summary>
    public const int MinContrast = 48;

    public const int MinCharHeight = 5;
    public const int MaxCharHeight = 64;

    /// <summary>Most ink-level difference (grey levels) between characters of one line: overlay text has one colour.</summary>
    public const int MaxInkDifference = 40;

    /// <summary>Share of a line's background with strokes of its own that makes it textured (speckle, anatomy).</summary>
    public const double TexturedShare = 0.05;

    /// <summary>Widest component (in letter heights) taken for touching letters of one word.</summary>
    public const int MaxWordAspect = 24;

    /// <summary>Letters a line of one component (touching letters) must span.</summary>
    public const int MinMergedLetters = 3;

    /// <summary>Grey levels below (bright ink) or above (dark ink) the line's ink level still read as its flat colour.</summary>
    public const int FlatInkTolerance = 40;

    /// <summary>Every candidate line, bright ink first.</summary>
    public static List<TextLineCandidate> Find(GrayImage image)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        var bright = new List<TextLineCandidate>();
        var dark = new List<TextLineCandidate>();
        Find(image, bright: true, TopHat(image.Pixels, image.Width, image.Height, bright: true), bright);

        // Dark text needs a light background. A frame with a large light area (radiograph, document) gets the
        // whole black top-hat.
        double lightShare = LightShare(image.Pixels);
        if (lightShare >= 0.05)
        {
            Find(image, bright: false, TopHat(image.Pixels, image.Width, image.Height, bright: false), dark);
        }

        // A light panel too small for that share (a patient banner across the top of an ultrasound screen, a light
        // label box) still carries dark text: the black top-hat on light, flat panels only, so that the dark holes
        // of a sector's speckle neither become text nor raise the threshold above the panel text's contrast.
        if (lightShare > 0)
        {
            var onPanels = new List<TextLineCandidate>();
            Find(image, bright: false, DarkOnLightPanel.Contrast(image.Pixels, image.Width, image.Height), onPanels);
            // A line the frame-wide pass already holds whole is not read twice; one it found only in pieces (thin
            // strokes broken by noise) is kept whole here as well.
            dark.AddRange(onPanels.Where(p => !dark.Any(d => Contains(RectangleMath.Pad(d.Box, 1), p.Box))));
        }

        var lines = new List<TextLineCandidate>(bright.Count + dark.Count);
        lines.AddRange(bright);
        lines.AddRange(dark);

        // Text on a bright band or across a specular line has no top-hat contrast where the band is as bright as
        // its ink; its glyphs are still flat-coloured, which the speckle is not.
        lines.AddRange(FlatColourLines.Find(image, lines));
        return lines;
    }

    private static bool Contains(PixelRect outer, PixelRect inner) =>
        outer.X <= inner.X && outer.Y <= inner.Y && outer.Right >= inner.Right && outer.Bottom >= inner.Bottom;

    private static double LightShare(byte[] pixels)
    {
        int light = 0;
        foreach (byte v in pixels)
        {
            light += v >= 160 ? 1 : 0;
        }

        return (double)light / Math.Max(1, pixels.Length);
    }

    /// <summary>White (bright) or black top-hat: how much each pixel stands out from a <see cref="Window"/>-wide neighbourhood.</summary>
    internal static byte[] TopHat(byte[] pixels, int width, int height, bool bright)
    {
        int r = Window / 2;
        byte[] a = new byte[pixels.Length];
        byte[] b = new byte[pixels.Length];
        byte[] g = new byte[(height + (2 * r)) * width];
        byte[] h = new byte[g.Length];

        // Opening (bright) = dilate(erode(I)); closing (dark) = erode(dilate(I)); square filters are separable.
        Rows(pixels, a, width, height, r, max: !bright, g, h);
        Columns(a, b, width, height, r, max: !bright, g, h);
        Rows(b, a, width, height, r, max: bright, g, h);
        Columns(a, b, width, height, r, max: bright, g, h);
        unchecked
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                int d = bright ? pixels[i] - b[i] : b[i] - pixels[i];
                b[i] = (byte)(d < 0 ? 0 : d);
            }
        }

        return b;
    }

    private static void Find(GrayImage image, bool bright, byte[] contrast, List<TextLineCandidate> lines)
    {
        int w = image.Width, h = image.Height;
        byte[] px = image.Pixels;
        int threshold = Threshold(contrast);
        int[] label = new int[w * h];
        List<Component> comps = Label(contrast, px, w, h, threshold, bright, label);
        SplitFusedLetters(contrast, px, w, bright, label, comps, threshold);

        // Thin-stroked components start lines; blocky ones (bold small letters, "M", "W") may only join them. A
        // piece of a specular reflector (one thin stroke along a smooth track) is neither, and joins nothing.
        var chars = new List<int>();
        for (int i = 0; i < comps.Count; i++)
        {
            Component c = comps[i];
            if (c.IsCharacter || c.IsBlockyCharacter)
            {
                c.Specular = SpecularLineFilter.IsThinTrack(label, new HashSet<int> { i }, w, c.X0, c.Y0, c.X1, c.Y1);
                if (!c.Specular)
                {
                    chars.Add(i);
                }
            }
        }

        chars.Sort((x, y) => comps[x].X0.CompareTo(comps[y].X0));
        int[] parent = new int[comps.Count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        for (int ai = 0; ai < chars.Count; ai++)
        {
            Component a = comps[chars[ai]];
            for (int bi = ai + 1; bi < chars.Count; bi++)
            {
                Component b = comps[chars[bi]];
                int hmax = Math.Max(a.Height, b.Height);
                if (b.X0 > a.X1 + 1 + (hmax * 6 / 5))
                {
                    if (b.X0 > a.X1 + 1 + (MaxCharHeight * 6 / 5))
                    {
                        break;
                    }

                    continue;
                }

                if (Compatible(a, b))
                {
                    Union(parent, chars[ai], chars[bi]);
                }
            }
        }

        var groups = new Dictionary<int, List<int>>();
        foreach (int c in chars)
        {
            int root = Find(parent, c);
            if (!groups.TryGetValue(root, out List<int>? list))
            {
                list = new List<int>();
                groups[root] = list;
            }

            list.Add(c);
        }

        foreach (List<int> members in groups.Values.SelectMany(g => Aligned(comps, g) ? new List<List<int>> { g } : SplitByBaseline(comps, g)))
        {
            // Touching letters (bold, italic, small or monospace text) make one wide component: it counts as the
            // letters it spans, so one word of merged letters is a line, and a word of merged bold letters may start one.
            int letters = members.Sum(m => comps[m].Letters);
            if (letters < 2 || (members.Count < 2 && letters < MinMergedLetters) || !members.Any(m => comps[m].IsCharacter || comps[m].Letters >= MinMergedLetters) || !Aligned(comps, members))
            {
                continue;
            }

            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1, textHeight = 0, maxContrast = 0, inkSum = 0;
            foreach (int m in members)
            {
                Component c = comps[m];
                x0 = Math.Min(x0, c.X0);
                y0 = Math.Min(y0, c.Y0);
                x1 = Math.Max(x1, c.X1);
                y1 = Math.Max(y1, c.Y1);
                textHeight = Math.Max(textHeight, c.Height);
                maxContrast = Math.Max(maxContrast, c.MaxContrast);
                inkSum += c.Ink;
            }

            // Pieces of one reflector that chain up (each too short to be judged alone) still lie on its track.
            var memberSet = new HashSet<int>(members);
            if (members.Count > 1 && SpecularLineFilter.IsThinTrack(label, memberSet, w, x0, y0, x1, y1))
            {
                continue;
            }

            int ink = inkSum / members.Count;
            int inkMedian = members.Select(m => comps[m].Ink).OrderBy(v => v).ElementAt(members.Count / 2);

            int m0 = Math.Max(3, textHeight / 3);
            PixelRect charCrop = new PixelRect(x0 - m0, y0 - m0, x1 - x0 + 1 + (2 * m0), y1 - y0 + 1 + (2 * m0)).ClipTo(w, h);
            bool noisy = NoisyBackground(px, contrast, w, charCrop, threshold) || Textured(contrast, label, memberSet, w, charCrop, threshold);

            // Punctuation, underscores, dots and letters the chaining left out, of one ink on the line's band, belong
            // to it. On a quiet panel the band then grows along the line, letter by letter, until nothing more joins
            // or the next letter sits on speckle. On speckle only letter-like components next to the line join
            // (anything else there would be speckle), and the line does not grow further.
            int by0 = y0 - (textHeight / 2), by1 = y1 + (textHeight / 2);
            for (bool grew = true, first = true; grew; first = false)
            {
                grew = false;
                int bx0 = x0 - textHeight, bx1 = x1 + textHeight, lineWidth = x1 - x0 + 1;
                for (int i = 0; i < comps.Count; i++)
                {
                    Component c = comps[i];
                    if (c.Split || c.Specular || memberSet.Contains(i) || c.X0 > bx1 || c.X1 < bx0 || c.Y0 < by0 || c.Y1 > by1 || Math.Abs(c.Ink - ink) > MaxInkDifference)
                    {
                        continue;
                    }

                    bool letter = (c.IsCharacter || c.IsBlockyCharacter) && c.Height * 2 >= textHeight && c.Height <= textHeight;
                    bool fits = first && !noisy && c.Height <= textHeight * 3 / 2 && c.Width <= lineWidth + (2 * textHeight);
                    bool textured = fits && TexturedAround(contrast, label, memberSet, i, w, ComponentCrop(c, textHeight, w, h), threshold);
                    bool joins = noisy ? first && letter
                        : first ? fits && !textured
                        : letter && !Textured(contrast, label, new HashSet<int> { i }, w, ComponentCrop(c, textHeight, w, h), threshold);
                    if (textured)
                    {
                        // A last letter that touches the speckle of a sector's edge: only its ink-level pixels on the
                        // line's own rows, next to its end, widen the line (never its height).
                        (x0, x1) = BandInkExtent(px, label, i, c, w, x0, x1, y0, y1, ink, textHeight);
                    }

                    if (joins)
                    {
                        memberSet.Add(i);
                        grew |= c.X0 < x0 || c.X1 > x1;
                        x0 = Math.Min(x0, c.X0);
                        y0 = Math.Min(y0, c.Y0);
                        x1 = Math.Max(x1, c.X1);
                        y1 = Math.Max(y1, c.Y1);
                    }
                }
            }

            var box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            int margin = Math.Max(3, textHeight / 3);
            PixelRect crop = new PixelRect(x0 - margin, y0 - margin, box.Width + (2 * margin), box.Height + (2 * margin)).ClipTo(w, h);
            byte[] inkCrop = InkCrop(contrast, label, memberSet, w, crop, Math.Max(threshold, maxContrast * 7 / 10));
            // The gaps between the strokes of light text look like dark text (and the reverse), but their "ink" is
            // the colour of the background around the line: real ink differs from it.
            if (Math.Abs(RingLevel(px, w, crop, box) - ink) < MaxInkDifference)
            {
                continue;
            }

            double plateau = Plateau(px, label, memberSet, w, crop, ink, bright);

            // On speckle the strokes' components carry the speckle they touch; overlay text is one flat colour, so
            // the pixels at the line's own ink level are the letters without it (a second reading for OCR).
            byte[]? flatInk = null;
            if (noisy)
            {
                flatInk = FlatInkCrop(px, label, memberSet, w, crop, inkMedian, bright, out PixelRect flatBox);

                // The box of the flat-coloured strokes leaves out the speckle their components took along; when it
                // holds most of the line it is the line's box.
                if (flatBox.Width * 2 >= box.Width && flatBox.Height >= MinCharHeight)
                {
                    box = flatBox;
                    textHeight = Math.Min(textHeight, flatBox.Height);
                }
            }

            lines.Add(new TextLineCandidate(box, textHeight, bright, letters, maxContrast, noisy, crop, inkCrop) { Plateau = plateau, FlatInk = flatInk, InkLevel = ink });
        }
    }

    /// <summary>
    /// Characters share a baseline or a cap line: most of them end (or start) within an eighth of the letter
    /// height of the line's median. Speckle blobs that happen to chain up rarely do.
    /// </summary>
    private static bool Aligned(List<Component> comps, List<int> members)
    {
        if (members.Count == 1)
        {
            return true; // one word of touching letters
        }

        var bottoms = new List<int>(members.Count);
        var tops = new List<int>(members.Count);
        int height = 0;
        foreach (int m in members)
        {
            bottoms.Add(comps[m].Y1);
            tops.Add(comps[m].Y0);
            height = Math.Max(height, comps[m].Height);
        }

        bottoms.Sort();
        tops.Sort();
        int bottom = bottoms[bottoms.Count / 2], top = tops[tops.Count / 2], tolerance = Math.Max(1, height / 8);
        int onBaseline = 0, onCapLine = 0;
        foreach (int m in members)
        {
            onBaseline += Math.Abs(comps[m].Y1 - bottom) <= tolerance ? 1 : 0;
            onCapLine += Math.Abs(comps[m].Y0 - top) <= tolerance ? 1 : 0;
        }

        int needed = Math.Max(2, (members.Count * 6) / 10);
        return onBaseline >= needed || onCapLine >= needed;
    }

    /// <summary>
    /// Two lines side by side on nearby bands (left and right corner overlays) chain into one group that shares no
    /// baseline: split it where the bottoms of its components jump by more than an eighth of the letter height.
    /// </summary>
    private static List<List<int>> SplitByBaseline(List<Component> comps, List<int> members)
    {
        var parts = new List<List<int>>();
        if (members.Count < 4)
        {
            return parts;
        }

        int height = members.Max(m => comps[m].Height), tolerance = Math.Max(1, height / 8);
        var sorted = members.OrderBy(m => comps[m].Y1).ToList();
        var part = new List<int> { sorted[0] };
        for (int i = 1; i < sorted.Count; i++)
        {
            if (comps[sorted[i]].Y1 - comps[sorted[i - 1]].Y1 > tolerance)
            {
                parts.Add(part);
                part = new List<int>();
            }

            part.Add(sorted[i]);
        }

        parts.Add(part);
        parts.RemoveAll(p => p.Count < 2 || !Aligned(comps, p));
        foreach (List<int> p in parts)
        {
            p.Sort((x, y) => comps[x].X0.CompareTo(comps[y].X0));
        }

        return parts;
    }

    private static bool Compatible(Component a, Component b)
    {
        int hmin = Math.Min(a.Height, b.Height), hmax = Math.Max(a.Height, b.Height);
        if (hmin * 2 < hmax)
        {
            return false;
        }

        int overlap = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0) + 1;
        return overlap * 2 >= hmin && Math.Abs(a.Ink - b.Ink) <= MaxInkDifference;
    }

    /// <summary>Noise level of the image's contrast (text covers a few percent of a medical image) plus a margin, at least <see cref="MinContrast"/>.</summary>
    private static int Threshold(byte[] contrast)
    {
        int[] histogram = new int[256];
        foreach (byte v in contrast)
        {
            histogram[v]++;
        }

        long target = contrast.Length * 95L / 100, seen = 0;
        int q = 0;
        for (; q < 255; q++)
        {
            seen += histogram[q];
            if (seen >= target)
            {
                break;
            }
        }

        return Math.Min(160, Math.Max(MinContrast, q + 16));
    }

    /// <summary>
    /// Small bold letters on a dark panel touch through their anti-aliased edges, which stand out by more than the
    /// frame's threshold: a word becomes one dense block that is neither a letter nor letters. Such a block is
    /// labelled again at six tenths of its own highest contrast; when that gives letters, they replace it.
    /// </summary>
    private static void SplitFusedLetters(byte[] contrast, byte[] px, int w, bool bright, int[] label, List<Component> comps, int threshold)
    {
        int original = comps.Count;
        for (int i = 0; i < original; i++)
        {
            Component c = comps[i];
            int strong = c.MaxContrast * 6 / 10;
            if (c.IsCharacter || c.IsBlockyCharacter || c.Height < MinCharHeight || c.Height > MaxCharHeight || c.Width < c.Height * 2
                || c.Width > (MaxWordAspect * c.Height) + 4 || strong <= threshold)
            {
                continue;
            }

            int first = comps.Count;
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = (y * w) + x;
                    if (label[p] == i + 1 && contrast[p] >= strong)
                    {
                        comps.Add(Fill(contrast, px, w, c, bright, label, p, i + 1, comps.Count + 1, strong));
                    }
                }
            }

            int letters = 0, parts = comps.Count - first;
            for (int k = first; k < comps.Count; k++)
            {
                letters += comps[k].IsCharacter || comps[k].IsBlockyCharacter ? 1 : 0;
            }

            if (parts >= 2 && letters * 2 >= parts)
            {
                // The weak pixels between the letters belong to none of them.
                c.Split = true;
                for (int y = c.Y0; y <= c.Y1; y++)
                {
                    for (int x = c.X0; x <= c.X1; x++)
                    {
                        int p = (y * w) + x;
                        label[p] = label[p] == i + 1 ? 0 : label[p];
                    }
                }

                continue;
            }

            // No letters in it: it stays one component.
            for (int y = c.Y0; y <= c.Y1; y++)
            {
                for (int x = c.X0; x <= c.X1; x++)
                {
                    int p = (y * w) + x;
                    label[p] = label[p] > first ? i + 1 : label[p];
                }
            }

            comps.RemoveRange(first, parts);
        }
    }

    /// <summary>Flood-fills (8-connected) the pixels of component <paramref name="from"/> inside <paramref name="within"/>'s box at or above <paramref name="threshold"/>, relabelling them <paramref name="id"/>.</summary>
    private static Component Fill(byte[] contrast, byte[] px, int w, Component within, bool bright, int[] label, int start, int from, int id, int threshold)
    {
        var c = Component.Empty(bright);
        var stack = new Stack<int>();
        label[start] = id;
        stack.Push(start);
        while (stack.Count > 0)
        {
            int p = stack.Pop();
            int x = p % w, y = p / w;
            c.Take(x, y, contrast[p], px[p], bright);
            bool boundary = false;
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if ((dx == 0 && dy == 0) || nx < within.X0 || ny < within.Y0 || nx > within.X1 || ny > within.Y1)
                    {
                        boundary |= (dx == 0 || dy == 0) && !(dx == 0 && dy == 0);
                        continue;
                    }

                    int q = (ny * w) + nx;
                    if (label[q] == from && contrast[q] >= threshold)
                    {
                        label[q] = id;
                        stack.Push(q);
                    }
                    else if ((dx == 0 || dy == 0) && label[q] != id)
                    {
                        boundary = true;
                    }
                }
            }

            c.Boundary += boundary ? 1 : 0;
        }

        return c;
    }

    private static List<Component> Label(byte[] contrast, byte[] px, int w, int h, int threshold, bool bright, int[] label)
    {
        var comps = new List<Component>();
        int[] stack = new int[contrast.Length];
        int top = 0;
        for (int start = 0; start < contrast.Length; start++)
        {
            if (contrast[start] < threshold || label[start] != 0)
            {
                continue;
            }

            int id = comps.Count + 1;
            var c = Component.Empty(bright);
            label[start] = id;
            stack[top++] = start;
            while (top > 0)
            {
                int p = stack[--top];
                int x = p % w, y = p / w;
                c.Take(x, y, contrast[p], px[p], bright);
                bool boundary = false;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h)
                        {
                            boundary |= (dx == 0 || dy == 0) && !(dx == 0 && dy == 0);
                            continue;
                        }

                        int q = (ny * w) + nx;
                        if (contrast[q] >= threshold)
                        {
                            if (label[q] == 0)
                            {
                                label[q] = id;
                                stack[top++] = q;
                            }
                        }
                        else if (dx == 0 || dy == 0)
                        {
                            boundary = true;
                        }
                    }
                }

                if (boundary)
                {
                    c.Boundary++;
                }
            }

            comps.Add(c);
        }

        return comps;
    }

    /// <summary>The line's own components (and a one-pixel halo) as dark-on-white ink; everything else in the crop white.</summary>
    private static byte[] InkCrop(byte[] contrast, int[] label, HashSet<int> members, int w, PixelRect crop, int full)
    {
        byte[] ink = new byte[crop.Width * crop.Height];
        for (int i = 0; i < ink.Length; i++)
        {
            ink[i] = 255;
        }

        int h = contrast.Length / w;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                if (label[p] == 0 || !members.Contains(label[p] - 1))
                {
                    continue;
                }

                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        if (nx < crop.X || ny < crop.Y || nx >= crop.Right || ny >= crop.Bottom || ny >= h)
                        {
                            continue;
                        }

                        int q = (ny * w) + nx;
                        int v = 255 - Math.Min(255, contrast[q] * 255 / full);
                        int o = ((ny - crop.Y) * crop.Width) + (nx - crop.X);
                        if (v < ink[o])
                        {
                            ink[o] = (byte)v;
                        }
                    }
                }
            }
        }

        return ink;
    }

    /// <summary>The line's own component pixels within <see cref="FlatInkTolerance"/> of its ink level, as black on white.</summary>
    private static byte[] FlatInkCrop(byte[] px, int[] label, HashSet<int> members, int w, PixelRect crop, int ink, bool bright, out PixelRect box)
    {
        byte[] flat = new byte[crop.Width * crop.Height];
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                bool at = label[p] != 0 && members.Contains(label[p] - 1) && (bright ? px[p] >= ink - FlatInkTolerance : px[p] <= ink + FlatInkTolerance);
                flat[((y - crop.Y) * crop.Width) + (x - crop.X)] = at ? (byte)0 : (byte)255;
                if (at)
                {
                    x0 = Math.Min(x0, x);
                    y0 = Math.Min(y0, y);
                    x1 = Math.Max(x1, x);
                    y1 = Math.Max(y1, y);
                }
            }
        }

        if (x1 < 0)
        {
            box = default;
            return flat;
        }

        // Rows: the band around the fullest row where the rows hold at least a sixth of its count (speckle at the
        // ink's level sticks out above or below the letters in a few thin rows).
        int[] rows = new int[crop.Height];
        int best = 0;
        for (int y = 0; y < crop.Height; y++)
        {
            for (int x = 0; x < crop.Width; x++)
            {
                rows[y] += flat[(y * crop.Width) + x] == 0 ? 1 : 0;
            }

            best = rows[y] > rows[best] ? y : best;
        }

        int top = best, bottom = best;
        while (top > 0 && rows[top - 1] * 6 >= rows[best])
        {
            top--;
        }

        while (bottom < crop.Height - 1 && rows[bottom + 1] * 6 >= rows[best])
        {
            bottom++;
        }

        box = new PixelRect(x0, crop.Y + top, x1 - x0 + 1, bottom - top + 1);
        return flat;
    }

    /// <summary>Median grey level of the crop's margin around the line's box (the background the line sits on).</summary>
    private static int RingLevel(byte[] px, int w, PixelRect crop, PixelRect box)
    {
        int[] histogram = new int[256];
        int n = 0;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                if (x < box.X || x >= box.Right || y < box.Y || y >= box.Bottom)
                {
                    histogram[px[(y * w) + x]]++;
                    n++;
                }
            }
        }

        int seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (seen * 2 >= n && n > 0)
            {
                return v;
            }
        }

        return 128;
    }

    /// <summary>Share of the line's ink pixels within 12 grey levels of its ink colour: overlay text is drawn in one flat colour, speckle peaks and falls.</summary>
    private static double Plateau(byte[] px, int[] label, HashSet<int> members, int w, PixelRect crop, int ink, bool bright)
    {
        int n = 0, flat = 0;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                if (label[p] != 0 && members.Contains(label[p] - 1))
                {
                    n++;
                    flat += Math.Abs(px[p] - ink) <= 12 ? 1 : 0;
                }
            }
        }

        return n == 0 ? 0 : (double)flat / n;
    }

    /// <summary>Whether the non-ink pixels around a line vary like speckle (standard deviation above 12 grey levels).</summary>
    private static bool NoisyBackground(byte[] px, byte[] contrast, int w, PixelRect crop, int threshold)
    {
        long n = 0, sum = 0, sum2 = 0;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                if (contrast[p] * 3 < threshold)
                {
                    n++;
                    sum += px[p];
                    sum2 += px[p] * px[p];
                }
            }
        }

        if (n < 16)
        {
            return true;
        }

        double mean = (double)sum / n;
        double variance = ((double)sum2 / n) - (mean * mean);
        return variance > 12 * 12;
    }

    private static PixelRect ComponentCrop(Component c, int textHeight, int w, int h)
    {
        int m = Math.Max(3, textHeight / 3);
        return new PixelRect(c.X0 - m, c.Y0 - m, c.Width + (2 * m), c.Height + (2 * m)).ClipTo(w, h);
    }

    /// <summary>
    /// The line's columns widened by component <paramref name="index"/>'s pixels at the line's flat ink level (within
    /// 12 grey levels) on rows <paramref name="y0"/>..<paramref name="y1"/>, walking out from each end while the gaps
    /// stay under a quarter letter height: a letter fused with speckle continues the line, speckle beyond it does not.
    /// </summary>
    private static (int X0, int X1) BandInkExtent(byte[] px, int[] label, int index, Component c, int w, int x0, int x1, int y0, int y1, int ink, int textHeight)
    {
        bool[] column = new bool[c.Width];
        for (int y = Math.Max(y0, c.Y0); y <= Math.Min(y1, c.Y1); y++)
        {
            for (int x = c.X0; x <= c.X1; x++)
            {
                int p = (y * w) + x;
                column[x - c.X0] |= label[p] == index + 1 && Math.Abs(px[p] - ink) <= 12;
            }
        }

        int maxGap = Math.Max(2, textHeight / 4), reach = textHeight * 3 / 2;
        int right = x1;
        for (int x = x1 + 1, gap = 0; x <= c.X1 && x - x1 <= reach && gap <= maxGap; x++)
        {
            bool at = x >= c.X0 && column[x - c.X0];
            right = at ? x : right;
            gap = at ? 0 : gap + 1;
        }

        int left = x0;
        for (int x = x0 - 1, gap = 0; x >= c.X0 && x0 - x <= reach && gap <= maxGap; x--)
        {
            bool at = x <= c.X1 && column[x - c.X0];
            left = at ? x : left;
            gap = at ? 0 : gap + 1;
        }

        return (left, right);
    }

    /// <summary>
    /// Whether component <paramref name="candidate"/> sits on texture: a quiet line next to the speckle of an
    /// ultrasound sector must not take in the speckle blobs at its ends (punctuation on the panel sits on flat
    /// background). The line's own strokes count as ink, so their anti-aliased edges are not taken for texture.
    /// </summary>
    private static bool TexturedAround(byte[] contrast, int[] label, HashSet<int> members, int candidate, int w, PixelRect crop, int threshold)
    {
        members.Add(candidate);
        try
        {
            // Too little background to judge (a colon squeezed between letters) is not texture here.
            (int n, int raised) = Texture(contrast, label, members, w, crop, threshold);
            return n >= 16 && raised >= n * TexturedShare;
        }
        finally
        {
            members.Remove(candidate);
        }
    }

    /// <summary>
    /// Whether the background away from the line's strokes (two pixels from them and further) has a texture of
    /// its own: at least <see cref="TexturedShare"/> of it stands out by a third of the threshold without being
    /// ink. Speckle does; a flat panel, even a dark one whose grey levels hardly vary, does not, nor does the
    /// other text on it.
    /// </summary>
    private static bool Textured(byte[] contrast, int[] label, HashSet<int> members, int w, PixelRect crop, int threshold)
    {
        (int n, int raised) = Texture(contrast, label, members, w, crop, threshold);
        return n < 16 || raised >= n * TexturedShare;
    }

    /// <summary>Background pixels of the crop (two pixels from the members' strokes and further), and how many of them stand out by a third of the threshold without being ink.</summary>
    private static (int Background, int Raised) Texture(byte[] contrast, int[] label, HashSet<int> members, int w, PixelRect crop, int threshold)
    {
        bool[] near = new bool[crop.Width * crop.Height];
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                int p = (y * w) + x;
                if (label[p] == 0 || !members.Contains(label[p] - 1))
                {
                    continue;
                }

                for (int ny = Math.Max(crop.Y, y - 2); ny <= Math.Min(crop.Bottom - 1, y + 2); ny++)
                {
                    for (int nx = Math.Max(crop.X, x - 2); nx <= Math.Min(crop.Right - 1, x + 2); nx++)
                    {
                        near[((ny - crop.Y) * crop.Width) + (nx - crop.X)] = true;
                    }
                }
            }
        }

        int n = 0, raised = 0;
        for (int y = crop.Y; y < crop.Bottom; y++)
        {
            for (int x = crop.X; x < crop.Right; x++)
            {
                if (!near[((y - crop.Y) * crop.Width) + (x - crop.X)])
                {
                    n++;
                    int c = contrast[(y * w) + x];
                    raised += c * 3 >= threshold && c < threshold ? 1 : 0;
                }
            }
        }

        return (n, raised);
    }

    /// <summary>Horizontal running min or max over 2r+1 pixels (van Herk / Gil-Werman: three comparisons per pixel).</summary>
    internal static void Rows(byte[] src, byte[] dst, int width, int height, int r, bool max, byte[] g, byte[] h)
    {
        int k = (2 * r) + 1, m = width + (2 * r);
        byte neutral = max ? (byte)0 : (byte)255;
        unchecked
        {
            for (int y = 0; y < height; y++)
            {
                int start = y * width;
                for (int j = 0, phase = 0; j < m; j++, phase = phase == k - 1 ? 0 : phase + 1)
                {
                    int i = j - r;
                    byte v = i >= 0 && i < width ? src[start + i] : neutral;
                    g[j] = phase == 0 ? v : Pick(g[j - 1], v, max);
                }

                for (int j = m - 1, phase = (m - 1) % k; j >= 0; j--, phase = phase == 0 ? k - 1 : phase - 1)
                {
                    int i = j - r;
                    byte v = i >= 0 && i < width ? src[start + i] : neutral;
                    h[j] = j == m - 1 || phase == k - 1 ? v : Pick(h[j + 1], v, max);
                }

                for (int i = 0; i < width; i++)
                {
                    dst[start + i] = Pick(h[i], g[i + (2 * r)], max);
                }
            }
        }
    }

    /// <summary>Vertical running min or max, a whole row at a time (the buffers hold height + 2r rows) so memory is read in order.</summary>
    internal static void Columns(byte[] src, byte[] dst, int width, int height, int r, bool max, byte[] g, byte[] h)
    {
        int k = (2 * r) + 1, m = height + (2 * r);
        byte neutral = max ? (byte)0 : (byte)255;
        unchecked
        {
            for (int j = 0, phase = 0; j < m; j++, phase = phase == k - 1 ? 0 : phase + 1)
            {
                int y = j - r, row = j * width, prev = row - width;
                bool inside = y >= 0 && y < height;
                for (int x = 0; x < width; x++)
                {
                    byte v = inside ? src[(y * width) + x] : neutral;
                    g[row + x] = phase == 0 ? v : Pick(g[prev + x], v, max);
                }
            }

            for (int j = m - 1, phase = (m - 1) % k; j >= 0; j--, phase = phase == 0 ? k - 1 : phase - 1)
            {
                int y = j - r, row = j * width, next = row + width;
                bool inside = y >= 0 && y < height;
                bool restart = j == m - 1 || phase == k - 1;
                for (int x = 0; x < width; x++)
                {
                    byte v = inside ? src[(y * width) + x] : neutral;
                    h[row + x] = restart ? v : Pick(h[next + x], v, max);
                }
            }

            for (int y = 0; y < height; y++)
            {
                int top = y * width, bottom = (y + (2 * r)) * width;
                for (int x = 0; x < width; x++)
                {
                    dst[top + x] = Pick(h[top + x], g[bottom + x], max);
                }
            }
        }
    }

    private static byte Pick(byte a, byte b, bool max) => max ? (a > b ? a : b) : (a < b ? a : b);

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

    private sealed class Component
    {
        /// <summary>A component with no pixel yet: any first pixel sets its box and ink.</summary>
        public static Component Empty(bool bright) =>
            new() { X0 = int.MaxValue, Y0 = int.MaxValue, X1 = -1, Y1 = -1, Ink = bright ? 0 : 255 };

        public int X0 { get; set; }

        public int Y0 { get; set; }

        public int X1 { get; set; }

        public int Y1 { get; set; }

        public int Count { get; set; }

        public int Boundary { get; set; }

        public int MaxContrast { get; set; }

        /// <summary>Fused letters relabelled as separate components (<see cref="SplitFusedLetters"/>): this one no longer exists.</summary>
        public bool Split { get; set; }

        /// <summary>One thin stroke along a smooth track (<see cref="SpecularLineFilter"/>): a reflector, never a letter of a line.</summary>
        public bool Specular { get; set; }

        /// <summary>Brightest (bright ink) or darkest (dark ink) original level: the text's colour.</summary>
        public int Ink { get; set; }

        /// <summary>Takes in one pixel: its box, count, strongest contrast and ink level.</summary>
        public void Take(int x, int y, byte contrast, byte level, bool bright)
        {
            Count++;
            X0 = Math.Min(X0, x);
            X1 = Math.Max(X1, x);
            Y0 = Math.Min(Y0, y);
            Y1 = Math.Max(Y1, y);
            MaxContrast = Math.Max(MaxContrast, contrast);
            Ink = bright ? Math.Max(Ink, level) : Math.Min(Ink, level);
        }

        public int Width => X1 - X0 + 1;

        public int Height => Y1 - Y0 + 1;

        /// <summary>
        /// Character-sized with strokes thin for its height (a filled speckle blob is as thick as it is tall). Wider
        /// than a letter, it is letters that touch (bold, italic, small or monospace faces): their strokes are as thin
        /// and they leave most of their box empty.
        /// </summary>
        public bool IsCharacter
        {
            get
            {
                if (!CharacterSized)
                {
                    return false;
                }

                return Stroke <= (0.28 * Height) + 1.5 && (Width <= (4 * Height) + 4 || Fill <= 0.65);
            }
        }

        /// <summary>Character-sized with thicker strokes: bold letters at small sizes; can join a line, never start one.</summary>
        public bool IsBlockyCharacter =>
            !IsCharacter && CharacterSized && Stroke <= (0.45 * Height) + 2 && (Width <= (4 * Height) + 4 || Fill <= 0.8);

        /// <summary>Letters the component spans, estimated from its width (a letter is about 0.6 of the height wide).</summary>
        public int Letters => Width <= Height ? 1 : Math.Max(1, ((Width * 5) + (Height * 3 / 2)) / (Height * 3));

        private bool CharacterSized => Height >= MinCharHeight && Height <= MaxCharHeight && Count >= 8 && Width <= (MaxWordAspect * Height) + 4;

        private double Fill => (double)Count / ((long)Width * Height);

        /// <summary>Mean stroke width estimate: twice the area over the boundary length.</summary>
        private double Stroke => 2.0 * Count / Math.Max(1, Boundary);
    }
}
