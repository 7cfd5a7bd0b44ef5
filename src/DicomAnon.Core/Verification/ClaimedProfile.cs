// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Verification;

/// <summary>
/// The de-identification a file says it went through: Patient Identity Removed (0012,0062), and the PS3.16 CID 7050
/// codes of De-identification Method Code Sequence (0012,0064), turned back into the options of Table E.1-1.
/// </summary>
internal sealed class ClaimedProfile
{
    private static readonly Dictionary<string, DeidentificationOption> OptionByCode = BuildOptionByCode();
    private static readonly ConcurrentDictionary<int, ProfileExpectations> Expectations = new();

    private ClaimedProfile(string? identityRemoved, bool basicProfile, HashSet<DeidentificationOption> options)
    {
        IdentityRemoved = identityRemoved;
        BasicProfile = basicProfile;
        Options = options;
        int mask = 0;
        foreach (DeidentificationOption o in options)
        {
            mask |= 1 << (int)o;
        }

        Rules = Expectations.GetOrAdd(mask, _ => new ProfileExpectations(options));
    }

    /// <summary>The value of (0012,0062) (null when absent).</summary>
    public string? IdentityRemoved { get; }

    /// <summary>(113100, DCM) is among the codes.</summary>
    public bool BasicProfile { get; }

    public HashSet<DeidentificationOption> Options { get; }

    /// <summary>What Table E.1-1 with these options requires.</summary>
    public ProfileExpectations Rules { get; }

    public bool Has(DeidentificationOption option) => Options.Contains(option);

    public static ClaimedProfile Read(DicomDataset ds)
    {
        var options = new HashSet<DeidentificationOption>();
        bool basic = false;
        if (ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence) is DicomSequence sq)
        {
            foreach (DicomDataset item in sq.Items)
            {
                string code = item.GetString(DicomTags.CodeValue) ?? string.Empty;
                if (code == DeidentificationCodes.BasicProfile.CodeValue)
                {
                    basic = true;
                }
                else if (OptionByCode.TryGetValue(code, out DeidentificationOption o))
                {
                    options.Add(o);
                }
            }
        }

        return new ClaimedProfile(ds.GetString(DicomTags.PatientIdentityRemoved), basic, options);
    }

    private static Dictionary<string, DeidentificationOption> BuildOptionByCode()
    {
        var map = new Dictionary<string, DeidentificationOption>(StringComparer.Ordinal);
        foreach (DeidentificationOption o in (DeidentificationOption[])Enum.GetValues(typeof(DeidentificationOption)))
        {
            map[DeidentificationCodes.For(o).CodeValue] = o;
        }

        return map;
    }
}
