// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Deidentification;

/// <summary>One row of PS3.15 Table E.1-1, as published (the embedded ps3.15_E.1-1_confidentiality_profile.tsv).</summary>
internal sealed class ConfidentialityProfileRow
{
    private readonly string[] _optionCodes;

    internal ConfidentialityProfileRow(string[] f)
    {
        TagText = f[0];
        Name = f[1];
        Keyword = f[2];
        IsRetired = f[3] == "Y";
        InStandardCompositeIod = f[4] == "Y";
        BasicProfileCode = f[5];
        IsPrivateAttributesRow = f[0].StartsWith("(gggg", StringComparison.Ordinal);
        if (!IsPrivateAttributesRow)
        {
            (uint value, uint mask) = DicomDictionary.ParseMaskedTag(f[0]);
            Tag = new DicomTag(value);
            Mask = mask;
        }

        _optionCodes = new string[ConfidentialityProfile.OptionColumns.Length];
        for (int i = 0; i < _optionCodes.Length; i++)
        {
            _optionCodes[i] = 6 + i < f.Length ? f[6 + i].Trim() : string.Empty;
        }
    }

    /// <summary>The tag as written in the table: "(0010,0010)", "(60xx,3000)", "(gggg,eeee) where gggg is odd".</summary>
    public string TagText { get; }

    /// <summary>The tag with masked nibbles zero (default for the private attributes row).</summary>
    public DicomTag Tag { get; }

    /// <summary>1-bits where the tag is fixed (0xFFFFFFFF for an exact tag).</summary>
    public uint Mask { get; }

    public string Name { get; }

    public string Keyword { get; }

    public bool IsRetired { get; }

    public bool InStandardCompositeIod { get; }

    /// <summary>The Basic Profile code as published: D, Z, X, K, C, U, Z/D, X/Z, X/D, X/Z/D or X/Z/U*.</summary>
    public string BasicProfileCode { get; }

    /// <summary>The "(gggg,eeee) where gggg is odd" row.</summary>
    public bool IsPrivateAttributesRow { get; }

    /// <summary>The code of an option's column (K or C), or empty when the option does not change this attribute.</summary>
    public string OptionCode(DeidentificationOption option)
    {
        int i = Array.IndexOf(ConfidentialityProfile.OptionColumns, option);
        return i >= 0 ? _optionCodes[i] : string.Empty;
    }

    public bool Matches(DicomTag tag) => IsPrivateAttributesRow ? tag.IsPrivate : (tag.Value & Mask) == Tag.Value;

    public override string ToString() => $"{TagText} {Keyword} {BasicProfileCode}";
}
