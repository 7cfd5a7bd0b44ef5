// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// Checks string values against PS3.5 6.2 (Table 6.2-1): length, character repertoire and the formats of AE, AS,
/// CS, DA, DS, DT, IS, TM, UI and UR. Returns null when a value is valid, else a message that names the rule
/// broken and never the value (values may be PHI).
/// </summary>
/// <remarks>
/// Validation concerns the text before encoding: character counts for LO, SH, PN, ST, LT (whose limits are in
/// characters), and the default repertoire for the VRs that do not use (0008,0005). Whether the text can be
/// encoded in a dataset's character set is <see cref="Text.DicomCharacterSet.CanEncode"/>.
/// </remarks>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
internal static class DicomValueValidator
{
    private static readonly char[] OffsetSigns = { '+', '-' };

    private const uint MaxLongText = 0xFFFFFFFE; // 2^32-2 for UC, UR, UT

    /// <summary>
    /// Validates a whole value as stored (values separated by backslash for multi-valued VRs; LT, ST, UT and UR are
    /// single-valued and a backslash is an ordinary character there).
    /// </summary>
    public static string? Validate(DicomVR vr, string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (DicomVRInfo.IsSingleValuedText(vr))
        {
            return ValidateValue(vr, value);
        }

        return ValidateValues(vr, value.Split(DicomTextChars.Backslash));
    }

    /// <summary>Validates the values of a multi-valued element one by one (and the length of them joined).</summary>
    public static string? ValidateValues(DicomVR vr, IReadOnlyList<string> values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        long total = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException("A value is null.", nameof(values));
            }

            if (values.Count > 1 && DicomVRInfo.IsSingleValuedText(vr))
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} is single-valued (PS3.5 Table 6.2-1).", DicomVRInfo.ToCode(vr));
            }

            string? message = ValidateValue(vr, values[i]);
            if (message is not null)
            {
                return values.Count == 1 ? message : string.Format(CultureInfo.InvariantCulture, "Value {0}: {1}", i + 1, message);
            }

            total += values[i].Length + (i > 0 ? 1 : 0);
        }

        if (!DicomVRInfo.HasLongLength(vr) && total > 0xFFFE)
        {
            return string.Format(CultureInfo.InvariantCulture, "{0} values together exceed the 16-bit length field (65534 bytes; PS3.5 7.1.2).", DicomVRInfo.ToCode(vr));
        }

        return null;
    }

    /// <summary>Validates one value (no value delimiters allowed except in LT, ST, UT and UR). An empty value is valid.</summary>
    /// <exception cref="ArgumentException"><paramref name="vr"/> is not a string VR.</exception>
    public static string? ValidateValue(DicomVR vr, string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (!DicomVRInfo.IsString(vr))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "{0} is not a string VR.", DicomVRInfo.ToCode(vr)), nameof(vr));
        }

        if (value.Length == 0)
        {
            return null;
        }

        return vr switch
        {
            DicomVR.AE => ValidateAE(value),
            DicomVR.AS => ValidateAS(value),
            DicomVR.CS => ValidateCS(value),
            DicomVR.DA => ValidateDA(value),
            DicomVR.DS => ValidateDS(value),
            DicomVR.DT => ValidateDT(value),
            DicomVR.IS => ValidateIS(value),
            DicomVR.TM => ValidateTM(value),
            DicomVR.UI => ValidateUI(value),
            DicomVR.UR => ValidateUR(value),
            DicomVR.PN => ValidatePN(value),
            DicomVR.LO or DicomVR.SH or DicomVR.UC => ValidateString(vr, value),
            _ => ValidateText(vr, value), // LT, ST, UT
        };
    }

    /// <summary>True when the value is valid (see <see cref="ValidateValue"/>).</summary>
    public static bool IsValid(DicomVR vr, string value) => Validate(vr, value) is null;

    private static string? TooLong(DicomVR vr, string what) =>
        string.Format(CultureInfo.InvariantCulture, "{0} value longer than {1} {2} (PS3.5 Table 6.2-1).", DicomVRInfo.ToCode(vr), DicomVRInfo.MaxValueLength(vr), what);

    private static string? Check(bool ok, DicomVR vr, string rule) =>
        ok ? null : string.Format(CultureInfo.InvariantCulture, "{0} value {1} (PS3.5 Table 6.2-1).", DicomVRInfo.ToCode(vr), rule);

    private static bool IsDefaultGraphic(char c) => c >= 0x20 && c < 0x7F;

    private static bool AllDefaultGraphic(string s, bool allowBackslash)
    {
        foreach (char c in s)
        {
            if (!IsDefaultGraphic(c) || (!allowBackslash && c == '\\'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(string s, int start, int count)
    {
        if (start + count > s.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            if (!DicomNumberValues.IsDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(string s, int start, int count) => int.Parse(s.Substring(start, count), NumberStyles.None, CultureInfo.InvariantCulture);

    private static string? ValidateAE(string v)
    {
        if (v.Length > 16)
        {
            return TooLong(DicomVR.AE, "characters");
        }

        if (!AllDefaultGraphic(v, allowBackslash: false))
        {
            return Check(false, DicomVR.AE, "contains a backslash, a control character or a character outside the default repertoire");
        }

        return Check(v.Trim(' ').Length > 0, DicomVR.AE, "consists only of spaces");
    }

    private static string? ValidateAS(string v) =>
        Check(v.Length == 4 && AllDigits(v, 0, 3) && (v[3] is 'D' or 'W' or 'M' or 'Y'), DicomVR.AS, "is not nnnD, nnnW, nnnM or nnnY");

    private static string? ValidateCS(string v)
    {
        if (v.Length > 16)
        {
            return TooLong(DicomVR.CS, "characters");
        }

        foreach (char c in v)
        {
            if (!((c >= 'A' && c <= 'Z') || DicomNumberValues.IsDigit(c) || c == ' ' || c == '_'))
            {
                return Check(false, DicomVR.CS, "contains a character other than A-Z, 0-9, space and underscore");
            }
        }

        return null;
    }

    private static string? ValidateDA(string v) =>
        Check(v.Length == 8 && AllDigits(v, 0, 8) && IsDate(Number(v, 0, 4), Number(v, 4, 2), Number(v, 6, 2)), DicomVR.DA, "is not a valid date YYYYMMDD");

    private static bool IsDate(int year, int month, int day) =>
        month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static string? ValidateDS(string v)
    {
        if (v.Length > 16)
        {
            return TooLong(DicomVR.DS, "characters");
        }

        string t = v.Trim(' ');
        return Check(DicomNumberValues.IsDecimalSyntax(t) && DicomNumberValues.TryParseDecimalString(t, out _), DicomVR.DS, "is not a decimal number ([+-]digits[.digits][E[+-]digits])");
    }

    private static string? ValidateIS(string v)
    {
        if (v.Length > 12)
        {
            return TooLong(DicomVR.IS, "characters");
        }

        string t = v.Trim(' ');
        int start = t.Length > 0 && (t[0] == '+' || t[0] == '-') ? 1 : 0;
        if (t.Length == start || !AllDigits(t, start, t.Length - start))
        {
            return Check(false, DicomVR.IS, "is not an integer ([+-]digits)");
        }

        return Check(
            long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= DicomNumberValues.IntegerStringMin && n <= DicomNumberValues.IntegerStringMax,
            DicomVR.IS,
            "is outside -2^31..2^31-1");
    }

    private static string? ValidateTM(string v)
    {
        if (v.Length > 14)
        {
            return TooLong(DicomVR.TM, "characters");
        }

        // Trailing spaces are padding; a TM value may be HH, HHMM, HHMMSS or HHMMSS.F{1-6}.
        string t = v.TrimEnd(' ');
        return Check(IsTime(t, 0, t.Length), DicomVR.TM, "is not a valid time HH[MM[SS[.F{1-6}]]]");
    }

    private static bool IsTime(string t, int start, int length)
    {
        int end = start + length;
        int i = start;
        if (length < 2 || !AllDigits(t, i, 2) || Number(t, i, 2) > 23)
        {
            return false;
        }

        i += 2;
        if (i == end)
        {
            return true;
        }

        if (end - i < 2 || !AllDigits(t, i, 2) || Number(t, i, 2) > 59)
        {
            return false;
        }

        i += 2;
        if (i == end)
        {
            return true;
        }

        if (end - i < 2 || !AllDigits(t, i, 2) || Number(t, i, 2) > 60)
        {
            return false; // 60 allows a leap second
        }

        i += 2;
        if (i == end)
        {
            return true;
        }

        int fraction = end - i - 1;
        return t[i] == '.' && fraction >= 1 && fraction <= 6 && AllDigits(t, i + 1, fraction);
    }

    private static string? ValidateDT(string v)
    {
        if (v.Length > 26)
        {
            return TooLong(DicomVR.DT, "characters");
        }

        string t = v.TrimEnd(' ');
        const string rule = "is not a valid date-time YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX]";

        // Optional UTC offset &ZZXX at the end, & being + or -.
        int end = t.Length;
        int sign = t.IndexOfAny(OffsetSigns);
        if (sign >= 0)
        {
            if (sign != t.Length - 5 || !AllDigits(t, sign + 1, 4))
            {
                return Check(false, DicomVR.DT, rule);
            }

            int hours = Number(t, sign + 1, 2), minutes = Number(t, sign + 3, 2);
            int offset = (hours * 60) + minutes;
            if (minutes > 59 || (t[sign] == '-' && offset > 12 * 60) || (t[sign] == '+' && offset > 14 * 60))
            {
                return Check(false, DicomVR.DT, "has a UTC offset outside -1200..+1400");
            }

            end = sign;
        }

        if (end < 4 || !AllDigits(t, 0, 4))
        {
            return Check(false, DicomVR.DT, rule);
        }

        int year = Number(t, 0, 4);
        if (end == 4)
        {
            return null;
        }

        if (end < 6 || !AllDigits(t, 4, 2) || Number(t, 4, 2) is < 1 or > 12)
        {
            return Check(false, DicomVR.DT, rule);
        }

        int month = Number(t, 4, 2);
        if (end == 6)
        {
            return null;
        }

        if (end < 8 || !AllDigits(t, 6, 2) || !IsDate(year, month, Number(t, 6, 2)))
        {
            return Check(false, DicomVR.DT, rule);
        }

        return end == 8 ? null : Check(IsTime(t, 8, end - 8), DicomVR.DT, rule);
    }

    private static string? ValidateUI(string v)
    {
        string t = v.TrimEnd('\0');
        if (t.Length > 64)
        {
            return TooLong(DicomVR.UI, "characters");
        }

        string[] parts = t.Split('.');
        foreach (string p in parts)
        {
            if (p.Length == 0 || !AllDigits(p, 0, p.Length))
            {
                return Check(false, DicomVR.UI, "is not dot-separated components of digits 0-9 (PS3.5 9.1)");
            }

            if (p.Length > 1 && p[0] == '0')
            {
                return Check(false, DicomVR.UI, "has a component with a leading zero (PS3.5 9.1)");
            }
        }

        return null;
    }

    private static string? ValidateUR(string v)
    {
        if ((uint)v.Length > MaxLongText)
        {
            return Check(false, DicomVR.UR, "is longer than 2^32-2 characters");
        }

        string t = v.TrimEnd(' ');
        foreach (char c in t)
        {
            // RFC 3986 characters; spaces only as trailing padding.
            if (c <= 0x20 || c >= 0x7F || c is '\\' or '"' or '<' or '>' or '^' or '`' or '{' or '|' or '}')
            {
                return Check(false, DicomVR.UR, "contains a character not allowed in a URI (RFC 3986) or a leading or embedded space");
            }
        }

        return null;
    }

    /// <summary>SH, LO, UC: specific character set text without control characters other than ESC, no backslash.</summary>
    private static string? ValidateString(DicomVR vr, string v)
    {
        int max = DicomVRInfo.MaxValueLength(vr);
        if (max > 0 && v.Length > max)
        {
            return TooLong(vr, "characters");
        }

        if (vr == DicomVR.UC && (uint)v.Length > MaxLongText)
        {
            return Check(false, vr, "is longer than 2^32-2 characters");
        }

        foreach (char c in v)
        {
            if (c == '\\')
            {
                return Check(false, vr, "contains a backslash (the value delimiter)");
            }

            if ((c < 0x20 && c != 0x1B) || c == 0x7F)
            {
                return Check(false, vr, "contains a control character");
            }
        }

        return null;
    }

    /// <summary>ST, LT, UT: free text where CR, LF, FF, TAB (and ESC) are allowed.</summary>
    private static string? ValidateText(DicomVR vr, string v)
    {
        int max = DicomVRInfo.MaxValueLength(vr);
        if (max > 0 && v.Length > max)
        {
            return TooLong(vr, "characters");
        }

        if ((uint)v.Length > MaxLongText)
        {
            return Check(false, vr, "is longer than 2^32-2 characters");
        }

        foreach (char c in v)
        {
            if ((c < 0x20 && c is not ('\r' or '\n' or '\f' or '\t' or '\x1B')) || c == 0x7F)
            {
                return Check(false, vr, "contains a control character other than CR, LF, FF and TAB");
            }
        }

        return null;
    }

    private static string? ValidatePN(string v)
    {
        string? characters = CheckPNCharacters(v);
        if (characters is not null)
        {
            return characters;
        }

        string[] groups = v.Split('=');
        if (groups.Length > 3)
        {
            return Check(false, DicomVR.PN, "has more than three component groups (PS3.5 6.2.1)");
        }

        foreach (string g in groups)
        {
            if (g.Length > 64)
            {
                return Check(false, DicomVR.PN, "has a component group longer than 64 characters");
            }

            if (g.Split('^').Length > 5)
            {
                return Check(false, DicomVR.PN, "has more than five components in a group (PS3.5 6.2.1)");
            }
        }

        return null;
    }

    private static string? CheckPNCharacters(string v)
    {
        foreach (char c in v)
        {
            if (c == '\\')
            {
                return Check(false, DicomVR.PN, "contains a backslash (the value delimiter)");
            }

            if ((c < 0x20 && c != 0x1B) || c == 0x7F)
            {
                return Check(false, DicomVR.PN, "contains a control character");
            }
        }

        return null;
    }
}
