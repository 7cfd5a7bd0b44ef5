// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>A test of one attribute value in a known-location rule (the methods of the CTP filter language).</summary>
internal enum RuleMethod
{
    /// <summary><c>equals("v")</c>: the whole value equals the argument (numerically for binary numbers such as Rows).</summary>
    ExactlyEquals,

    /// <summary><c>equalsIgnoreCase("v")</c>.</summary>
    EqualsIgnoreCase,

    /// <summary><c>contains("v")</c>.</summary>
    Contains,

    /// <summary><c>containsIgnoreCase("v")</c>.</summary>
    ContainsIgnoreCase,

    /// <summary><c>startsWith("v")</c>.</summary>
    StartsWith,

    /// <summary><c>startsWithIgnoreCase("v")</c>.</summary>
    StartsWithIgnoreCase,

    /// <summary><c>endsWith("v")</c>.</summary>
    EndsWith,

    /// <summary><c>endsWithIgnoreCase("v")</c>.</summary>
    EndsWithIgnoreCase,

    /// <summary><c>matches("regex")</c>: the whole value matches the .NET regular expression.</summary>
    Matches,

    /// <summary><c>isBlank()</c>: the attribute is absent or only spaces.</summary>
    IsBlank,

    /// <summary><c>isLessThan("n")</c>: numeric comparison of the first value.</summary>
    IsLessThan,

    /// <summary><c>isGreaterThan("n")</c>: numeric comparison of the first value.</summary>
    IsGreaterThan,
}
