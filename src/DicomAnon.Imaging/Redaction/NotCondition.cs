// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Redaction;

/// <summary><c>!operand</c></summary>
internal sealed class NotCondition : RuleCondition
{
    public NotCondition(RuleCondition operand) => Operand = operand ?? throw new ArgumentNullException(nameof(operand));

    public RuleCondition Operand { get; }

    public override string ToString() => "!" + Operand;

    internal override bool Evaluate(AttributeLookup lookup) => !Operand.Evaluate(lookup);
}
