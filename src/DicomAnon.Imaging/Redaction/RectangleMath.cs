// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Rectangle helpers on frame coordinates.</summary>
internal static class RectangleMath
{
    public static PixelRect Pad(PixelRect r, int padding) =>
        new(r.X - padding, r.Y - padding, r.Width + (2 * padding), r.Height + (2 * padding));

    /// <summary>The smallest rectangle holding both.</summary>
    public static PixelRect Union(PixelRect a, PixelRect b)
    {
        int x = Math.Min(a.X, b.X), y = Math.Min(a.Y, b.Y);
        return new PixelRect(x, y, Math.Max(a.Right, b.Right) - x, Math.Max(a.Bottom, b.Bottom) - y);
    }

    public static bool Intersects(PixelRect a, PixelRect b) =>
        a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;

    public static long IntersectionArea(PixelRect a, PixelRect b)
    {
        int w = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X);
        int h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        return w > 0 && h > 0 ? (long)w * h : 0;
    }

    /// <summary>Clipped to the frame, empty ones dropped, duplicates removed, order kept.</summary>
    public static List<PixelRect> Normalize(IEnumerable<PixelRect> rects, int columns, int rows)
    {
        var seen = new HashSet<PixelRect>();
        var result = new List<PixelRect>();
        foreach (PixelRect r in rects)
        {
            PixelRect c = r.ClipTo(columns, rows);
            if (c.Width > 0 && c.Height > 0 && seen.Add(c))
            {
                result.Add(c);
            }
        }

        return result;
    }

    /// <summary>Rectangles covering the frame minus the union of <paramref name="keep"/> (coordinate compression, rows of cells merged).</summary>
    public static List<PixelRect> Complement(IReadOnlyList<PixelRect> keep, int columns, int rows)
    {
        List<PixelRect> k = Normalize(keep, columns, rows);
        int[] xs = k.SelectMany(r => new[] { r.X, r.Right }).Concat(new[] { 0, columns }).Distinct().OrderBy(v => v).ToArray();
        int[] ys = k.SelectMany(r => new[] { r.Y, r.Bottom }).Concat(new[] { 0, rows }).Distinct().OrderBy(v => v).ToArray();
        var result = new List<PixelRect>();
        for (int yi = 0; yi + 1 < ys.Length; yi++)
        {
            int y0 = ys[yi], y1 = ys[yi + 1];
            int runStart = -1;
            for (int xi = 0; xi + 1 <= xs.Length - 1; xi++)
            {
                int x0 = xs[xi], x1 = xs[xi + 1];
                bool covered = k.Any(r => r.X <= x0 && r.Right >= x1 && r.Y <= y0 && r.Bottom >= y1);
                if (!covered && runStart < 0)
                {
                    runStart = x0;
                }

                if (covered && runStart >= 0)
                {
                    result.Add(new PixelRect(runStart, y0, x0 - runStart, y1 - y0));
                    runStart = -1;
                }
            }

            if (runStart >= 0)
            {
                result.Add(new PixelRect(runStart, y0, columns - runStart, y1 - y0));
            }
        }

        return result;
    }
}
