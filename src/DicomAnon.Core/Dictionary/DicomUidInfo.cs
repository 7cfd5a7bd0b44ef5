// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Dictionary;

/// <summary>One row of the PS3.6 UID registry (Tables ).</summary>
internal sealed class DicomUidInfo
{
    internal DicomUidInfo(string uid, string name, string keyword, string type, bool retired)
    {
        Uid = uid;
        Name = name;
        Keyword = keyword;
        Type = type;
        IsRetired = retired;
    }

    public string Uid { get; }

    public string Name { get; }

    /// <summary>Keyword, empty for the few 2026c UIDs that have none yet.</summary>
    public string Keyword { get; }

    /// <summary>The standard's wording, e.g. "SOP Class", "Transfer Syntax", "Well-known SOP Instance".</summary>
    public string Type { get; }

    public bool IsRetired { get; }

    public override string ToString() => $"{Uid} ({Name})";
}
