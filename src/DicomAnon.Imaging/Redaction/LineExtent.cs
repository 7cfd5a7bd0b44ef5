// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Grows a found text line along its band over the bright ink beside it on a dark, flat panel: the candidate finder
/// can split a line (a date's last "/16", the hour of a clock before its colon, a first glyph of another grey level)
/// and keep only part, but the rest of the line is still there beside it, on the same rows. Growth stops at a gap
/// wider than a letter height, at anything that is not bright ink on black (speckle, a colour bar), at ink that
/// reaches well above or below the band (ticks, bars), and after <see cref="MaxGrowth"/> letter heights per side.
/// </summary>
internal static class LineExtent
{
    /// <summary>Darkest grey that still counts as the panel's black background (codec noise, anti-aliasing tails).</summary>
    public const int Background = 48;

    /// <summary>Most letter heights a line grows on each side.</summary>
    public const int MaxGrowth = 4;

    /// <summary>
    /// The line's box grown left and right over ink at least half as bright as its own brightest pixel; the box
    /// itself when it is not bright text on a dark panel.
    /// </summary>
    public static PixelRect Grow(GrayImage image, PixelRect line, int textHeight)
    {
        PixelRect box = line.ClipTo(image.Width, image.Height);
        int h = Math.Max(textHeight, 1);
        if (box.Width <= 0 || box.Height <= 0)
        {
            return line;
        }

        int max = 0;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                max = Math.Max(max, image.Pixels[(y * image.Width) + x]);
            }
        }

        int ink = Math.Max(Background + 1, max / 2);
        if (max <= 2 * Background)
        {
            return line;
        }

        int right = Walk(image, box, h, ink, +1);
        int left = Walk(image, box, h, ink, -1);
        return left == box.X && right == box.Right ? line : new PixelRect(left, box.Y, right - left, box.Height);
    }

    /// <summary>The new edge (exclusive right, or inclusive left) after walking from the box's side in <paramref name="step"/>.</summary>
    private static int Walk(GrayImage image, PixelRect box, int h, int ink, int step)
    {
        int start = step > 0 ? box.Right : box.X - 1;
        int lastInk = start - step;
        int above = box.Y - (h / 2) - 1, below = box.Bottom + (h / 2);
        for (int x = start; x >= 0 && x < image.Width && Math.Abs(x - start) < MaxGrowth * h && Math.Abs(x - lastInk) <= h; x += step)
        {
            int inkRows = 0, midRows = 0;
            for (int y = box.Y; y < box.Bottom; y++)
            {
                byte v = image.Pixels[(y * image.Width) + x];
                inkRows += v >= ink ? 1 : 0;
                midRows += v > Background && v < ink ? 1 : 0;
            }

            if (midRows * 3 > box.Height || (inkRows > 0 && (Bright(image, x, above, ink) || Bright(image, x, below, ink))))
            {
                break;
            }

            if (inkRows > 0)
            {
                lastInk = x;
            }
        }

        return step > 0 ? lastInk + 1 : lastInk;
    }

    private static bool Bright(GrayImage image, int x, int y, int ink) =>
        y >= 0 && y < image.Height && image.Pixels[(y * image.Width) + x] >= ink;
}
