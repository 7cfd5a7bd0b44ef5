// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DicomAnon.Imaging.Redaction;

/// <summary>A rule file is not valid; the message names the file and line, never header values.</summary>
internal sealed class RuleSyntaxException : Exception
{
    public RuleSyntaxException(string message, string source, int line)
        : base(string.Format(CultureInfo.InvariantCulture, "{0}:{1}: {2}", source, line, message))
    {
        RuleSource = source;
        Line = line;
    }

    /// <summary>The rule file path (or builtin name).</summary>
    public string RuleSource { get; }

    public int Line { get; }
}
