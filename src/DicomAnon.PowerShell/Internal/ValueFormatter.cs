// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Core.Text;
using DicomAnon.Core.Values;

namespace DicomAnon.Commands;

/// <summary>Element values as text for display and CSV: compact, invariant culture, never loading bulk data.</summary>
internal static class ValueFormatter
{
    private const int MaxNumbers = 32;
    private const int MaxInlineBytes = 16;

    public static string? Format(DicomDataset owner, DicomElement element)
    {
        switch (element)
        {
            case DicomSequence sq:
                return sq.Items.Count == 1 ? "<1 item>" : string.Format(CultureInfo.InvariantCulture, "<{0} items>", sq.Items.Count);
            case DicomFragmentSequence fs:
            {
                long total = 0;
                foreach (DicomBuffer b in fs.Fragments)
                {
                    total += b.Length;
                }

                return string.Format(CultureInfo.InvariantCulture, "<{0} bytes in {1} fragments>", total, fs.Fragments.Count);
            }

            case DicomValueElement v:
                return FormatValue(owner, v);
            default:
                return null;
        }
    }

    public static long? LengthOf(DicomElement element) => element switch
    {
        DicomValueElement v => v.Length,
        DicomFragmentSequence fs => SumFragments(fs),
        _ => null,
    };

    private static long SumFragments(DicomFragmentSequence fs)
    {
        long total = 0;
        foreach (DicomBuffer b in fs.Fragments)
        {
            total += b.Length;
        }

        return total;
    }

    private static string FormatValue(DicomDataset owner, DicomValueElement v)
    {
        long length = v.Length;
        if (length == 0)
        {
            return string.Empty;
        }

        if (!v.Buffer.IsLoaded || (DicomVRInfo.IsBulk(v.VR) && length > MaxInlineBytes))
        {
            return string.Format(CultureInfo.InvariantCulture, "<{0} bytes>", length);
        }

        if (DicomVRInfo.IsString(v.VR))
        {
            return Decode(owner, v);
        }

        byte[] b = v.GetBytes();
        switch (v.VR)
        {
            case DicomVR.US:
                return Numbers(b, 2, i => LittleEndian.ReadUInt16(b, i).ToString(CultureInfo.InvariantCulture));
            case DicomVR.SS:
                return Numbers(b, 2, i => unchecked((short)LittleEndian.ReadUInt16(b, i)).ToString(CultureInfo.InvariantCulture));
            case DicomVR.UL:
                return Numbers(b, 4, i => LittleEndian.ReadUInt32(b, i).ToString(CultureInfo.InvariantCulture));
            case DicomVR.SL:
                return Numbers(b, 4, i => unchecked((int)LittleEndian.ReadUInt32(b, i)).ToString(CultureInfo.InvariantCulture));
            case DicomVR.UV:
                return Numbers(b, 8, i => LittleEndian.ReadUInt64(b, i).ToString(CultureInfo.InvariantCulture));
            case DicomVR.SV:
                return Numbers(b, 8, i => unchecked((long)LittleEndian.ReadUInt64(b, i)).ToString(CultureInfo.InvariantCulture));
            case DicomVR.FL:
                return Numbers(b, 4, i => DicomNumberValues.SingleFromBits(LittleEndian.ReadUInt32(b, i)).ToString("R", CultureInfo.InvariantCulture));
            case DicomVR.FD:
                return Numbers(b, 8, i => DicomNumberValues.DoubleFromBits(LittleEndian.ReadUInt64(b, i)).ToString("R", CultureInfo.InvariantCulture));
            case DicomVR.AT:
                return Numbers(b, 4, i => new DicomTag(LittleEndian.ReadUInt16(b, i), LittleEndian.ReadUInt16(b, i + 2)).ToString());
            default:
                return length <= MaxInlineBytes ? Hex(b) : string.Format(CultureInfo.InvariantCulture, "<{0} bytes>", length);
        }
    }

    private static string Decode(DicomDataset owner, DicomValueElement v)
    {
        byte[] b = v.GetBytes();
        DicomCharacterSet charset = DicomVRInfo.UsesSpecificCharacterSet(v.VR) ? owner.CharacterSet : Core.Text.DicomCharacterSet.Default;
        string s = charset.Decode(b, 0, b.Length, v.VR);
        return v.VR == DicomVR.UI ? s.TrimEnd('\0', ' ') : DicomVRInfo.IsSingleValuedText(v.VR) ? s.TrimEnd(' ', '\0') : s.Trim(' ', '\0');
    }

    private static string Numbers(byte[] b, int size, Func<int, string> one)
    {
        int count = b.Length / size;
        var sb = new StringBuilder();
        for (int k = 0; k < count && k < MaxNumbers; k++)
        {
            if (k > 0)
            {
                sb.Append('\\');
            }

            sb.Append(one(k * size));
        }

        if (count > MaxNumbers)
        {
            sb.Append(string.Format(CultureInfo.InvariantCulture, "\\... ({0} values)", count));
        }

        return sb.ToString();
    }

    private static string Hex(byte[] b)
    {
        var sb = new StringBuilder(b.Length * 3);
        for (int i = 0; i < b.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(b[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
