// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>A condition of a known-location rule. Immutable; safe to share between threads.</summary>
internal abstract class RuleCondition
{
    private protected RuleCondition()
    {
    }

    internal abstract bool Evaluate(AttributeLookup lookup);
}
