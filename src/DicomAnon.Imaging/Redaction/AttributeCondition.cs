// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary><c>Keyword.method("argument")</c>, <c>[gggg,eeee].method(...)</c> or a chain <c>Seq::Keyword.method(...)</c>.</summary>
internal sealed class AttributeCondition : RuleCondition
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private readonly Regex? _regex;

    public AttributeCondition(IReadOnlyList<DicomTag> path, RuleMethod method, string argument)
    {
        if (path is null || path.Count == 0)
        {
            throw new ArgumentException("An attribute condition needs at least one tag.", nameof(path));
        }

        Path = path;
        Method = method;
        Argument = argument ?? string.Empty;
        if (method == RuleMethod.Matches)
        {
            // Java's String.matches is a whole-string match.
            _regex = new Regex("^(?:" + Argument + ")$", RegexOptions.CultureInvariant, RegexTimeout);
        }
    }

    /// <summary>The tag, or the chain of sequence tags ending with the tested tag.</summary>
    public IReadOnlyList<DicomTag> Path { get; }

    public RuleMethod Method { get; }

    public string Argument { get; }

    public override string ToString() =>
        string.Join("::", Path.Select(t => t.ToString())) + "." + Method.ToString() + "(\"" + Argument + "\")";

    internal override bool Evaluate(AttributeLookup lookup)
    {
        string value = lookup(Path, out bool isNumber);
        switch (Method)
        {
            case RuleMethod.ExactlyEquals:
                if (isNumber && TryNumber(FirstValue(value), out double a) && TryNumber(Argument, out double b))
                {
                    return a == b;
                }

                return string.Equals(value, Argument, StringComparison.Ordinal);
            case RuleMethod.EqualsIgnoreCase:
                return string.Equals(value, Argument, StringComparison.OrdinalIgnoreCase);
            case RuleMethod.Contains:
                return value.IndexOf(Argument, StringComparison.Ordinal) >= 0;
            case RuleMethod.ContainsIgnoreCase:
                return value.IndexOf(Argument, StringComparison.OrdinalIgnoreCase) >= 0;
            case RuleMethod.StartsWith:
                return value.StartsWith(Argument, StringComparison.Ordinal);
            case RuleMethod.StartsWithIgnoreCase:
                return value.StartsWith(Argument, StringComparison.OrdinalIgnoreCase);
            case RuleMethod.EndsWith:
                return value.EndsWith(Argument, StringComparison.Ordinal);
            case RuleMethod.EndsWithIgnoreCase:
                return value.EndsWith(Argument, StringComparison.OrdinalIgnoreCase);
            case RuleMethod.Matches:
                try
                {
                    return _regex!.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            case RuleMethod.IsBlank:
                return value.Trim().Length == 0;
            case RuleMethod.IsLessThan:
                return TryNumber(FirstValue(value), out double l) && TryNumber(Argument, out double lr) && l < lr;
            case RuleMethod.IsGreaterThan:
                return TryNumber(FirstValue(value), out double g) && TryNumber(Argument, out double gr) && g > gr;
            default:
                return false;
        }
    }

    private static string FirstValue(string value)
    {
        int i = value.IndexOf('\\');
        return (i >= 0 ? value.Substring(0, i) : value).Trim();
    }

    private static bool TryNumber(string s, out double d) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d);
}
