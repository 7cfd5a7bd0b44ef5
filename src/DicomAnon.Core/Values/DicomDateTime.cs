// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// One DT value (PS3.5 6.2): YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&amp;ZZXX], where the optional suffix is a UTC offset
/// (+hhmm or -hhmm). The offset and the precision are kept when the value is shifted.
/// </summary>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
internal readonly struct DicomDateTime : IEquatable<DicomDateTime>
{
    private readonly string? _utcOffset;

    public DicomDateTime(DicomDate date, DicomTime? time, string? utcOffset)
    {
        if (time is not null && date.Precision != DicomDatePrecision.Day)
        {
            throw new ArgumentException("A time needs a full date.", nameof(time));
        }

        if (utcOffset is not null && !IsOffset(utcOffset))
        {
            throw new ArgumentException("Expected a UTC offset of the form +hhmm or -hhmm.", nameof(utcOffset));
        }

        Date = date;
        Time = time;
        _utcOffset = utcOffset;
    }

    public DicomDate Date { get; }

    public DicomTime? Time { get; }

    /// <summary>The UTC offset suffix as written ("+0100", "-0500"), or null.</summary>
    public string? UtcOffset => _utcOffset;

    public static bool TryParse(string? text, out DicomDateTime value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        string s = text.Trim(DicomTextChars.Padding);
        string? offset = null;
        if (s.Length >= 9)
        {
            // The offset begins at the last + or - (the value itself has no signs).
            int sign = Math.Max(s.LastIndexOf('+'), s.LastIndexOf('-'));
            if (sign > 0)
            {
                offset = s.Substring(sign);
                s = s.Substring(0, sign);
                if (!IsOffset(offset))
                {
                    return false;
                }
            }
        }

        if (s.Length < 4)
        {
            return false;
        }

        int dateLength = Math.Min(s.Length, 8);
        int dot = s.IndexOf('.');
        if (dot >= 0 && dot < 8)
        {
            return false;
        }

        if (!DicomDate.TryParse(s.Substring(0, dateLength), out DicomDate date) || s.Substring(0, dateLength).IndexOf('.') >= 0)
        {
            return false;
        }

        DicomTime? time = null;
        if (s.Length > 8)
        {
            if (!DicomTime.TryParse(s.Substring(8), out DicomTime t) || s.IndexOf(':') >= 0)
            {
                return false;
            }

            time = t;
        }

        value = new DicomDateTime(date, time, offset);
        return true;
    }

    public static DicomDateTime Parse(string text) =>
        TryParse(text, out DicomDateTime v) ? v : throw new FormatException("Not a DICOM DT value.");

    /// <summary>Shifts the date part by whole days; the time of day, precision and UTC offset are kept.</summary>
    public bool TryAddDays(int days, out DicomDateTime result)
    {
        if (!Date.TryAddDays(days, out DicomDate d))
        {
            result = default;
            return false;
        }

        result = new DicomDateTime(d, Time, _utcOffset);
        return true;
    }

    public DicomDateTime AddDays(int days) =>
        TryAddDays(days, out DicomDateTime r) ? r : throw new ArgumentOutOfRangeException(nameof(days), "The shifted date is outside years 0001-9999.");

    public override string ToString() => Date.ToString() + (Time?.ToString() ?? string.Empty) + (_utcOffset ?? string.Empty);

    public bool Equals(DicomDateTime other) =>
        Date == other.Date && Nullable.Equals(Time, other.Time) && string.Equals(_utcOffset, other._utcOffset, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DicomDateTime d && Equals(d);

    public override int GetHashCode() => unchecked((Date.GetHashCode() * 31) + (Time?.GetHashCode() ?? 0));

    public static bool operator ==(DicomDateTime left, DicomDateTime right) => left.Equals(right);

    public static bool operator !=(DicomDateTime left, DicomDateTime right) => !left.Equals(right);

    private static bool IsOffset(string s) =>
        s.Length == 5 && (s[0] == '+' || s[0] == '-') && DicomDate.AllDigits(s.Substring(1)) &&
        DicomDate.Digits(s, 1, 2) <= 14 && DicomDate.Digits(s, 3, 2) <= 59;
}
