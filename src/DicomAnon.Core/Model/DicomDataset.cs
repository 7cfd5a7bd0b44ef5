// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core.IO;
using DicomAnon.Core.Text;

namespace DicomAnon.Core;

/// <summary>
/// An ordered set of data elements (a whole dataset, the file meta group, or one sequence item).
/// Elements stay sorted by tag; appending in order (what the reader does) is O(1).
/// </summary>
/// <threadsafety>Not thread-safe for writes; one dataset belongs to one file being processed.</threadsafety>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements = new();
    private DicomValueElement? _characterSetSource;
    private DicomCharacterSet? _characterSet;

    public DicomDataset()
    {
    }

    public DicomDataset(IEnumerable<DicomElement> elements)
    {
        foreach (DicomElement e in elements)
        {
            Set(e);
        }
    }

    public int Count => _elements.Count;

    /// <summary>The sequence this dataset is an item of (null for a top-level dataset).</summary>
    public DicomSequence? ParentSequence { get; internal set; }

    /// <summary>The dataset that contains <see cref="ParentSequence"/>.</summary>
    public DicomDataset? Parent => ParentSequence?.Owner;

    /// <summary>For an item: true when read with (or to be written with) undefined length and an Item Delimitation Item.</summary>
    public bool IsUndefinedLength { get; set; } = true;

    /// <summary>
    /// The character set that applies to this dataset's text: its own (0008,0005) if present, else the
    /// enclosing dataset's (PS3.5 7.5.3: items inherit unless they declare their own).
    /// </summary>
    internal DicomCharacterSet CharacterSet
    {
        get
        {
            if (TryGetElement(DicomTag.SpecificCharacterSet, out DicomElement? e) && e is DicomValueElement v)
            {
                // Elements are immutable: the parsed set stays valid while the same element is in place.
                if (!ReferenceEquals(v, _characterSetSource))
                {
                    byte[] b = v.GetBytes();
                    _characterSet = DicomCharacterSet.FromSpecificCharacterSet(DicomCharacterSet.Default.Decode(b, 0, b.Length, DicomVR.CS));
                    _characterSetSource = v;
                }

                return _characterSet!;
            }

            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public DicomElement? this[DicomTag tag] => TryGetElement(tag, out DicomElement? e) ? e : null;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public bool TryGetElement(DicomTag tag, out DicomElement? element)
    {
        int i = IndexOf(tag);
        element = i >= 0 ? _elements[i] : null;
        return i >= 0;
    }

    /// <summary>Adds the element, replacing any element with the same tag. Sequences become owned by this dataset.</summary>
    public void Set(DicomElement element)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        if (element is DicomSequence sq)
        {
            sq.Owner = this;
        }

        int n = _elements.Count;
        if (n == 0 || _elements[n - 1].Tag < element.Tag)
        {
            _elements.Add(element);
            return;
        }

        int i = IndexOf(element.Tag);
        if (i >= 0)
        {
            _elements[i] = element;
        }
        else
        {
            _elements.Insert(~i, element);
        }
    }

    /// <summary>Same as <see cref="Set"/>; lets datasets be written with collection initializers.</summary>
    public void Add(DicomElement element) => Set(element);

    public bool Remove(DicomTag tag)
    {
        int i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }

        _elements.RemoveAt(i);
        return true;
    }

    /// <summary>Removes every element that matches; returns how many were removed.</summary>
    public int RemoveAll(Predicate<DicomElement> match) => _elements.RemoveAll(match);

    public void Clear() => _elements.Clear();

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();

    /// <summary>The element at <paramref name="index"/> in tag order: hot loops index instead of enumerating (no enumerator is boxed).</summary>
    internal DicomElement ElementAt(int index) => _elements[index];

    /// <summary>Copies the elements in tag order to the start of <paramref name="array"/>.</summary>
    internal void CopyTo(DicomElement[] array) => _elements.CopyTo(array, 0);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The creator string of the private block that <paramref name="tag"/> belongs to, if this dataset reserves it.</summary>
    public string? FindPrivateCreator(DicomTag tag)
    {
        DicomTag? creatorTag = tag.PrivateCreatorTag;
        return creatorTag is DicomTag ct ? GetString(ct)?.Trim() : null;
    }

    /// <summary>
    /// Finds the block reserved by <paramref name="creator"/> in <paramref name="group"/>, reserving the first free
    /// one if none exists; returns the block number xx (elements are (gggg,xx00)-(gggg,xxFF)).
    /// </summary>
    public byte ReservePrivateBlock(ushort group, string creator)
    {
        if ((group & 1) == 0)
        {
            throw new ArgumentException("Private groups are odd.", nameof(group));
        }

        for (int block = 0x10; block <= 0xFF; block++)
        {
            var ct = new DicomTag(group, (ushort)block);
            string? existing = GetString(ct)?.Trim();
            if (existing is null)
            {
                SetString(ct, DicomVR.LO, creator);
                return (byte)block;
            }

            if (string.Equals(existing, creator, StringComparison.Ordinal))
            {
                return (byte)block;
            }
        }

        throw new InvalidOperationException($"Group {group:X4} has no free private block.");
    }

    /// <summary>The whole decoded text of a string element (all values, backslashes kept), padding trimmed; null if absent.</summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGetElement(tag, out DicomElement? e) || e is not DicomValueElement v)
        {
            return null;
        }

        byte[] b = v.GetBytes();
        string s = (DicomVRInfo.UsesSpecificCharacterSet(v.VR) ? CharacterSet : DicomCharacterSet.Default).Decode(b, 0, b.Length, v.VR);
        return TrimPadding(s, v.VR);
    }

    /// <summary>The values of a multi-valued string element, each trimmed of padding; empty if absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!TryGetElement(tag, out DicomElement? e) || e is not DicomValueElement v)
        {
            return Array.Empty<string>();
        }

        string? whole = GetString(tag);
        if (string.IsNullOrEmpty(whole))
        {
            return Array.Empty<string>();
        }

        if (DicomVRInfo.IsSingleValuedText(v.VR))
        {
            return new[] { whole! };
        }

        string[] parts = whole!.Split(DicomTextChars.Backslash);
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimPadding(parts[i], v.VR);
        }

        return parts;
    }

    /// <summary>Writes a string value in this dataset's character set, padded to even length.</summary>
    public void SetString(DicomTag tag, DicomVR vr, string value, string? privateCreator = null)
    {
        byte[] encoded = (DicomVRInfo.UsesSpecificCharacterSet(vr) ? CharacterSet : DicomCharacterSet.Default).Encode(value, vr);
        Set(new DicomValueElement(tag, vr, PadToEven(encoded, vr), privateCreator ?? (tag.IsPrivate ? FindPrivateCreator(tag) : null)));
    }

    public void SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values) =>
        SetString(tag, vr, string.Join("\\", values));

    /// <summary>First value of a US element (or of SS/UL/SL/IS when it fits), else null.</summary>
    public ushort? GetUInt16(DicomTag tag)
    {
        long? v = GetInteger(tag, 0);
        return v is long l && l >= 0 && l <= ushort.MaxValue ? (ushort)l : null;
    }

    /// <summary>Value <paramref name="index"/> of an integer element (US, SS, UL, SL, SV, UV, IS), else null.</summary>
    public long? GetInteger(DicomTag tag, int index = 0)
    {
        if (!TryGetElement(tag, out DicomElement? e) || e is not DicomValueElement v || index < 0)
        {
            return null;
        }

        if (v.VR == DicomVR.IS)
        {
            string[] s = GetStrings(tag);
            return index < s.Length && long.TryParse(s[index].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : null;
        }

        int size = DicomVRInfo.ValueSize(v.VR);
        byte[] b = v.GetBytes();
        if (size == 0 || (long)(index + 1) * size > b.Length)
        {
            return null;
        }

        int o = index * size;
        return v.VR switch
        {
            DicomVR.US => LittleEndian.ReadUInt16(b, o),
            DicomVR.SS => unchecked((short)LittleEndian.ReadUInt16(b, o)),
            DicomVR.UL => LittleEndian.ReadUInt32(b, o),
            DicomVR.SL => unchecked((int)LittleEndian.ReadUInt32(b, o)),
            DicomVR.SV => unchecked((long)LittleEndian.ReadUInt64(b, o)),
            DicomVR.UV => LittleEndian.ReadUInt64(b, o) <= long.MaxValue ? (long)LittleEndian.ReadUInt64(b, o) : null,
            _ => null,
        };
    }

    public void SetUInt16(DicomTag tag, params ushort[] values)
    {
        byte[] b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt16(b, i * 2, values[i]);
        }

        Set(new DicomValueElement(tag, DicomVR.US, b));
    }

    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>Pads an encoded value to even length with the VR's padding byte (PS3.5 6.2).</summary>
    public static byte[] PadToEven(byte[] value, DicomVR vr)
    {
        if ((value.Length & 1) == 0)
        {
            return value;
        }

        byte[] padded = new byte[value.Length + 1];
        Buffer.BlockCopy(value, 0, padded, 0, value.Length);
        padded[value.Length] = DicomVRInfo.PaddingByte(vr);
        return padded;
    }

    private static string TrimPadding(string s, DicomVR vr)
    {
        if (vr == DicomVR.UI)
        {
            return s.TrimEnd('\0', ' ');
        }

        // Leading spaces are significant in LT/ST/UT (PS3.5 6.2); trailing padding is never a value.
        return DicomVRInfo.IsSingleValuedText(vr) ? s.TrimEnd(DicomTextChars.Padding) : s.Trim(DicomTextChars.Padding);
    }

    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = _elements.Count - 1;
        uint key = tag.Value;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            uint v = _elements[mid].Tag.Value;
            if (v == key)
            {
                return mid;
            }

            if (v < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
