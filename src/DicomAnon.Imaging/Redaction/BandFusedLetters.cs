// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Tells a block of the top-hat that is a bright band or specular line with a row of text fused to it (the text laid
/// along a fascia band or across a specular line) from one that is not, once the block has been labelled again at a
/// higher contrast (<see cref="TextCandidateFinder"/>): the letters stand apart from the band there, and they are a row
/// of letters of one height on a shared baseline or cap line, much shorter than the block. The band's own pieces are
/// not letters; bright speckle breaks up into peaks of all heights that share no line.
/// </summary>
internal static class BandFusedLetters
{
    /// <summary>Fewest letters of the row.</summary>
    public const int MinLetters = 4;

    /// <summary>
    /// Whether the letter-like parts (<paramref name="letters"/>: top and bottom rows) split out of a block
    /// <paramref name="blockHeight"/> pixels tall hold a row of at least <see cref="MinLetters"/> letters within a
    /// quarter of their median height of it, that start or end within an eighth of it of the row's median top or
    /// bottom, and that are at most two thirds of the block's height.
    /// </summary>
    public static bool IsRow(IReadOnlyList<(int Top, int Bottom)> letters, int blockHeight)
    {
        if (letters is null)
        {
            throw new ArgumentNullException(nameof(letters));
        }

        if (letters.Count < MinLetters)
        {
            return false;
        }

        int height = Median(letters.Select(l => l.Bottom - l.Top + 1));
        if (height * 3 > blockHeight * 2)
        {
            return false;
        }

        int top = Median(letters.Select(l => l.Top)), bottom = Median(letters.Select(l => l.Bottom)), tolerance = Math.Max(1, height / 8);
        int inRow = letters.Count(l => Math.Abs(l.Bottom - l.Top + 1 - height) * 4 <= height && (Math.Abs(l.Top - top) <= tolerance || Math.Abs(l.Bottom - bottom) <= tolerance));
        return inRow >= MinLetters;
    }

    /// <summary>
    /// Whether the pixels of the block's box (inclusive corners) off the block (label <paramref name="id"/>) vary like
    /// speckle (standard deviation above 12): a band or specular line lies in the sector's texture; a header bar or
    /// label panel that text is fused with is flat, and is left to the rules for panels.
    /// </summary>
    public static bool OnTexture(byte[] px, int[] label, int id, int w, int x0, int y0, int x1, int y1)
    {
        if (px is null || label is null)
        {
            throw new ArgumentNullException(px is null ? nameof(px) : nameof(label));
        }

        long n = 0, sum = 0, sum2 = 0;
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                int p = (y * w) + x;
                if (label[p] != id)
                {
                    n++;
                    sum += px[p];
                    sum2 += px[p] * px[p];
                }
            }
        }

        if (n < 16)
        {
            return false;
        }

        double mean = (double)sum / n;
        return ((double)sum2 / n) - (mean * mean) > 12 * 12;
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
