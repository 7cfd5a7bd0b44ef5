// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DicomAnon.Core;

/// <summary>A DICOM attribute tag (gggg,eeee). Equality and order follow the 32-bit value.</summary>
/// <threadsafety>Immutable value type; safe to share between threads.</threadsafety>
public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

    public DicomTag(uint value) => Value = value;

    public uint Value { get; }

    public ushort Group => (ushort)(Value >> 16);

    public ushort Element => (ushort)(Value & 0xFFFF);

    /// <summary>Odd group, other than the reserved groups 0001, 0003, 0005, 0007 and FFFF.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

    /// <summary>(gggg,0010)-(gggg,00FF) in a private group: reserves a block of 256 elements for a creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    /// <summary>Group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0x0000;

    /// <summary>For a private data element (gggg,xxee), the creator element (gggg,00xx) that reserves its block.</summary>
    public DicomTag? PrivateCreatorTag =>
        IsPrivate && Element >= 0x1000 ? new DicomTag(Group, (ushort)(Element >> 8)) : null;

    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);
    public static readonly DicomTag FileMetaInformationGroupLength = new(0x0002, 0x0000);
    public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>Parses "(0010,0010)", "0010,0010", "00100010" or "0010 0010".</summary>
    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (text is null)
        {
            return false;
        }

        string s = text.Trim();
        if (s.StartsWith("(", StringComparison.Ordinal) && s.EndsWith(")", StringComparison.Ordinal))
        {
            s = s.Substring(1, s.Length - 2);
        }

        s = s.Replace(",", string.Empty).Replace(" ", string.Empty);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    public static DicomTag Parse(string text) =>
        TryParse(text, out DicomTag tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee).");

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "({0:X4},{1:X4})", Group, Element);

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag t && Equals(t);

    public override int GetHashCode() => unchecked((int)Value);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator ==(DicomTag left, DicomTag right) => left.Equals(right);

    public static bool operator !=(DicomTag left, DicomTag right) => !left.Equals(right);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
