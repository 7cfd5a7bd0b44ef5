// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.IO;

namespace DicomAnon.Imaging.Redaction;

/// <summary>How rule conditions read attribute text from datasets.</summary>
internal static class RuleAttributes
{
    /// <summary>A lookup over <paramref name="dataset"/>; <paramref name="snapshot"/> (a header captured before de-identification) wins when it has the element.</summary>
    public static AttributeLookup For(DicomDataset meta, DicomDataset dataset, DicomDataset? snapshot) =>
        (IReadOnlyList<DicomTag> path, out bool isNumber) =>
        {
            isNumber = false;
            DicomDataset current = path[0].Group == 0x0002 ? meta : dataset;
            if (snapshot is not null && path.Count == 1 && path[0].Group != 0x0002 && snapshot.Contains(path[0]))
            {
                current = snapshot;
            }

            for (int i = 0; i < path.Count - 1; i++)
            {
                DicomSequence? seq = current.GetSequence(path[i]);
                if (seq is null || seq.Items.Count == 0)
                {
                    return string.Empty;
                }

                current = seq.Items[0];
            }

            return Text(current, path[path.Count - 1], out isNumber);
        };

    /// <summary>The value as the CTP language sees it: string values with backslashes between values, binary numbers in decimal.</summary>
    public static string Text(DicomDataset dataset, DicomTag tag, out bool isNumber)
    {
        isNumber = false;
        if (!dataset.TryGetElement(tag, out DicomElement? e) || e is not DicomValueElement v)
        {
            return string.Empty;
        }

        if (DicomVRInfo.IsString(v.VR))
        {
            return dataset.GetString(tag) ?? string.Empty;
        }

        int size = v.VR switch
        {
            DicomVR.US or DicomVR.SS => 2,
            DicomVR.UL or DicomVR.SL or DicomVR.FL => 4,
            DicomVR.FD => 8,
            _ => 0,
        };
        if (size == 0 || v.Length > 4096)
        {
            return string.Empty;
        }

        isNumber = true;
        byte[] b = v.GetBytes();
        var sb = new StringBuilder();
        for (int o = 0; o + size <= b.Length; o += size)
        {
            if (sb.Length > 0)
            {
                sb.Append('\\');
            }

            switch (v.VR)
            {
                case DicomVR.US:
                    sb.Append(LittleEndian.ReadUInt16(b, o).ToString(CultureInfo.InvariantCulture));
                    break;
                case DicomVR.SS:
                    sb.Append(unchecked((short)LittleEndian.ReadUInt16(b, o)).ToString(CultureInfo.InvariantCulture));
                    break;
                case DicomVR.UL:
                    sb.Append(LittleEndian.ReadUInt32(b, o).ToString(CultureInfo.InvariantCulture));
                    break;
                case DicomVR.SL:
                    sb.Append(unchecked((int)LittleEndian.ReadUInt32(b, o)).ToString(CultureInfo.InvariantCulture));
                    break;
                case DicomVR.FL:
                    sb.Append(BitsToSingle(LittleEndian.ReadUInt32(b, o)).ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(BitsToDouble(LittleEndian.ReadUInt64(b, o)).ToString("R", CultureInfo.InvariantCulture));
                    break;
            }
        }

        return sb.ToString();
    }

    private static float BitsToSingle(uint bits)
    {
        var a = new float[1];
        Buffer.BlockCopy(new[] { bits }, 0, a, 0, 4);
        return a[0];
    }

    private static double BitsToDouble(ulong bits)
    {
        var a = new double[1];
        Buffer.BlockCopy(new[] { bits }, 0, a, 0, 8);
        return a[0];
    }
}
