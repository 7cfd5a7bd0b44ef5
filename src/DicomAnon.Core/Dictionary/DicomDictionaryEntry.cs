// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Dictionary;

/// <summary>One attribute of the PS3.6 data dictionary (or a masked family such as (60xx,3000)).</summary>
internal sealed class DicomDictionaryEntry
{
    internal DicomDictionaryEntry(DicomTag tag, uint mask, IReadOnlyList<DicomVR> vrs, string vm, string keyword, string name, bool retired)
    {
        Tag = tag;
        Mask = mask;
        ValueRepresentations = vrs;
        ValueMultiplicity = vm;
        Keyword = keyword;
        Name = name;
        IsRetired = retired;
    }

    /// <summary>The tag; for masked entries, the x positions are zero.</summary>
    public DicomTag Tag { get; }

    /// <summary>Bits of the tag that must match (0xFFFFFFFF for an exact tag).</summary>
    public uint Mask { get; }

    /// <summary>The allowed VRs ("US or SS" gives two); empty for items and delimiters.</summary>
    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    /// <summary>The first allowed VR, or <see cref="DicomVR.None"/>.</summary>
    public DicomVR VR => ValueRepresentations.Count > 0 ? ValueRepresentations[0] : DicomVR.None;

    public string ValueMultiplicity { get; }

    public string Keyword { get; }

    public string Name { get; }

    public bool IsRetired { get; }

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;

    public override string ToString() => $"{Tag} {Keyword}";
}
