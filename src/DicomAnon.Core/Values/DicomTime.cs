// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// One TM value (PS3.5 6.2): HH[MM[SS[.F{1,6}]]]; the ACR-NEMA form HH:MM:SS is read too. The fraction is kept
/// as written (its digits), so a value round-trips without gaining or losing precision.
/// </summary>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
internal readonly struct DicomTime : IEquatable<DicomTime>
{
    private readonly string? _fraction;

    private DicomTime(int hour, int minute, int second, int components, string? fraction)
    {
        Hour = hour;
        Minute = minute;
        Second = second;
        Components = components;
        _fraction = fraction;
    }

    public int Hour { get; }

    /// <summary>0-59 (0 when absent).</summary>
    public int Minute { get; }

    /// <summary>0-60 (60 for a leap second; 0 when absent).</summary>
    public int Second { get; }

    /// <summary>How many of HH, MM, SS the value states (1-3).</summary>
    public int Components { get; }

    /// <summary>The fraction digits after the point (1-6 digits), or empty.</summary>
    public string Fraction => _fraction ?? string.Empty;

    public static DicomTime Create(int hour, int minute = 0, int second = 0) =>
        hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 60
            ? throw new ArgumentOutOfRangeException(nameof(hour), "Not a time of day.")
            : new DicomTime(hour, minute, second, 3, null);

    public static bool TryParse(string? text, out DicomTime time)
    {
        time = default;
        if (text is null)
        {
            return false;
        }

        string s = text.Trim(DicomTextChars.Padding);
        if (s.IndexOf(':') >= 0)
        {
            s = s.Replace(":", string.Empty); // ACR-NEMA HH:MM:SS
        }

        string? fraction = null;
        int dot = s.IndexOf('.');
        if (dot >= 0)
        {
            fraction = s.Substring(dot + 1);
            s = s.Substring(0, dot);
            if (s.Length != 6 || fraction.Length is < 1 or > 6 || !DicomDate.AllDigits(fraction))
            {
                return false;
            }
        }

        if ((s.Length != 2 && s.Length != 4 && s.Length != 6) || !DicomDate.AllDigits(s))
        {
            return false;
        }

        int h = DicomDate.Digits(s, 0, 2);
        int m = s.Length >= 4 ? DicomDate.Digits(s, 2, 2) : 0;
        int sec = s.Length == 6 ? DicomDate.Digits(s, 4, 2) : 0;
        if (h > 23 || m > 59 || sec > 60)
        {
            return false;
        }

        time = new DicomTime(h, m, sec, s.Length / 2, fraction);
        return true;
    }

    public static DicomTime Parse(string text) =>
        TryParse(text, out DicomTime t) ? t : throw new FormatException("Not a DICOM TM value (expected HHMMSS.FFFFFF).");

    public override string ToString()
    {
        string s = Hour.ToString("D2", CultureInfo.InvariantCulture);
        if (Components >= 2)
        {
            s += Minute.ToString("D2", CultureInfo.InvariantCulture);
        }

        if (Components >= 3)
        {
            s += Second.ToString("D2", CultureInfo.InvariantCulture);
            if (Fraction.Length > 0)
            {
                s += "." + Fraction;
            }
        }

        return s;
    }

    public bool Equals(DicomTime other) =>
        Hour == other.Hour && Minute == other.Minute && Second == other.Second && Components == other.Components &&
        string.Equals(Fraction, other.Fraction, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DicomTime t && Equals(t);

    public override int GetHashCode() => unchecked((((Hour * 64) + Minute) * 64) + Second + (Components << 20));

    public static bool operator ==(DicomTime left, DicomTime right) => left.Equals(right);

    public static bool operator !=(DicomTime left, DicomTime right) => !left.Equals(right);
}
