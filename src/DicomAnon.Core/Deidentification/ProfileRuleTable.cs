// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

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
