// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// Types of the Table E.1-1 attributes in each composite IOD, generated from the module and IOD tables of dicom3tools
/// (what dciodvfy checks against; snapshot 2024-12-20, BSD licence in the embedded dicom3tools-COPYRIGHT.txt) by
/// Data/generate_iod_attribute_types.py into the embedded iod_attribute_types.tsv and iod_sop_classes.tsv.
/// </summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
internal static class IodAttributeTypes
{
    public const string Edition = "dicom3tools 2024-12-20 (QIICR/dicom3tools 72beb600)";

    private static readonly Lazy<Dictionary<string, string>> IodBySopClass = new(LoadSopClasses);
    private static readonly Lazy<Dictionary<string, Dictionary<uint, (IodAttributeType Top, IodAttributeType Nested)>>> Types = new(LoadTypes);

    /// <summary>The dicom3tools name of the IOD of <paramref name="sopClassUid"/> (e.g. "CTImage"), or null when unknown.</summary>
    public static string? IodOf(string? sopClassUid) =>
        sopClassUid is not null && IodBySopClass.Value.TryGetValue(sopClassUid.Trim(DicomTextChars.Padding), out string? iod) ? iod : null;

    /// <summary>
    /// The Type of <paramref name="tag"/> in <paramref name="iod"/>: at the top level of its modules, or (when
    /// <paramref name="nested"/>) the strongest Type it has in any sequence item of the IOD.
    /// </summary>
    public static IodAttributeType TypeOf(string iod, DicomTag tag, bool nested)
    {
        // Overlay groups 6000-601E are one row, (60xx,eeee), stored with the group's low byte zero.
        uint key = tag.Group >= 0x6000 && tag.Group <= 0x601E && (tag.Group & 1) == 0 ? tag.Value & 0xFF00FFFF : tag.Value;
        if (iod is not null && Types.Value.TryGetValue(iod, out Dictionary<uint, (IodAttributeType Top, IodAttributeType Nested)> byTag) && byTag.TryGetValue(key, out (IodAttributeType Top, IodAttributeType Nested) t))
        {
            return nested ? t.Nested : t.Top;
        }

        return IodAttributeType.Optional;
    }

    private static IodAttributeType Parse(string type) => type switch
    {
        "1" or "1C" => IodAttributeType.RequiredWithValue,
        "2" or "2C" => IodAttributeType.Required,
        _ => IodAttributeType.Optional,
    };

    private static Dictionary<string, string> LoadSopClasses()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string[] f in EmbeddedTable.Rows("iod_sop_classes.tsv"))
        {
            if (f.Length >= 2 && !map.ContainsKey(f[0]))
            {
                map[f[0]] = f[1]; // first IOD whose condition names the class
            }
        }

        return map;
    }

    private static Dictionary<string, Dictionary<uint, (IodAttributeType, IodAttributeType)>> LoadTypes()
    {
        var map = new Dictionary<string, Dictionary<uint, (IodAttributeType, IodAttributeType)>>(StringComparer.Ordinal);
        foreach (string[] f in EmbeddedTable.Rows("iod_attribute_types.tsv"))
        {
            // iod tag keyword type nested_type
            if (f.Length < 5)
            {
                continue;
            }

            if (!map.TryGetValue(f[0], out Dictionary<uint, (IodAttributeType, IodAttributeType)> byTag))
            {
                byTag = new Dictionary<uint, (IodAttributeType, IodAttributeType)>();
                map[f[0]] = byTag;
            }

            (uint value, _) = DicomDictionary.ParseMaskedTag(f[1]);
            byTag[value] = (Parse(f[3]), Parse(f[4]));
        }

        return map;
    }
}
