// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>A condition of a known-location rule. Immutable; safe to share between threads.</summary>
public abstract class RuleCondition
{
    private protected RuleCondition()
    {
    }

    internal abstract bool Evaluate(AttributeLookup lookup);
}
