// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// One DA value (PS3.5 6.2): YYYYMMDD, or, as some writers produce (and PS3.5 allows in DT), YYYY or YYYYMM;
/// the ACR-NEMA form YYYY.MM.DD is read too. Always written in the standard form.
/// </summary>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
internal readonly struct DicomDate : IEquatable<DicomDate>
{
    public DicomDate(int year, int month, int day)
        : this(year, month, day, DicomDatePrecision.Day)
    {
    }

    private DicomDate(int year, int month, int day, DicomDatePrecision precision)
    {
        if (year < 1 || year > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year));
        }

        if (precision >= DicomDatePrecision.Month && (month < 1 || month > 12))
        {
            throw new ArgumentOutOfRangeException(nameof(month));
        }

        if (precision == DicomDatePrecision.Day && (day < 1 || day > DateTime.DaysInMonth(year, month)))
        {
            throw new ArgumentOutOfRangeException(nameof(day));
        }

        Year = year;
        Month = precision >= DicomDatePrecision.Month ? month : 0;
        Day = precision == DicomDatePrecision.Day ? day : 0;
        Precision = precision;
    }

    public int Year { get; }

    /// <summary>1-12, or 0 when the value states the year only.</summary>
    public int Month { get; }

    /// <summary>1-31, or 0 when the value does not state the day.</summary>
    public int Day { get; }

    public DicomDatePrecision Precision { get; }

    /// <summary>A date that states only the year (YYYY) or year and month (YYYYMM).</summary>
    public static DicomDate Partial(int year, int month = 0) =>
        month == 0 ? new DicomDate(year, 0, 0, DicomDatePrecision.Year) : new DicomDate(year, month, 0, DicomDatePrecision.Month);

    public static DicomDate FromDateTime(DateTime date) => new(date.Year, date.Month, date.Day);

    /// <summary>The first day the value covers (1 January for YYYY, the 1st for YYYYMM).</summary>
    public DateTime ToDateTime() => new(Year, Month == 0 ? 1 : Month, Day == 0 ? 1 : Day, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>
    /// Shifts by whole days. A partial date is shifted from the first day it covers and truncated back to its own
    /// precision (so YYYY and YYYYMM values move by whole years or months, approximately the offset).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The result would leave years 0001-9999.</exception>
    public DicomDate AddDays(int days)
    {
        if (!TryAddDays(days, out DicomDate result))
        {
            throw new ArgumentOutOfRangeException(nameof(days), "The shifted date is outside years 0001-9999.");
        }

        return result;
    }

    public bool TryAddDays(int days, out DicomDate result)
    {
        DateTime start = ToDateTime();
        if ((days < 0 && (start - DateTime.MinValue).TotalDays < -(double)days) ||
            (days > 0 && (DateTime.MaxValue - start).TotalDays < days))
        {
            result = default;
            return false;
        }

        DateTime d = start.AddDays(days);
        result = new DicomDate(d.Year, d.Month, d.Day, Precision);
        return true;
    }

    /// <summary>Parses one DA value (no range); surrounding spaces and NUL padding are ignored.</summary>
    public static bool TryParse(string? text, out DicomDate date)
    {
        date = default;
        if (text is null)
        {
            return false;
        }

        string s = text.Trim(DicomTextChars.Padding);
        if (s.Length == 10 && s[4] == '.' && s[7] == '.')
        {
            s = s.Substring(0, 4) + s.Substring(5, 2) + s.Substring(8, 2); // ACR-NEMA YYYY.MM.DD
        }

        if ((s.Length != 4 && s.Length != 6 && s.Length != 8) || !AllDigits(s))
        {
            return false;
        }

        int year = Digits(s, 0, 4);
        int month = s.Length >= 6 ? Digits(s, 4, 2) : 0;
        int day = s.Length == 8 ? Digits(s, 6, 2) : 0;
        if (year < 1 || (s.Length >= 6 && (month < 1 || month > 12)) || (s.Length == 8 && (day < 1 || day > DateTime.DaysInMonth(year, month))))
        {
            return false;
        }

        date = new DicomDate(year, month, day, s.Length == 4 ? DicomDatePrecision.Year : s.Length == 6 ? DicomDatePrecision.Month : DicomDatePrecision.Day);
        return true;
    }

    public static DicomDate Parse(string text) =>
        TryParse(text, out DicomDate d) ? d : throw new FormatException("Not a DICOM DA value (expected YYYYMMDD).");

    /// <summary>YYYY, YYYYMM or YYYYMMDD, per <see cref="Precision"/>.</summary>
    public override string ToString() => Precision switch
    {
        DicomDatePrecision.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        DicomDatePrecision.Month => Year.ToString("D4", CultureInfo.InvariantCulture) + Month.ToString("D2", CultureInfo.InvariantCulture),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture) + Month.ToString("D2", CultureInfo.InvariantCulture) + Day.ToString("D2", CultureInfo.InvariantCulture),
    };

    public bool Equals(DicomDate other) => Year == other.Year && Month == other.Month && Day == other.Day && Precision == other.Precision;

    public override bool Equals(object? obj) => obj is DicomDate d && Equals(d);

    public override int GetHashCode() => unchecked((((Year * 16) + Month) * 32) + Day + ((int)Precision << 24));

    public static bool operator ==(DicomDate left, DicomDate right) => left.Equals(right);

    public static bool operator !=(DicomDate left, DicomDate right) => !left.Equals(right);

    internal static bool AllDigits(string s)
    {
        foreach (char c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    internal static int Digits(string s, int start, int count)
    {
        int v = 0;
        for (int i = start; i < start + count; i++)
        {
            v = (v * 10) + (s[i] - '0');
        }

        return v;
    }
}
