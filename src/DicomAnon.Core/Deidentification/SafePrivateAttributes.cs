// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// PS3.15 2026c Table E.3.10-1, Safe Private Attributes: a private element is safe only for the creator that
/// reserved its block, e.g. (2001,xx0A) of "Philips Imaging DD 001" whatever block xx the creator got, and only
/// with the VR the table gives it (a value of another VR is not the attribute the table vouches for).
/// </summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
internal static class SafePrivateAttributes
{
    /// <summary>The VRs accepted for a row whose VR the table leaves blank: numbers only, never text.</summary>
    private static readonly DicomVR[] NumbersOnly =
    {
        DicomVR.FL, DicomVR.FD, DicomVR.SL, DicomVR.SS, DicomVR.UL, DicomVR.US, DicomVR.SV, DicomVR.UV,
    };

    private static readonly Lazy<Dictionary<string, DicomVR[]>> Safe = new(Load);

    /// <summary>How many (group, creator, element) entries the table has.</summary>
    public static int Count => Safe.Value.Count;

    /// <summary>
    /// True when element byte <paramref name="elementByte"/> (the ee of (gggg,xxee)) of group <paramref name="group"/>
    /// is safe for <paramref name="privateCreator"/> (compared exactly after trimming padding spaces).
    /// </summary>
    public static bool IsSafe(ushort group, string? privateCreator, byte elementByte) => TryGetVRs(group, privateCreator, elementByte, out _);

    /// <summary>True when <paramref name="tag"/>, in a block reserved by <paramref name="privateCreator"/>, is safe.</summary>
    public static bool IsSafe(DicomTag tag, string? privateCreator) =>
        tag.IsPrivate && tag.Element >= 0x1000 && IsSafe(tag.Group, privateCreator, (byte)(tag.Element & 0xFF));

    /// <summary>The VRs Table E.3.10-1 allows for a safe element ("OW/OB" gives two); false when it is not safe.</summary>
    public static bool TryGetVRs(ushort group, string? privateCreator, byte elementByte, out IReadOnlyList<DicomVR> vrs)
    {
        if (privateCreator is not null && Safe.Value.TryGetValue(Key(group, privateCreator.Trim(DicomTextChars.Padding), elementByte), out DicomVR[]? v))
        {
            vrs = v;
            return true;
        }

        vrs = Array.Empty<DicomVR>();
        return false;
    }

    private static string Key(ushort group, string creator, byte element) =>
        string.Concat(group.ToString("X4", CultureInfo.InvariantCulture), "|", element.ToString("X2", CultureInfo.InvariantCulture), "|", creator);

    private static Dictionary<string, DicomVR[]> Load()
    {
        var map = new Dictionary<string, DicomVR[]>(StringComparer.Ordinal);
        foreach (string[] f in EmbeddedTable.Rows("ps3.15_E.3.10-1_safe_private_attributes.tsv"))
        {
            // data_element private_creator vr vm meaning; data_element is "(gggg,xxee)"
            string t = f[0].Trim('(', ')');
            if (t.Length != 9 || f.Length < 2)
            {
                continue;
            }

            ushort group = ushort.Parse(t.Substring(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            byte element = byte.Parse(t.Substring(7, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var vrs = new List<DicomVR>();
            foreach (string code in (f.Length > 2 ? f[2] : string.Empty).Split('/'))
            {
                if (DicomVRInfo.TryParse(code.Trim(), out DicomVR vr))
                {
                    vrs.Add(vr);
                }
            }

            map[Key(group, f[1].Trim(), element)] = vrs.Count > 0 ? vrs.ToArray() : NumbersOnly;
        }

        return map;
    }
}
