// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// How the re-check tells a label line (<see cref="LabelVocabulary"/>) from unclassified text when it reads a line
/// the first pass kept: the same vocabulary, read a little more forgivingly, because a re-check that calls
/// "TIS 1.3 MI0.3" or "112-3 Renal" PHI only raises false alarms. Forgiving only in ways no identifier benefits
/// from: a word glued to a number is split ("MI0.3"), a probe name's first letter may read as a look-alike digit
/// ("112-3", "£12-3"), and a decimal number (0.6, 1.1) or a number with its unit ("17cm": never an identifier)
/// needs less confidence.
/// </summary>
internal static class RecheckLabels
{
    /// <summary>Least confidence of a decimal number such as "0.6".</summary>
    public const float DecimalMinConfidence = 50f;

    private static readonly char[] DecimalSeparators = { '.', ',' };

    private static readonly Regex Measure = new(@"^\d{1,3}([.,]\d{1,2})?(CM|MM|%|DB|HZ|KHZ|MHZ|FPS|CM/S|M/S|BPM)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Whether the words read are a label line; what is left of a cut line must read as more than one short word.</summary>
    public static bool IsLabelLine(IReadOnlyList<TextWord> read, bool cut)
    {
        var words = read.Where(x => x.Text.Any(char.IsLetterOrDigit)).ToList();
        if (words.Count == 0)
        {
            return false;
        }

        if (cut && words.Count < 2 && words.Sum(x => x.Text.Count(char.IsLetterOrDigit)) < 4)
        {
            return false;
        }

        foreach (TextWord w in words)
        {
            if (!IsLabelWord(w))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabelWord(TextWord w)
    {
        string t = w.Text.Trim().TrimEnd(':', '.', ',', ';');
        if (w.Confidence >= LabelVocabulary.MinConfidence)
        {
            if (LabelVocabulary.IsLabel(t) || Split(t).All(LabelVocabulary.IsLabel) || LabelVocabulary.IsLabel(ProbeLookAlike(t)))
            {
                return true;
            }
        }

        return w.Confidence >= DecimalMinConfidence && (IsDecimal(t) || IsMeasure(t));
    }

    /// <summary>"MI0.3" becomes "MI", "0.3": a letter run glued to a number.</summary>
    private static List<string> Split(string t)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (char c in t)
        {
            bool digitLike = char.IsDigit(c) || c == '.' || c == ',';
            if (current.Length > 0 && char.IsLetter(current[current.Length - 1]) && digitLike)
            {
                parts.Add(current.ToString());
                current.Clear();
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>A probe name whose first letter was read as a look-alike: "112-3" and "£12-3" are "L12-3", "§" is "5".</summary>
    private static string ProbeLookAlike(string t)
    {
        string s = t.Replace('§', '5').Replace('£', 'L');
        return s.Length >= 4 && s[0] == '1' && char.IsDigit(s[1]) && s.IndexOf('-') > 0 ? "L" + s.Substring(1) : s;
    }

    /// <summary>A depth or scale number with its unit ("17cm", "5MHz", "60%"): no identifier looks like that.</summary>
    private static bool IsMeasure(string t) => Measure.IsMatch(t);

    private static bool IsDecimal(string t)
    {
        int dot = t.IndexOfAny(DecimalSeparators);
        return dot > 0 && dot < t.Length - 1 && t.Length <= 5 && t.Where((c, i) => i != dot).All(char.IsDigit);
    }
}
