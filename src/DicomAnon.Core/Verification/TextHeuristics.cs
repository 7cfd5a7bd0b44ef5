// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Text.RegularExpressions;

namespace DicomAnon.Core.Verification;

/// <summary>
/// Checks that need no source: does a name look like a pseudonym, does free text hold a date, an ID or a name.
/// Patterns, not proof: their findings are Low (free text) or Medium (names).
/// </summary>
internal static class TextHeuristics
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private static readonly string[] Dummies = { "ANONYMIZED", "ANONYMOUS", "ANON", "REMOVED", "UNKNOWN", "DEIDENTIFIED", "DE-IDENTIFIED", "REDACTED", "NONE", "NA", "N/A" };

    // 19xx/20xx dates: YYYYMMDD, YYYY-MM-DD (/ .), DD/MM/YYYY and MM/DD/YYYY (- .), DD-Mon-YYYY, Mon DD YYYY.
    private static readonly Regex DateLike = new(
        @"(?<![0-9A-Za-z.])(?:(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d|(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:19|20)\d\d|(?:0?[1-9]|[12]\d|3[01])[- ]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[- ]?(?:19|20)\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* (?:0?[1-9]|[12]\d|3[01]),? (?:19|20)\d\d)(?![0-9A-Za-z])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);

    // 6+ digits alone, or letters and 5+ digits in one token (MRN123456), or "MRN"/"ID" followed by a number.
    private static readonly Regex IdLike = new(
        @"(?<![0-9A-Za-z.,])(?:\d{6,}|[A-Za-z]{1,6}[-_]?\d{5,}|\d{5,}[A-Za-z]{1,3})(?![0-9A-Za-z.,])|\b(?:MRN|PID|ID|Patient ID|Acc(?:ession)?)\s*[:#]?\s*[A-Za-z]{0,3}\d{3,}",
        RegexOptions.CultureInvariant, Timeout);

    // Family^Given, or a title before a capitalised word.
    private static readonly Regex NameLike = new(
        @"\p{L}{2,}\^\p{L}{2,}|\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+\p{Lu}\p{L}+",
        RegexOptions.CultureInvariant, Timeout);

    /// <summary>
    /// True for an empty name, a dummy, the file's own Patient ID, or a code-like value (ASCII letters, digits and
    /// separators with at least one digit, as keyed pseudonyms are). Real names have no digits.
    /// </summary>
    public static bool IsPseudonymShaped(string value, string? patientId)
    {
        string v = value.Trim();
        if (v.Length == 0 || (patientId is not null && string.Equals(v, patientId.Trim(), StringComparison.Ordinal)))
        {
            return true;
        }

        bool digit = false;
        foreach (char c in v)
        {
            if (c > 0x7F)
            {
                return false;
            }

            digit |= c >= '0' && c <= '9';
        }

        if (digit)
        {
            return true;
        }

        foreach (string part in v.Split('^', '=', ' '))
        {
            if (part.Length > 0 && Array.IndexOf(Dummies, part.ToUpperInvariant()) < 0)
            {
                return false;
            }
        }

        return true;
    }

    public static bool HasDateLike(string text) => Safe(DateLike, text);

    public static bool HasIdLike(string text) => Safe(IdLike, text);

    public static bool HasNameLike(string text) => Safe(NameLike, text);

    /// <summary>A pathological value that times a pattern out counts as a match: the auditor should look at it.</summary>
    private static bool Safe(Regex r, string text)
    {
        try
        {
            return r.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
