// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Where along a candidate line on speckle its letters are. A line that touches a bright specular reflector takes
/// the reflector's thin track along with it (the track is as bright as the ink), so its box runs along the
/// reflector far past the letters, or from one overlay across the reflector to another; blacking that box out
/// takes the image away. Letters have stems: columns whose ink spans a good part of the letter height. A reflector
/// crosses each column once, as a thin stroke. The line's spans are the runs of stem columns (joined across gaps
/// narrower than <see cref="MaxGapHeights"/> letter heights plus <see cref="GapSlack"/> pixels, which no word space
/// reaches), each grown by half a letter height for the bars, arms and punctuation that end a word; only a track
/// wider than such a gap is cut off a line's end.
/// </summary>
internal static class InkSpans
{
    /// <summary>Widest run of columns without a stem (in letter heights, plus <see cref="GapSlack"/>) that stays inside one span.</summary>
    public const int MaxGapHeights = 2;

    /// <summary>Pixels added to the widest gap inside a span (the blackout margins of two boxes bridge about this much).</summary>
    public const int GapSlack = 8;

    /// <summary>Least height of a column's ink that makes it a stem column: this many fifths of the letter height (4 px at least).</summary>
    public const int StemFifths = 2;

    /// <summary>
    /// The spans of the line's ink, left to right, each as tall as <paramref name="box"/>. <paramref name="ink"/> is
    /// <paramref name="crop"/> sized, dark where the line's ink is (below 128). When no column holds a stem the
    /// box is returned whole: nothing tells letters from track there.
    /// </summary>
    public static List<PixelRect> Find(PixelRect box, PixelRect crop, byte[] ink, int textHeight)
    {
        if (ink is null)
        {
            throw new ArgumentNullException(nameof(ink));
        }

        var spans = new List<PixelRect>();
        int h = Math.Max(1, textHeight);
        int stem = Math.Max(4, ((StemFifths * h) + 4) / 5);
        int gap = (MaxGapHeights * h) + GapSlack, grow = (h + 1) / 2;
        int x0 = Math.Max(box.X, crop.X), x1 = Math.Min(box.Right, crop.Right);
        int y0 = Math.Max(box.Y, crop.Y), y1 = Math.Min(box.Bottom, crop.Bottom);
        if (ink.Length != crop.Width * crop.Height || x0 >= x1 || y0 >= y1)
        {
            spans.Add(box);
            return spans;
        }

        var stems = new List<(int First, int Last)>();
        for (int x = x0; x < x1; x++)
        {
            if (!IsStem(ink, crop, x, y0, y1, stem))
            {
                continue;
            }

            if (stems.Count > 0 && x - stems[stems.Count - 1].Last - 1 <= gap)
            {
                stems[stems.Count - 1] = (stems[stems.Count - 1].First, x);
            }
            else
            {
                stems.Add((x, x));
            }
        }

        if (stems.Count == 0)
        {
            spans.Add(box);
            return spans;
        }

        for (int i = 0; i < stems.Count; i++)
        {
            // Only a track wider than a gap is cut off: letters without a stem (A, V, 7, /) end many a line, and a
            // run of them that wide is not.
            int left = i == 0 && stems[0].First - box.X <= gap ? box.X : Math.Max(box.X, stems[i].First - grow);
            int right = i == stems.Count - 1 && box.Right - 1 - stems[i].Last <= gap ? box.Right : Math.Min(box.Right, stems[i].Last + 1 + grow);
            spans.Add(new PixelRect(left, box.Y, right - left, box.Height));
        }

        return spans;
    }

    /// <summary>The union of the spans (the line's box without the track beyond its letters).</summary>
    public static PixelRect Extent(IReadOnlyList<PixelRect> spans)
    {
        if (spans is null)
        {
            throw new ArgumentNullException(nameof(spans));
        }

        PixelRect extent = spans[0];
        for (int i = 1; i < spans.Count; i++)
        {
            extent = RectangleMath.Union(extent, spans[i]);
        }

        return extent;
    }

    /// <summary>Whether the ink of column <paramref name="x"/> between <paramref name="y0"/> and <paramref name="y1"/> spans at least <paramref name="stem"/> rows (a reflector crosses it once, thinly).</summary>
    private static bool IsStem(byte[] ink, PixelRect crop, int x, int y0, int y1, int stem)
    {
        int top = -1, bottom = -1;
        for (int y = y0; y < y1; y++)
        {
            if (ink[((y - crop.Y) * crop.Width) + (x - crop.X)] < 128)
            {
                top = top < 0 ? y : top;
                bottom = y;
            }
        }

        return top >= 0 && bottom - top + 1 >= stem;
    }
}
