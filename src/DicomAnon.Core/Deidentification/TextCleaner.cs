// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// The "C" (clean) action for free text: a heuristic scrubber. It replaces with "***" (1) every whole-word occurrence,
/// ignoring case, of the identifying values found in the same file (name components of every PN, Patient ID, Other
/// Patient IDs, Accession Number, Study ID, Medical Record Locator, addresses, telephone numbers, institution,
/// birth date in several layouts), (2) anything that looks like a date (1999-12-31, 31.12.1999, 12/31/99), and
/// (3) any run of 5 or more digits (IDs, phone numbers, compact dates). The result is cut to the VR's maximum length.
/// Free text can name people or places that appear nowhere else in the file: cleaning reduces risk, it cannot
/// prove the absence of PHI. Without a Clean option the profile removes such text instead.
/// </summary>
internal sealed class TextCleaner
{
    public const string Mask = "***";

    private static readonly Regex DateLike = new(
        @"\b(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})\b|\d{5,}",
        RegexOptions.CultureInvariant);

    private readonly List<string> _terms;

    public TextCleaner(IEnumerable<string> terms)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string t in terms)
        {
            string s = t.Trim();
            if (s.Length >= 2)
            {
                set.Add(s);
            }
        }

        _terms = new List<string>(set);
        _terms.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b));
    }

    /// <summary>The identifying values, longest first.</summary>
    public IReadOnlyList<string> Terms => _terms;

    public string Clean(string text)
    {
        string s = text;
        foreach (string term in _terms)
        {
            s = ReplaceWholeWord(s, term);
        }

        return DateLike.Replace(s, Mask);
    }

    private static string ReplaceWholeWord(string s, string term)
    {
        int i = s.IndexOf(term, StringComparison.OrdinalIgnoreCase);
        if (i < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        int from = 0;
        while (i >= 0)
        {
            int end = i + term.Length;
            bool left = i == 0 || !char.IsLetterOrDigit(s[i - 1]);
            bool right = end >= s.Length || !char.IsLetterOrDigit(s[end]);
            if (left && right)
            {
                sb.Append(s, from, i - from).Append(Mask);
                from = end;
                i = end < s.Length ? s.IndexOf(term, end, StringComparison.OrdinalIgnoreCase) : -1;
            }
            else
            {
                i = i + 1 < s.Length ? s.IndexOf(term, i + 1, StringComparison.OrdinalIgnoreCase) : -1;
            }
        }

        sb.Append(s, from, s.Length - from);
        return sb.ToString();
    }
}
