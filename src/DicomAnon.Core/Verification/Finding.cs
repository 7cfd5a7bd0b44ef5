// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Verification;

/// <summary>
/// One thing in a de-identified file that still looks identifying. It says where and what kind, never the value:
/// a verification report must not become a copy of the identifiers it found.
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class Finding : IEquatable<Finding>
{
    public Finding(string path, string location, string kind, FindingSeverity severity)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Location = location ?? throw new ArgumentNullException(nameof(location));
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        Severity = severity;
    }

    /// <summary>The full path of the checked (output) file.</summary>
    public string Path { get; }

    /// <summary>
    /// Where: an element as "(0008,1030)" or "(0008,1030) in (0040,0275)[0]" (innermost first), "path" for a file or
    /// folder name, "preamble", "file" for the file as a whole, or "frame 0 box x,y,w,h" for burned-in text.
    /// </summary>
    public string Location { get; }

    /// <summary>What was found, e.g. <see cref="FindingKinds.SourcePatientName"/>.</summary>
    public string Kind { get; }

    public FindingSeverity Severity { get; }

    /// <summary>0-based frame of a pixel finding, else null.</summary>
    public int? Frame { get; init; }

    /// <summary>Box of a pixel finding as x, y, width, height, else null.</summary>
    public int[]? Box { get; init; }

    public bool Equals(Finding? other) =>
        other is not null && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Location, other.Location, StringComparison.Ordinal) &&
        string.Equals(Kind, other.Kind, StringComparison.Ordinal) && Severity == other.Severity;

    public override bool Equals(object? obj) => Equals(obj as Finding);

    public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Path) * 31) + (StringComparer.Ordinal.GetHashCode(Location) * 7) + StringComparer.Ordinal.GetHashCode(Kind));

    public override string ToString() => $"{Severity} {Kind} at {Location}";
}
