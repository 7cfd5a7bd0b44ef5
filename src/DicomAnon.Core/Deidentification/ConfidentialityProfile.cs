// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Deidentification;

/// <summary>PS3.15 2026c Table E.1-1 and the rules that turn it into one action per attribute for a set of options.</summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
internal static class ConfidentialityProfile
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
