// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Deidentification;

/// <summary>What to do with one attribute: the action codes of PS3.15 Table E.1-1 after compound codes are resolved.</summary>
public enum ProfileAction
{
    /// <summary>K: keep (sequences: keep and apply the profile to every item). The safety net still applies to PN, UI and dates.</summary>
    Keep,

    /// <summary>X: remove.</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value (sequences: no items).</summary>
    Empty,

    /// <summary>D: replace with a dummy value valid for the VR (sequences: keep, apply the profile to every item).</summary>
    Dummy,

    /// <summary>C: clean (dates: the date policy; text: scrubbed; AE: keyed pseudonym; sequences: profile applied to items).</summary>
    Clean,

    /// <summary>U: replace each UID with a keyed one (sequences, U*: keep, apply the profile to every item).</summary>
    RemapUid,
}

/// <summary>How compound action codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) are resolved.</summary>
public enum CompoundActionPolicy
{
    /// <summary>
    /// By the attribute's Type in the IOD of the file's SOP Class (see <see cref="IodAttributeTypes"/>): Type 1/1C → D
    /// (U for X/Z/U*), 2/2C → Z (D for X/D, U for X/Z/U*), 3 or absent → X (Z for Z/D). Files whose SOP Class has no known IOD
    /// fall back to <see cref="PreserveConformance"/>. With this policy the engine also keeps the IOD valid where
    /// removal would break it: a Type 2 attribute is emptied rather than removed, a Type 1 date is shifted (or
    /// dummied) rather than emptied, and removing Overlay Data removes its whole overlay group. This is the default.
    /// </summary>
    ByIodType,

    /// <summary>
    /// The least destructive alternative, which keeps Type 1 and Type 2 attributes present whatever the IOD:
    /// X/Z → Z, X/D → D, Z/D → D, X/Z/D → D, X/Z/U* → U. Safe because Z and D carry no original value and U
    /// replaces every UID.
    /// </summary>
    PreserveConformance,

    /// <summary>The first alternative (X, or Z for Z/D): removes the most, at the risk of leaving Type 1/2 attributes out.</summary>
    PreferRemoval,
}

/// <summary>One row of PS3.15 Table E.1-1, as published (the embedded ps3.15_E.1-1_confidentiality_profile.tsv).</summary>
public sealed class ConfidentialityProfileRow
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

/// <summary>PS3.15 2026c Table E.1-1 and the rules that turn it into one action per attribute for a set of options.</summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
public static class ConfidentialityProfile
{
    public const string Edition = "PS3.15 2026c";

    /// <summary>The option columns of the table, in order (columns 7-16 of the TSV).</summary>
    internal static readonly DeidentificationOption[] OptionColumns =
    {
        DeidentificationOption.RetainSafePrivate,
        DeidentificationOption.RetainUids,
        DeidentificationOption.RetainDeviceIdentity,
        DeidentificationOption.RetainInstitutionIdentity,
        DeidentificationOption.RetainPatientCharacteristics,
        DeidentificationOption.RetainLongitudinalTemporalInformationFullDates,
        DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates,
        DeidentificationOption.CleanDescriptors,
        DeidentificationOption.CleanStructuredContent,
        DeidentificationOption.CleanGraphics,
    };

    private static readonly Lazy<ReadOnlyCollection<ConfidentialityProfileRow>> Table = new(Load);

    /// <summary>Every row of Table E.1-1 (656 in 2026c), in the published order.</summary>
    public static IReadOnlyList<ConfidentialityProfileRow> Rows => Table.Value;

    /// <summary>
    /// Resolves one published code. Simple codes map directly; compound codes follow <paramref name="policy"/>
    /// (see <see cref="CompoundActionPolicy"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Not a code of Table E.1-1.</exception>
    public static ProfileAction ResolveCode(string code, CompoundActionPolicy policy = CompoundActionPolicy.PreserveConformance)
    {
        bool keep = policy != CompoundActionPolicy.PreferRemoval;
        return code switch
        {
            "K" => ProfileAction.Keep,
            "X" => ProfileAction.Remove,
            "Z" => ProfileAction.Empty,
            "D" => ProfileAction.Dummy,
            "C" => ProfileAction.Clean,
            "U" => ProfileAction.RemapUid,
            "Z/D" => keep ? ProfileAction.Dummy : ProfileAction.Empty,
            "X/Z" => keep ? ProfileAction.Empty : ProfileAction.Remove,
            "X/D" => keep ? ProfileAction.Dummy : ProfileAction.Remove,
            "X/Z/D" => keep ? ProfileAction.Dummy : ProfileAction.Remove,
            "X/Z/U*" or "X/Z/U" => keep ? ProfileAction.RemapUid : ProfileAction.Remove,
            _ => throw new ArgumentException("Not an action code of PS3.15 Table E.1-1.", nameof(code)),
        };
    }

    /// <summary>True for the compound codes whose choice depends on the IOD: X/Z, X/D, Z/D, X/Z/D, X/Z/U*.</summary>
    public static bool IsCompound(string code) => code.IndexOf('/') >= 0;

    /// <summary>
    /// Resolves a code by the attribute's Type in the file's IOD: 1/1C → D (U for X/Z/U*); 2/2C → Z (D for X/D, U for
    /// X/Z/U*); 3 or absent → X (Z for Z/D). Simple codes resolve as published.
    /// </summary>
    /// <exception cref="ArgumentException">Not a code of Table E.1-1.</exception>
    public static ProfileAction ResolveCode(string code, IodAttributeType type)
    {
        bool one = type == IodAttributeType.RequiredWithValue, two = type == IodAttributeType.Required;
        return code switch
        {
            "X/Z" => one ? ProfileAction.Dummy : two ? ProfileAction.Empty : ProfileAction.Remove,
            "X/D" => one || two ? ProfileAction.Dummy : ProfileAction.Remove,
            "Z/D" => one ? ProfileAction.Dummy : ProfileAction.Empty,
            "X/Z/D" => one ? ProfileAction.Dummy : two ? ProfileAction.Empty : ProfileAction.Remove,
            // Type 2 takes U, not Z: an emptied reference (e.g. Source Image Sequence of a Derivation Image macro)
            // leaves the Common Instance Reference module listing instances nothing references, which dciodvfy
            // rejects; U keeps no original UID either.
            "X/Z/U*" or "X/Z/U" => one || two ? ProfileAction.RemapUid : ProfileAction.Remove,
            _ => ResolveCode(code, CompoundActionPolicy.PreserveConformance),
        };
    }

    /// <summary>
    /// The action for <paramref name="row"/> under <paramref name="options"/>. An option's requirement overrides the
    /// Basic Profile (PS3.15 E.3). When two enabled options disagree, C (clean) wins over K (keep): for example
    /// Retain Device Identity keeps Calibration Date but Retain Longitudinal Temporal Information with Modified
    /// Dates requires it to be shifted, and the shifted value satisfies both.
    /// </summary>
    public static ProfileAction ResolveAction(ConfidentialityProfileRow row, ICollection<DeidentificationOption> options, CompoundActionPolicy policy = CompoundActionPolicy.PreserveConformance)
    {
        if (row is null)
        {
            throw new ArgumentNullException(nameof(row));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        ProfileAction? byOption = OptionAction(row, options);
        return byOption ?? ResolveCode(row.BasicProfileCode, policy);
    }

    /// <summary>What the enabled options require of <paramref name="row"/> (C wins over K), or null when none changes it.</summary>
    internal static ProfileAction? OptionAction(ConfidentialityProfileRow row, ICollection<DeidentificationOption> options)
    {
        bool keep = false, clean = false;
        foreach (DeidentificationOption o in OptionColumns)
        {
            if (!options.Contains(o))
            {
                continue;
            }

            string c = row.OptionCode(o);
            keep |= c == "K";
            clean |= c == "C";
        }

        return clean ? ProfileAction.Clean : keep ? ProfileAction.Keep : null;
    }

    private static ReadOnlyCollection<ConfidentialityProfileRow> Load()
    {
        var rows = new List<ConfidentialityProfileRow>(700);
        foreach (string[] f in EmbeddedTable.Rows("ps3.15_E.1-1_confidentiality_profile.tsv"))
        {
            rows.Add(new ConfidentialityProfileRow(f));
        }

        return rows.AsReadOnly();
    }
}

/// <summary>The resolved actions of Table E.1-1 for one option set: a dictionary by tag plus ordered masks.</summary>
internal sealed class ProfileRuleTable
{
    private readonly Dictionary<uint, ProfileAction> _exact = new();
    private readonly List<(uint Value, uint Mask, ProfileAction Action)> _masked = new();
    private readonly Dictionary<uint, string> _compound = new();

    public ProfileRuleTable(ICollection<DeidentificationOption> options, CompoundActionPolicy policy)
    {
        foreach (ConfidentialityProfileRow row in ConfidentialityProfile.Rows)
        {
            ProfileAction a = ConfidentialityProfile.ResolveAction(row, options, policy);
            if (!row.IsPrivateAttributesRow && row.Mask == 0xFFFFFFFF && ConfidentialityProfile.IsCompound(row.BasicProfileCode) &&
                ConfidentialityProfile.OptionAction(row, options) is null)
            {
                _compound[row.Tag.Value] = row.BasicProfileCode;
            }

            if (row.IsPrivateAttributesRow)
            {
                PrivateAction = a;
            }
            else if (row.Mask == 0xFFFFFFFF)
            {
                _exact[row.Tag.Value] = a;
            }
            else
            {
                _masked.Add((row.Tag.Value, row.Mask, a));
            }
        }

        // Most specific masks first.
        _masked.Sort((x, y) => PopCount(y.Mask).CompareTo(PopCount(x.Mask)));
    }

    /// <summary>The action of the private attributes row (X, or C with Retain Safe Private).</summary>
    public ProfileAction PrivateAction { get; } = ProfileAction.Remove;

    /// <summary>The compound code of <paramref name="tag"/> when no option decided it (the IOD may then decide), else null.</summary>
    public string? CompoundCode(DicomTag tag) => _compound.TryGetValue(tag.Value, out string? c) ? c : null;

    public bool TryGetAction(DicomTag tag, out ProfileAction action)
    {
        if (_exact.TryGetValue(tag.Value, out action))
        {
            return true;
        }

        for (int i = 0; i < _masked.Count; i++)
        {
            if ((tag.Value & _masked[i].Mask) == _masked[i].Value)
            {
                action = _masked[i].Action;
                return true;
            }
        }

        return false;
    }

    private static int PopCount(uint v)
    {
        int n = 0;
        while (v != 0)
        {
            v &= v - 1;
            n++;
        }

        return n;
    }
}
