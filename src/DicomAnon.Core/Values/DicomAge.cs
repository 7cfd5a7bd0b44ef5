// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>One AS value (PS3.5 6.2): nnnD, nnnW, nnnM or nnnY, 000-999.</summary>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
internal readonly struct DicomAge : IEquatable<DicomAge>
{
    public DicomAge(int value, DicomAgeUnit unit)
    {
        if (value is < 0 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "An age is 000-999 units.");
        }

        Value = value;
        Unit = unit;
    }

    public int Value { get; }

    public DicomAgeUnit Unit { get; }

    public static bool TryParse(string? text, out DicomAge age)
    {
        age = default;
        string s = (text ?? string.Empty).Trim(DicomTextChars.Padding);
        if (s.Length != 4 || !DicomDate.AllDigits(s.Substring(0, 3)))
        {
            return false;
        }

        DicomAgeUnit? unit = s[3] switch
        {
            'D' => DicomAgeUnit.Days,
            'W' => DicomAgeUnit.Weeks,
            'M' => DicomAgeUnit.Months,
            'Y' => DicomAgeUnit.Years,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        age = new DicomAge(DicomDate.Digits(s, 0, 3), unit.Value);
        return true;
    }

    public static DicomAge Parse(string text) =>
        TryParse(text, out DicomAge a) ? a : throw new FormatException("Not a DICOM AS value (expected nnnD, nnnW, nnnM or nnnY).");

    /// <summary>
    /// The age on <paramref name="at"/> of someone born on <paramref name="birth"/>, in completed units:
    /// days below 28 days, months below 2 years, years otherwise (capped at 999).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="at"/> is before <paramref name="birth"/>.</exception>
    public static DicomAge FromDates(DateTime birth, DateTime at)
    {
        birth = birth.Date;
        at = at.Date;
        if (at < birth)
        {
            throw new ArgumentException("The date of the age is before the birth date.", nameof(at));
        }

        int days = (int)(at - birth).TotalDays;
        if (days < 28)
        {
            return new DicomAge(days, DicomAgeUnit.Days);
        }

        int months = ((at.Year - birth.Year) * 12) + at.Month - birth.Month - (at.Day < birth.Day ? 1 : 0);
        if (months < 24)
        {
            return new DicomAge(months, DicomAgeUnit.Months);
        }

        return new DicomAge(Math.Min(999, months / 12), DicomAgeUnit.Years);
    }

    public override string ToString() =>
        Value.ToString("D3", CultureInfo.InvariantCulture) + Unit switch
        {
            DicomAgeUnit.Days => "D",
            DicomAgeUnit.Weeks => "W",
            DicomAgeUnit.Months => "M",
            _ => "Y",
        };

    public bool Equals(DicomAge other) => Value == other.Value && Unit == other.Unit;

    public override bool Equals(object? obj) => obj is DicomAge a && Equals(a);

    public override int GetHashCode() => (Value * 4) + (int)Unit;

    public static bool operator ==(DicomAge left, DicomAge right) => left.Equals(right);

    public static bool operator !=(DicomAge left, DicomAge right) => !left.Equals(right);
}
