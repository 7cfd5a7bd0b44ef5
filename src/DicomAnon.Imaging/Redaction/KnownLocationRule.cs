// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.IO;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A known location of burned-in annotation: when <see cref="Condition"/> holds for a file's header,
/// <see cref="Rectangles"/> are blacked out on every frame. Immutable; safe to share between threads.
/// </summary>
public sealed class KnownLocationRule
{
    public KnownLocationRule(string source, int line, string label, RuleCondition condition, IReadOnlyList<PixelRect> rectangles)
    {
        Source = source ?? string.Empty;
        Line = line;
        Label = label ?? string.Empty;
        Condition = condition ?? throw new ArgumentNullException(nameof(condition));
        Rectangles = rectangles ?? throw new ArgumentNullException(nameof(rectangles));
    }

    /// <summary>Where the rule came from: "builtin:DicomPixelAnonymizer.script" or a rule file path.</summary>
    public string Source { get; }

    /// <summary>1-based line of the rule's opening brace in <see cref="Source"/>.</summary>
    public int Line { get; }

    /// <summary>The comment line just above the rule (e.g. "Philips IU22"), for reports.</summary>
    public string Label { get; }

    public RuleCondition Condition { get; }

    /// <summary>Rectangles (x, y, width, height) in frame pixels; clipped to the frame when applied.</summary>
    public IReadOnlyList<PixelRect> Rectangles { get; }

    /// <summary>"source:line (label)", for reports; never holds element values.</summary>
    public string Name => string.Format(CultureInfo.InvariantCulture, "{0}:{1}{2}", Source, Line, Label.Length > 0 ? " (" + Label + ")" : string.Empty);

    /// <summary>Evaluates the condition on a file (group 0002 attributes are read from the file meta information).</summary>
    public bool Matches(DicomFile file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        return Condition.Evaluate(RuleAttributes.For(file.FileMetaInformation, file.Dataset, null));
    }

    public override string ToString() => Name;
}

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
