// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A known location of burned-in annotation: when <see cref="Condition"/> holds for a file's header,
/// <see cref="Rectangles"/> are blacked out on every frame. Immutable; safe to share between threads.
/// </summary>
internal sealed class KnownLocationRule
{
    public KnownLocationRule(string source, int line, string label, RuleCondition condition, IReadOnlyList<PixelRect> rectangles)
    {
        Source = source ?? string.Empty;
        Line = line;
        Label = label ?? string.Empty;
        Condition = condition ?? throw new ArgumentNullException(nameof(condition));
        Rectangles = rectangles ?? throw new ArgumentNullException(nameof(rectangles));
    }

    /// <summary>Where the rule came from: "builtin:DicomPixelAnonymizer.script" or a rule file path.</summary>
    public string Source { get; }

    /// <summary>1-based line of the rule's opening brace in <see cref="Source"/>.</summary>
    public int Line { get; }

    /// <summary>The comment line just above the rule (e.g. "Philips IU22"), for reports.</summary>
    public string Label { get; }

    public RuleCondition Condition { get; }

    /// <summary>Rectangles (x, y, width, height) in frame pixels; clipped to the frame when applied.</summary>
    public IReadOnlyList<PixelRect> Rectangles { get; }

    /// <summary>"source:line (label)", for reports; never holds element values.</summary>
    public string Name => string.Format(CultureInfo.InvariantCulture, "{0}:{1}{2}", Source, Line, Label.Length > 0 ? " (" + Label + ")" : string.Empty);

    /// <summary>Evaluates the condition on a file (group 0002 attributes are read from the file meta information).</summary>
    public bool Matches(DicomFile file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        return Condition.Evaluate(RuleAttributes.For(file.FileMetaInformation, file.Dataset, null));
    }

    public override string ToString() => Name;
}
