// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Dictionary;

/// <summary>The UID registry of DICOM PS3.6 2026c (embedded resource <c>ps3.6_uid_registry.tsv</c>).</summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
internal static class DicomUidRegistry
{
    public const string Edition = "PS3.6 2026c";

    /// <summary>The root of the DICOM standard's own UIDs.</summary>
    public const string StandardRoot = "1.2.840.10008.";

    private static readonly Lazy<Dictionary<string, DicomUidInfo>> ByUid = new(Load);

    public static IEnumerable<DicomUidInfo> All => ByUid.Value.Values;

    public static bool TryGet(string uid, out DicomUidInfo? info) => ByUid.Value.TryGetValue(uid.TrimEnd('\0', ' '), out info);

    /// <summary>True only for UIDs listed in the registry (PS3.6 Annex A).</summary>
    /// <remarks>Not "anything under 1.2.840.10008.": a file may carry an instance UID under that root, and it must be
    /// remapped like any other (issue 8, class 4).</remarks>
    public static bool IsStandardUid(string uid) => ByUid.Value.ContainsKey(uid.TrimEnd('\0', ' '));

    private static Dictionary<string, DicomUidInfo> Load()
    {
        var map = new Dictionary<string, DicomUidInfo>(StringComparer.Ordinal);
        foreach (string[] f in EmbeddedTable.Rows("ps3.6_uid_registry.tsv"))
        {
            // uid name keyword type retired default_ts_note edition
            map[f[0]] = new DicomUidInfo(f[0], f[1], f[2], f[3], f[4] == "Y");
        }

        return map;
    }
}
