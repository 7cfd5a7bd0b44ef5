// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// Typed access to element values: binary numbers of every numeric VR, AT, DS and IS, and validated strings.
/// Reading is lenient (an absent element gives an empty array; DS/IS garbage gives a null entry for the caller to
/// warn about; trailing bytes short of a whole value are ignored). Writing is strict: every setter validates and
/// throws <see cref="ArgumentException"/> naming the tag and VR (never the value) instead of writing an invalid value.
/// </summary>
/// <remarks>
/// A getter throws <see cref="InvalidOperationException"/> when the element exists with a VR that cannot hold the
/// requested type (for example <see cref="GetSingleValues"/> on a US element). UN elements are read as the
/// requested type. Each setter names the <c>Read</c> method that reverses it.
/// </remarks>
internal static class DicomDatasetValueExtensions
{
    private const long MaxShortLength = 0xFFFE;
    private const long MaxLongLength = 0xFFFFFFFE;

    // ---- Reading text with a warning signal ----

    /// <summary>
    /// The decoded text of a string element, as <see cref="DicomDataset.GetString"/> gives it (padding trimmed), and
    /// whether some bytes were not valid in the character set in force (they were replaced with U+FFFD, or read as
    /// Latin-1 where no G1 set was designated), so the caller can warn. Null when the element is absent or not a value.
    /// </summary>
    public static string? GetString(this DicomDataset dataset, DicomTag tag, out bool hadInvalidBytes)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        hadInvalidBytes = false;
        if (dataset[tag] is not DicomValueElement v)
        {
            return null;
        }

        byte[] b = v.GetBytes();
        DicomCharacterSet cs = DicomVRInfo.UsesSpecificCharacterSet(v.VR) ? dataset.CharacterSet : DicomCharacterSet.Default;
        string s = cs.Decode(b, 0, b.Length, v.VR, out hadInvalidBytes);
        if (v.VR == DicomVR.UI)
        {
            return s.TrimEnd('\0', ' ');
        }

        return DicomVRInfo.IsSingleValuedText(v.VR) ? s.TrimEnd(DicomTextChars.Padding) : s.Trim(DicomTextChars.Padding);
    }

    // ---- Reading binary numbers ----

    /// <summary>Values of a US or OW element (or UN read as 16-bit unsigned).</summary>
    public static ushort[] GetUInt16Values(this DicomDataset dataset, DicomTag tag) =>
        Bytes(dataset, tag, DicomVR.US, DicomVR.OW) is byte[] b ? DicomNumberValues.ReadUInt16s(b) : Array.Empty<ushort>();

    /// <summary>Values of an SS element.</summary>
    public static short[] GetInt16Values(this DicomDataset dataset, DicomTag tag) =>
        Array.ConvertAll(Bytes(dataset, tag, DicomVR.SS, DicomVR.SS) is byte[] b ? DicomNumberValues.ReadUInt16s(b) : Array.Empty<ushort>(), v => unchecked((short)v));

    /// <summary>Values of a UL or OL element.</summary>
    public static uint[] GetUInt32Values(this DicomDataset dataset, DicomTag tag) =>
        Bytes(dataset, tag, DicomVR.UL, DicomVR.OL) is byte[] b ? DicomNumberValues.ReadUInt32s(b) : Array.Empty<uint>();

    /// <summary>Values of an SL element.</summary>
    public static int[] GetInt32Values(this DicomDataset dataset, DicomTag tag) =>
        Array.ConvertAll(Bytes(dataset, tag, DicomVR.SL, DicomVR.SL) is byte[] b ? DicomNumberValues.ReadUInt32s(b) : Array.Empty<uint>(), v => unchecked((int)v));

    /// <summary>Values of a UV or OV element.</summary>
    public static ulong[] GetUInt64Values(this DicomDataset dataset, DicomTag tag) =>
        Bytes(dataset, tag, DicomVR.UV, DicomVR.OV) is byte[] b ? DicomNumberValues.ReadUInt64s(b) : Array.Empty<ulong>();

    /// <summary>Values of an SV element.</summary>
    public static long[] GetInt64Values(this DicomDataset dataset, DicomTag tag) =>
        Array.ConvertAll(Bytes(dataset, tag, DicomVR.SV, DicomVR.SV) is byte[] b ? DicomNumberValues.ReadUInt64s(b) : Array.Empty<ulong>(), v => unchecked((long)v));

    /// <summary>Values of an FL or OF element.</summary>
    public static float[] GetSingleValues(this DicomDataset dataset, DicomTag tag) =>
        Array.ConvertAll(Bytes(dataset, tag, DicomVR.FL, DicomVR.OF) is byte[] b ? DicomNumberValues.ReadUInt32s(b) : Array.Empty<uint>(), DicomNumberValues.SingleFromBits);

    /// <summary>Values of an FD or OD element.</summary>
    public static double[] GetDoubleValues(this DicomDataset dataset, DicomTag tag) =>
        Array.ConvertAll(Bytes(dataset, tag, DicomVR.FD, DicomVR.OD) is byte[] b ? DicomNumberValues.ReadUInt64s(b) : Array.Empty<ulong>(), DicomNumberValues.DoubleFromBits);

    /// <summary>Values of an AT element (each a group then an element number, 16 bits each).</summary>
    public static DicomTag[] GetTagValues(this DicomDataset dataset, DicomTag tag)
    {
        if (Bytes(dataset, tag, DicomVR.AT, DicomVR.AT) is not byte[] b)
        {
            return Array.Empty<DicomTag>();
        }

        var tags = new DicomTag[b.Length / 4];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = new DicomTag(LittleEndian.ReadUInt16(b, i * 4), LittleEndian.ReadUInt16(b, (i * 4) + 2));
        }

        return tags;
    }

    // ---- Reading DS, IS and any number ----

    /// <summary>Values of a DS element, parsed leniently; an entry is null where the text is not a number (warn).</summary>
    public static double?[] GetDecimalStringValues(this DicomDataset dataset, DicomTag tag)
    {
        string[] texts = Strings(dataset, tag, DicomVR.DS);
        return Array.ConvertAll(texts, t => DicomNumberValues.TryParseDecimalString(t, out double d) ? d : (double?)null);
    }

    /// <summary>Values of an IS element, parsed leniently; an entry is null where the text is not an integer (warn).</summary>
    public static long?[] GetIntegerStringValues(this DicomDataset dataset, DicomTag tag)
    {
        string[] texts = Strings(dataset, tag, DicomVR.IS);
        return Array.ConvertAll(texts, t => DicomNumberValues.TryParseIntegerString(t, out long n) ? n : (long?)null);
    }

    /// <summary>The values of any numeric element (US, SS, UL, SL, SV, UV, FL, FD, OW, OL, OV, OF, OD, DS, IS) as doubles; null entries for DS/IS garbage.</summary>
    public static double?[] GetNumbers(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        if (dataset[tag] is not DicomElement e)
        {
            return Array.Empty<double?>();
        }

        return e.VR switch
        {
            DicomVR.US or DicomVR.OW => Array.ConvertAll(dataset.GetUInt16Values(tag), v => (double?)v),
            DicomVR.SS => Array.ConvertAll(dataset.GetInt16Values(tag), v => (double?)v),
            DicomVR.UL or DicomVR.OL => Array.ConvertAll(dataset.GetUInt32Values(tag), v => (double?)v),
            DicomVR.SL => Array.ConvertAll(dataset.GetInt32Values(tag), v => (double?)v),
            DicomVR.UV or DicomVR.OV => Array.ConvertAll(dataset.GetUInt64Values(tag), v => (double?)v),
            DicomVR.SV => Array.ConvertAll(dataset.GetInt64Values(tag), v => (double?)v),
            DicomVR.FL or DicomVR.OF => Array.ConvertAll(dataset.GetSingleValues(tag), v => (double?)v),
            DicomVR.FD or DicomVR.OD => Array.ConvertAll(dataset.GetDoubleValues(tag), v => (double?)v),
            DicomVR.DS => dataset.GetDecimalStringValues(tag),
            DicomVR.IS => Array.ConvertAll(dataset.GetIntegerStringValues(tag), v => v is long l ? l : (double?)null),
            _ => throw WrongVR(tag, e.VR, "a number"),
        };
    }

    /// <summary>Value <paramref name="index"/> of a numeric element as a double (see <see cref="GetNumbers"/>); null if absent or not a number.</summary>
    public static double? GetNumber(this DicomDataset dataset, DicomTag tag, int index = 0)
    {
        double?[] values = dataset.GetNumbers(tag);
        return index >= 0 && index < values.Length ? values[index] : null;
    }

    /// <summary>
    /// The value multiplicity actually present: values separated by backslash for multi-valued strings (0 when
    /// empty, 1 for LT/ST/UT/UR), whole values for binary VRs, items for a sequence; 0 when absent.
    /// </summary>
    public static int GetValueCount(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        switch (dataset[tag])
        {
            case DicomSequence sq:
                return sq.Items.Count;
            case DicomValueElement v when DicomVRInfo.IsString(v.VR):
                return dataset.GetStrings(tag).Length;
            case DicomValueElement v:
                int size = v.VR switch
                {
                    DicomVR.OW => 2,
                    DicomVR.OF or DicomVR.OL => 4,
                    DicomVR.OD or DicomVR.OV => 8,
                    _ => DicomVRInfo.ValueSize(v.VR),
                };
                return size == 0 ? (v.Length > 0 ? 1 : 0) : (int)Math.Min(int.MaxValue, v.Length / size);
            case null:
                return 0;
            default:
                return 1;
        }
    }

    // ---- Writing binary numbers ----

    /// <summary>Sets a US element. Reverse: <see cref="GetUInt16Values"/>.</summary>
    public static void SetUS(this DicomDataset dataset, DicomTag tag, params ushort[] values) => Put(dataset, tag, DicomVR.US, Pack16(values));

    /// <summary>Sets an OW element. Reverse: <see cref="GetUInt16Values"/>.</summary>
    public static void SetOW(this DicomDataset dataset, DicomTag tag, ushort[] values) => Put(dataset, tag, DicomVR.OW, Pack16(values));

    /// <summary>Sets an SS element. Reverse: <see cref="GetInt16Values"/>.</summary>
    public static void SetSS(this DicomDataset dataset, DicomTag tag, params short[] values) =>
        Put(dataset, tag, DicomVR.SS, Pack16(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), v => unchecked((ushort)v))));

    /// <summary>Sets a UL element. Reverse: <see cref="GetUInt32Values"/>.</summary>
    public static void SetUL(this DicomDataset dataset, DicomTag tag, params uint[] values) => Put(dataset, tag, DicomVR.UL, Pack32(values));

    /// <summary>Sets an OL element. Reverse: <see cref="GetUInt32Values"/>.</summary>
    public static void SetOL(this DicomDataset dataset, DicomTag tag, uint[] values) => Put(dataset, tag, DicomVR.OL, Pack32(values));

    /// <summary>Sets an SL element. Reverse: <see cref="GetInt32Values"/>.</summary>
    public static void SetSL(this DicomDataset dataset, DicomTag tag, params int[] values) =>
        Put(dataset, tag, DicomVR.SL, Pack32(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), v => unchecked((uint)v))));

    /// <summary>Sets a UV element. Reverse: <see cref="GetUInt64Values"/>.</summary>
    public static void SetUV(this DicomDataset dataset, DicomTag tag, params ulong[] values) => Put(dataset, tag, DicomVR.UV, Pack64(values));

    /// <summary>Sets an OV element. Reverse: <see cref="GetUInt64Values"/>.</summary>
    public static void SetOV(this DicomDataset dataset, DicomTag tag, ulong[] values) => Put(dataset, tag, DicomVR.OV, Pack64(values));

    /// <summary>Sets an SV element. Reverse: <see cref="GetInt64Values"/>.</summary>
    public static void SetSV(this DicomDataset dataset, DicomTag tag, params long[] values) =>
        Put(dataset, tag, DicomVR.SV, Pack64(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), v => unchecked((ulong)v))));

    /// <summary>Sets an FL element (IEEE 754 single). Reverse: <see cref="GetSingleValues"/>.</summary>
    public static void SetFL(this DicomDataset dataset, DicomTag tag, params float[] values) =>
        Put(dataset, tag, DicomVR.FL, Pack32(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), DicomNumberValues.SingleToBits)));

    /// <summary>Sets an OF element. Reverse: <see cref="GetSingleValues"/>.</summary>
    public static void SetOF(this DicomDataset dataset, DicomTag tag, float[] values) =>
        Put(dataset, tag, DicomVR.OF, Pack32(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), DicomNumberValues.SingleToBits)));

    /// <summary>Sets an FD element (IEEE 754 double). Reverse: <see cref="GetDoubleValues"/>.</summary>
    public static void SetFD(this DicomDataset dataset, DicomTag tag, params double[] values) =>
        Put(dataset, tag, DicomVR.FD, Pack64(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), DicomNumberValues.DoubleToBits)));

    /// <summary>Sets an OD element. Reverse: <see cref="GetDoubleValues"/>.</summary>
    public static void SetOD(this DicomDataset dataset, DicomTag tag, double[] values) =>
        Put(dataset, tag, DicomVR.OD, Pack64(Array.ConvertAll(values ?? throw new ArgumentNullException(nameof(values)), DicomNumberValues.DoubleToBits)));

    /// <summary>Sets an AT element. Reverse: <see cref="GetTagValues"/>.</summary>
    public static void SetAT(this DicomDataset dataset, DicomTag tag, params DicomTag[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        byte[] b = new byte[checked(values.Length * 4)];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt16(b, i * 4, values[i].Group);
            LittleEndian.WriteUInt16(b, (i * 4) + 2, values[i].Element);
        }

        Put(dataset, tag, DicomVR.AT, b);
    }

    // ---- Writing DS, IS and strings ----

    /// <summary>Sets a DS element, each value formatted in at most 16 characters. Reverse: <see cref="GetDecimalStringValues"/>.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or the tag is not DS.</exception>
    public static void SetDS(this DicomDataset dataset, DicomTag tag, params double[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        string[] texts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
            {
                throw Invalid(tag, DicomVR.DS, "DS values must be finite numbers.");
            }

            texts[i] = DicomNumberValues.FormatDecimalString(values[i]);
        }

        dataset.SetStringValues(tag, DicomVR.DS, texts);
    }

    /// <summary>Sets an IS element. Reverse: <see cref="GetIntegerStringValues"/>.</summary>
    /// <exception cref="ArgumentException">A value is outside -2^31..2^31-1, or the tag is not IS.</exception>
    public static void SetIS(this DicomDataset dataset, DicomTag tag, params long[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        string[] texts = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < DicomNumberValues.IntegerStringMin || values[i] > DicomNumberValues.IntegerStringMax)
            {
                throw Invalid(tag, DicomVR.IS, "IS values must lie between -2^31 and 2^31-1.");
            }

            texts[i] = DicomNumberValues.FormatIntegerString(values[i]);
        }

        dataset.SetStringValues(tag, DicomVR.IS, texts);
    }

    /// <summary>
    /// Sets a string element from its values after validating each (<see cref="DicomValueValidator"/>) and checking
    /// that the dataset's character set can encode them. Reverse: <see cref="DicomDataset.GetStrings"/>.
    /// </summary>
    public static void SetStringValues(this DicomDataset dataset, DicomTag tag, DicomVR vr, params string[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        if (DicomVRInfo.IsSingleValuedText(vr) && values.Length > 1)
        {
            throw Invalid(tag, vr, DicomVRInfo.ToCode(vr) + " is single-valued.");
        }

        SetCheckedString(dataset, tag, vr, values, string.Join("\\", values));
    }

    /// <summary>
    /// Sets a string element from its whole value (values separated by backslash where the VR is multi-valued) after
    /// validation. Reverse: <see cref="DicomDataset.GetString"/>.
    /// </summary>
    public static void SetStringValue(this DicomDataset dataset, DicomTag tag, DicomVR vr, string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        string[] values = DicomVRInfo.IsSingleValuedText(vr) ? new[] { value } : value.Split(DicomTextChars.Backslash);
        SetCheckedString(dataset, tag, vr, values, value);
    }

    private static void SetCheckedString(DicomDataset dataset, DicomTag tag, DicomVR vr, string[] values, string whole)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        if (!DicomVRInfo.IsString(vr))
        {
            throw Invalid(tag, vr, DicomVRInfo.ToCode(vr) + " is not a string VR.");
        }

        CheckDictionaryVR(tag, vr);
        string? problem = DicomValueValidator.ValidateValues(vr, values);
        if (problem is not null)
        {
            throw Invalid(tag, vr, problem);
        }

        DicomCharacterSet cs = DicomVRInfo.UsesSpecificCharacterSet(vr) ? dataset.CharacterSet : DicomCharacterSet.Default;
        if (!cs.TryEncode(whole, vr, out byte[]? encoded))
        {
            throw Invalid(tag, vr, "The value holds characters that the dataset's Specific Character Set (0008,0005) cannot encode.");
        }

        if (encoded!.Length > (DicomVRInfo.HasLongLength(vr) ? MaxLongLength : MaxShortLength))
        {
            throw Invalid(tag, vr, "The encoded value is longer than the element's length field allows.");
        }

        string? creator = tag.IsPrivate ? dataset.FindPrivateCreator(tag) : null;
        dataset.Set(new DicomValueElement(tag, vr, DicomDataset.PadToEven(encoded, vr), creator));
    }

    // ---- helpers ----

    private static byte[]? Bytes(DicomDataset dataset, DicomTag tag, DicomVR vr1, DicomVR vr2)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        DicomElement? e = dataset[tag];
        if (e is null)
        {
            return null;
        }

        if (e is not DicomValueElement v || (e.VR != vr1 && e.VR != vr2 && e.VR != DicomVR.UN))
        {
            throw WrongVR(tag, e.VR, vr1 == vr2 ? DicomVRInfo.ToCode(vr1) : DicomVRInfo.ToCode(vr1) + " or " + DicomVRInfo.ToCode(vr2));
        }

        return v.GetBytes();
    }

    private static string[] Strings(DicomDataset dataset, DicomTag tag, DicomVR vr)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        DicomElement? e = dataset[tag];
        if (e is null)
        {
            return Array.Empty<string>();
        }

        if (e is not DicomValueElement || (e.VR != vr && e.VR != DicomVR.UN))
        {
            throw WrongVR(tag, e.VR, DicomVRInfo.ToCode(vr));
        }

        if (e.VR == DicomVR.UN)
        {
            // Read an UN element as the requested string VR (default repertoire, as DS and IS are).
            byte[] b = ((DicomValueElement)e).GetBytes();
            string whole = DicomCharacterSet.Default.Decode(b, 0, b.Length, vr).Trim(DicomTextChars.Padding);
            return whole.Length == 0 ? Array.Empty<string>() : whole.Split(DicomTextChars.Backslash);
        }

        return dataset.GetStrings(tag);
    }

    private static void Put(DicomDataset dataset, DicomTag tag, DicomVR vr, byte[] bytes)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        CheckDictionaryVR(tag, vr);
        if (bytes.Length > (DicomVRInfo.HasLongLength(vr) ? MaxLongLength : MaxShortLength))
        {
            throw Invalid(tag, vr, "Too many values for the element's length field.");
        }

        string? creator = tag.IsPrivate ? dataset.FindPrivateCreator(tag) : null;
        dataset.Set(new DicomValueElement(tag, vr, bytes, creator));
    }

    /// <summary>A public tag known to PS3.6 must be written with one of its VRs.</summary>
    private static void CheckDictionaryVR(DicomTag tag, DicomVR vr)
    {
        if (tag.IsPrivate || !DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry? entry) || entry!.ValueRepresentations.Count == 0)
        {
            return;
        }

        foreach (DicomVR allowed in entry.ValueRepresentations)
        {
            if (allowed == vr)
            {
                return;
            }
        }

        var codes = new List<string>();
        foreach (DicomVR allowed in entry.ValueRepresentations)
        {
            codes.Add(DicomVRInfo.ToCode(allowed));
        }

        throw Invalid(tag, vr, "PS3.6 gives this attribute the VR " + string.Join(" or ", codes) + ".");
    }

    private static byte[] Pack16(ushort[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        byte[] b = new byte[checked(values.Length * 2)];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt16(b, i * 2, values[i]);
        }

        return b;
    }

    private static byte[] Pack32(uint[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        byte[] b = new byte[checked(values.Length * 4)];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt32(b, i * 4, values[i]);
        }

        return b;
    }

    private static byte[] Pack64(ulong[] values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        byte[] b = new byte[checked(values.Length * 8)];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt64(b, i * 8, values[i]);
        }

        return b;
    }

    private static ArgumentException Invalid(DicomTag tag, DicomVR vr, string rule) =>
        new(string.Format(CultureInfo.InvariantCulture, "Cannot write {0} {1}: {2}", tag, DicomVRInfo.ToCode(vr), rule));

    private static InvalidOperationException WrongVR(DicomTag tag, DicomVR actual, string wanted) =>
        new(string.Format(CultureInfo.InvariantCulture, "Element {0} has VR {1}, which does not hold {2} values.", tag, DicomVRInfo.ToCode(actual), wanted));
}
