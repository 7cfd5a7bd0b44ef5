// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary><c>a * b * ...</c></summary>
internal sealed class AndCondition : RuleCondition
{
    public AndCondition(IReadOnlyList<RuleCondition> operands) => Operands = operands ?? throw new ArgumentNullException(nameof(operands));

    public IReadOnlyList<RuleCondition> Operands { get; }

    public override string ToString() => "(" + string.Join(" * ", Operands.Select(o => o.ToString())) + ")";

    internal override bool Evaluate(AttributeLookup lookup) => Operands.All(o => o.Evaluate(lookup));
}
