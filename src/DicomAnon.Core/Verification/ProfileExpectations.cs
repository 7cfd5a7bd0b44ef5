// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Verification;

/// <summary>What Table E.1-1 requires of each attribute under one option set, reduced to what can be checked in an output.</summary>
internal sealed class ProfileExpectations
{
    private readonly Dictionary<uint, string> _exact = new();
    private readonly List<(uint Value, uint Mask, string Code)> _masked = new();

    public ProfileExpectations(ICollection<DeidentificationOption> options)
    {
        foreach (ConfidentialityProfileRow row in ConfidentialityProfile.Rows)
        {
            if (row.IsPrivateAttributesRow)
            {
                continue;
            }

            // An option's K or C overrides the Basic Profile code (PS3.15 E.3), as the engine resolves it.
            ProfileAction action = ConfidentialityProfile.ResolveAction(row, options);
            string code = action == ProfileAction.Keep ? "K" : action == ProfileAction.Clean ? "C" : row.BasicProfileCode;
            if (row.Mask == 0xFFFFFFFF)
            {
                _exact[row.Tag.Value] = code;
            }
            else
            {
                _masked.Add((row.Tag.Value, row.Mask, code));
            }
        }
    }

    /// <summary>The effective code of <paramref name="tag"/> (K, C, or a Basic Profile code), or null when the table does not list it.</summary>
    public string? CodeFor(DicomTag tag)
    {
        if (_exact.TryGetValue(tag.Value, out string? code))
        {
            return code;
        }

        foreach ((uint value, uint mask, string c) in _masked)
        {
            if ((tag.Value & mask) == value)
            {
                return c;
            }
        }

        return null;
    }
}
