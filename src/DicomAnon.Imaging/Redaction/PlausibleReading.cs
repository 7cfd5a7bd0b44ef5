// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// What a reading of ink on speckle must look like before it may vouch for a line: Tesseract reads speckle blobs as
/// short lower-case syllables ("we", "ae", "a tome", "amar") and strings of punctuation, often with high confidence,
/// whereas the overlay text that matters there (names, IDs, dates, times, labels) is written in capitals or digits.
/// </summary>
internal static class PlausibleReading
{
    /// <summary>Fewest letters or digits of a word that vouches on speckle: two are spelt by blobs all the time.</summary>
    public const int MinCharacters = 3;

    /// <summary>Least share of a word's printed characters that are letters or digits (the rest: punctuation, symbols).</summary>
    public const double MinAlphanumericShare = 0.6;

    /// <summary>
    /// Whether a word could be overlay text: at least <see cref="MinCharacters"/> letters or digits, mostly letters
    /// or digits, and at least one digit or capital letter (overlay PHI and labels are capitals or title case).
    /// </summary>
    public static bool IsPlausibleWord(string text)
    {
        int printed = 0, alnum = 0;
        bool digitOrCapital = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            printed++;
            if (char.IsLetterOrDigit(c))
            {
                alnum++;
                digitOrCapital |= char.IsDigit(c) || char.IsUpper(c);
            }
        }

        return alnum >= MinCharacters && alnum >= printed * MinAlphanumericShare && digitOrCapital;
    }

    /// <summary>
    /// Whether the plausible words hold at least half of the letters and digits read on the line: a real line read
    /// with a stray syllable at its end still is a line; speckle read as a dozen syllables with one capital is not.
    /// </summary>
    public static bool IsPlausibleLine(IEnumerable<OcrWord> words)
    {
        int all = 0, plausible = 0;
        foreach (OcrWord w in words)
        {
            int n = w.Text.Count(char.IsLetterOrDigit);
            all += n;
            plausible += IsPlausibleWord(w.Text) ? n : 0;
        }

        return all > 0 && plausible * 2 >= all;
    }
}
