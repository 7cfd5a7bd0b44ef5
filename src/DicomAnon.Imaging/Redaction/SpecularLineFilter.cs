// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Tells a bright specular reflector or fascia band of an ultrasound image (one thin stroke running along a
/// straight or gently curved track) from text, before OCR: the thin-stroke test of <see cref="TextCandidateFinder"/>
/// takes a fragment of such a line for touching letters, and Tesseract reads words in it.
/// </summary>
/// <remarks>
/// The ink of a line crosses almost every column once, and the middle of that crossing moves smoothly from column
/// to column. Letters cross a column two or three times (o, e, a, B, E), or jump from a stem's middle to a bar at
/// the top or bottom (T, n, L, 1), so a word never passes all three tests. Only long flat tracks are judged
/// (<see cref="MinColumns"/>, <see cref="MinWidthHeights"/>): the boxes that blacked out the sector were those.
/// </remarks>
internal static class SpecularLineFilter
{
    /// <summary>Fewest columns a track must span to be judged a line (pixels).</summary>
    public const int MinColumns = 30;

    /// <summary>Least width of a judged track, in box heights.</summary>
    public const int MinWidthHeights = 2;

    /// <summary>Largest upper-quartile difference (pixels) between the step of the column middles and the fitted slope.</summary>
    public const double MaxQuartileStep = 0.5;

    /// <summary>Share of inked columns crossed by exactly one run of ink that makes a track one stroke.</summary>
    public const double MinSingleRunShare = 0.9;

    /// <summary>Largest share of inked columns whose ink fills six tenths of the box height or more (stems).</summary>
    public const double MaxTallShare = 0.1;

    /// <summary>Largest root-mean-square distance (in box heights) of the column middles from their fitted track.</summary>
    public const double MaxResidual = 0.1;

    /// <summary>The residual always allowed (pixels): speckle roughens the edge of a line by about a pixel.</summary>
    public const double ResidualFloor = 1.5;

    /// <summary>
    /// Whether the pixels labelled with one of <paramref name="members"/> (0-based component indices; the label
    /// image holds index + 1) inside the box <paramref name="x0"/>..<paramref name="x1"/>, <paramref name="y0"/>..<paramref name="y1"/>
    /// (inclusive) form one thin stroke along a smooth straight track (a curved one when the box is at least three
    /// times as wide as it is tall): a reflector, not text.
    /// </summary>
    public static bool IsThinTrack(int[] label, HashSet<int> members, int w, int x0, int y0, int x1, int y1)
    {
        if (label is null || members is null)
        {
            throw new ArgumentNullException(label is null ? nameof(label) : nameof(members));
        }

        int width = x1 - x0 + 1, height = y1 - y0 + 1;

        // Only a long, flat track is judged: a group of touching letters that long is a word of five or more, whose
        // stems, bowls and bars break the tests below; shorter or steeper pieces are left to OCR.
        if (width < MinColumns || width < MinWidthHeights * height)
        {
            return false;
        }

        int columns = 0, singles = 0, tall = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        double mid = (x0 + x1) / 2.0;
        double[] middles = new double[width];
        bool[] inked = new bool[width];
        for (int x = x0; x <= x1; x++)
        {
            int runs = 0, count = 0;
            long sum = 0;
            bool previous = false;
            for (int y = y0; y <= y1; y++)
            {
                int l = label[(y * w) + x];
                bool at = l != 0 && members.Contains(l - 1);
                if (at)
                {
                    count++;
                    sum += y;
                    runs += previous ? 0 : 1;
                }

                previous = at;
            }

            if (count == 0)
            {
                continue;
            }

            columns++;
            singles += runs == 1 ? 1 : 0;
            tall += count * 10 >= height * 6 ? 1 : 0;
            double u = x - mid, v = (double)sum / count;
            middles[x - x0] = v;
            inked[x - x0] = true;
            s0++;
            s1 += u;
            s2 += u * u;
            s3 += u * u * u;
            s4 += u * u * u * u;
            t0 += v;
            t1 += u * v;
            t2 += u * u * v;
        }

        // A stem fills most of its column's height; an oblique line's thickness is a small part of the height it
        // climbs. (A flat line, as thick as its box is tall, is left to OCR.)
        if (columns < MinColumns || singles < columns * MinSingleRunShare || tall > columns * MaxTallShare)
        {
            return false;
        }

        double a, b, c = 0;
        if (width >= 3 * height)
        {
            // Least squares of v = a + b u + c u^2 (Cramer's rule on the normal equations).
            double det = Det(s0, s1, s2, s1, s2, s3, s2, s3, s4);
            if (Math.Abs(det) < 1e-9)
            {
                return false;
            }

            a = Det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
            b = Det(s0, t0, s2, s1, t1, s3, s2, t2, s4) / det;
            c = Det(s0, s1, t0, s1, s2, t1, s2, s3, t2) / det;
        }
        else
        {
            double det = (s0 * s2) - (s1 * s1);
            if (Math.Abs(det) < 1e-9)
            {
                return false;
            }

            b = ((s0 * t1) - (s1 * t0)) / det;
            a = (t0 - (b * s1)) / s0;
        }

        // From one column to the next the middle of a line moves by its slope; that of letters zigzags (w, V, N)
        // or jumps between a stem and a bar (L, T, n). The upper quartile of the steps away from the fitted slope
        // tells them apart: a bitmap face enlarged by two repeats every column (half the steps are zero), and speckle
        // bumps on a line's edge move its middle in a few columns only.
        var steps = new List<double>(width);
        for (int x = x0 + 1; x <= x1; x++)
        {
            if (inked[x - x0] && inked[x - x0 - 1])
            {
                double u = x - 0.5 - mid;
                steps.Add(Math.Abs(middles[x - x0] - middles[x - x0 - 1] - (b + (2 * c * u))));
            }
        }

        if (steps.Count < MinColumns / 2)
        {
            return false;
        }

        steps.Sort();
        if (steps[steps.Count * 3 / 4] > MaxQuartileStep)
        {
            return false;
        }

        double residual = 0;
        for (int x = x0; x <= x1; x++)
        {
            if (inked[x - x0])
            {
                double u = x - mid, d = middles[x - x0] - (a + (b * u) + (c * u * u));
                residual += d * d;
            }
        }

        return Math.Sqrt(residual / columns) <= Math.Max(ResidualFloor, MaxResidual * height);
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
