// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Runtime.InteropServices;
using DicomAnon.Core.IO;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// Numbers in DICOM values: lenient parsing and strict formatting of Decimal String (DS) and Integer String (IS),
/// and little-endian packing of the binary numeric VRs (PS3.5 6.2).
/// </summary>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
internal static class DicomNumberValues
{
    /// <summary>Largest magnitude of an IS value: -2^31 to 2^31-1 (PS3.5 Table 6.2-1).</summary>
    public const long IntegerStringMin = int.MinValue;

    public const long IntegerStringMax = int.MaxValue;

    /// <summary>
    /// Parses one DS value leniently: leading and trailing spaces (and NULs) are ignored, as are a leading '+' and
    /// lower-case 'e'. False for empty text, garbage, NaN and infinities (the caller warns).
    /// </summary>
    public static bool TryParseDecimalString(string? text, out double value)
    {
        value = 0;
        if (text is null)
        {
            return false;
        }

        string t = text.Trim(DicomTextChars.Padding);
        if (!IsDecimalSyntax(t))
        {
            return false;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>
    /// Parses one IS value leniently: surrounding spaces ignored, a leading '+' accepted, and an integral decimal such
    /// as "12.0" (a common writer mistake) accepted. False for empty text, garbage or values beyond 64 bits.
    /// Range (-2^31..2^31-1) is not enforced on reading; see <see cref="FormatIntegerString"/> for writing.
    /// </summary>
    public static bool TryParseIntegerString(string? text, out long value)
    {
        value = 0;
        if (text is null)
        {
            return false;
        }

        string t = text.Trim(DicomTextChars.Padding);
        if (t.Length == 0)
        {
            return false;
        }

        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (TryParseDecimalString(t, out double d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            value = (long)d;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Formats a DS value: at most 16 characters, the most precise such text (the shortest round-trip form when it
    /// fits, else the most significant digits that fit, switching to exponent form when that keeps more).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity (DS cannot hold them).</exception>
    public static string FormatDecimalString(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A DS value must be a finite number.");
        }

        string r = value.ToString("R", CultureInfo.InvariantCulture);
        if (r.Length <= 16 && double.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture) == value)
        {
            return r;
        }

        string? best = null;
        double bestError = double.PositiveInfinity;
        for (int precision = 17; precision >= 1; precision--)
        {
            foreach (string candidate in new[] { Compact(value.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)), Fixed(value, precision) })
            {
                if (candidate.Length == 0 || candidate.Length > 16)
                {
                    continue;
                }

                double error = Math.Abs(double.Parse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture) - value);
                if (error < bestError)
                {
                    best = candidate;
                    bestError = error;
                }
            }

            if (best is not null && bestError == 0)
            {
                break;
            }
        }

        return best!;
    }

    /// <summary>Formats an IS value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside -2^31..2^31-1 (PS3.5 Table 6.2-1).</exception>
    public static string FormatIntegerString(long value)
    {
        if (value < IntegerStringMin || value > IntegerStringMax)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "An IS value must lie between -2^31 and 2^31-1.");
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>DS syntax of PS3.5 Table 6.2-1 (after trimming): [+-] digits [. digits] [(E|e) [+-] digits], a digit somewhere in the mantissa.</summary>
    internal static bool IsDecimalSyntax(string t)
    {
        int i = 0, n = t.Length;
        if (i < n && (t[i] == '+' || t[i] == '-'))
        {
            i++;
        }

        int digits = 0;
        while (i < n && IsDigit(t[i]))
        {
            i++;
            digits++;
        }

        if (i < n && t[i] == '.')
        {
            i++;
            while (i < n && IsDigit(t[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < n && (t[i] == 'E' || t[i] == 'e'))
        {
            i++;
            if (i < n && (t[i] == '+' || t[i] == '-'))
            {
                i++;
            }

            int exponentDigits = 0;
            while (i < n && IsDigit(t[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == n;
    }

    internal static bool IsDigit(char c) => c >= '0' && c <= '9';

    internal static ushort[] ReadUInt16s(byte[] b)
    {
        ushort[] v = new ushort[b.Length / 2];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = LittleEndian.ReadUInt16(b, i * 2);
        }

        return v;
    }

    internal static uint[] ReadUInt32s(byte[] b)
    {
        uint[] v = new uint[b.Length / 4];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = LittleEndian.ReadUInt32(b, i * 4);
        }

        return v;
    }

    internal static ulong[] ReadUInt64s(byte[] b)
    {
        ulong[] v = new ulong[b.Length / 8];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = LittleEndian.ReadUInt64(b, i * 8);
        }

        return v;
    }

    /// <summary>
    /// Packs backslash-separated numbers as little-endian values of a binary numeric VR (US, SS, UL, SL, FL, FD).
    /// False, with no bytes, when the VR is not one of them or any value does not parse or fit.
    /// </summary>
    internal static bool TryPack(string text, DicomVR vr, out byte[]? bytes)
    {
        bytes = null;
        int size = DicomVRInfo.ValueSize(vr);
        string[] parts = text.Split(DicomTextChars.Backslash);
        byte[] b = new byte[parts.Length * size];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryParseBits(parts[i].Trim(), vr, out ulong bits))
            {
                return false;
            }

            switch (size)
            {
                case 2:
                    LittleEndian.WriteUInt16(b, i * 2, (ushort)bits);
                    break;
                case 4:
                    LittleEndian.WriteUInt32(b, i * 4, (uint)bits);
                    break;
                default:
                    LittleEndian.WriteUInt64(b, i * 8, bits);
                    break;
            }
        }

        bytes = b;
        return true;
    }

    /// <summary>One value of a binary numeric VR as its bit pattern (two's complement, IEEE 754); false for other VRs.</summary>
    private static bool TryParseBits(string s, DicomVR vr, out ulong bits)
    {
        const NumberStyles Integer = NumberStyles.Integer;
        const NumberStyles Float = NumberStyles.Float;
        CultureInfo c = CultureInfo.InvariantCulture;
        switch (vr)
        {
            case DicomVR.US when ushort.TryParse(s, Integer, c, out ushort us):
                bits = us;
                return true;
            case DicomVR.SS when short.TryParse(s, Integer, c, out short ss):
                bits = unchecked((ushort)ss);
                return true;
            case DicomVR.UL when uint.TryParse(s, Integer, c, out uint ul):
                bits = ul;
                return true;
            case DicomVR.SL when int.TryParse(s, Integer, c, out int sl):
                bits = unchecked((uint)sl);
                return true;
            case DicomVR.FL when float.TryParse(s, Float, c, out float fl):
                bits = SingleToBits(fl);
                return true;
            case DicomVR.FD when double.TryParse(s, Float, c, out double fd):
                bits = DoubleToBits(fd);
                return true;
            default:
                bits = 0;
                return false;
        }
    }

    // Reinterpretation through an overlay, not BitConverter: the value's bits, whatever the machine's byte order.
    internal static float SingleFromBits(uint bits) => new Overlay { U32 = bits }.F32;

    internal static uint SingleToBits(float value) => new Overlay { F32 = value }.U32;

    internal static double DoubleFromBits(ulong bits) => new Overlay { U64 = bits }.F64;

    internal static ulong DoubleToBits(double value) => new Overlay { F64 = value }.U64;

    /// <summary>Drops the '+' and leading exponent zeros .NET writes ("1E+020" style is never produced, but "E+15" becomes "E15").</summary>
    private static string Compact(string s)
    {
        int e = s.IndexOf('E');
        if (e < 0)
        {
            return s;
        }

        string mantissa = s.Substring(0, e);
        string exponent = s.Substring(e + 1);
        bool negative = exponent.StartsWith("-", StringComparison.Ordinal);
        exponent = exponent.TrimStart('+', '-').TrimStart('0');
        if (exponent.Length == 0)
        {
            return mantissa;
        }

        return mantissa + "E" + (negative ? "-" : string.Empty) + exponent;
    }

    /// <summary>Fixed-point form with <paramref name="decimals"/> digits after the point, trailing zeros trimmed.</summary>
    private static string Fixed(double value, int decimals)
    {
        if (Math.Abs(value) >= 1e16)
        {
            return string.Empty;
        }

        string s = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (s.IndexOf('.') >= 0)
        {
            s = s.TrimEnd('0').TrimEnd('.');
        }

        return s == "-0" && value == 0 ? "0" : s;
    }

    [StructLayout(LayoutKind.Explicit)]
    private struct Overlay
    {
        [FieldOffset(0)]
        public float F32;

        [FieldOffset(0)]
        public uint U32;

        [FieldOffset(0)]
        public double F64;

        [FieldOffset(0)]
        public ulong U64;
    }
}
