// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary><c>true.</c> or <c>false.</c></summary>
internal sealed class ConstantCondition : RuleCondition
{
    public ConstantCondition(bool value) => Value = value;

    public bool Value { get; }

    public override string ToString() => Value ? "true." : "false.";

    internal override bool Evaluate(AttributeLookup lookup) => Value;
}
