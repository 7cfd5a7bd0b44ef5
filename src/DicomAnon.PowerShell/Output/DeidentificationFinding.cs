// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>
/// Test-DicomDeidentified: one thing in a de-identified file that still looks identifying. Where and what kind,
/// never the value.
/// </summary>
public sealed class DeidentificationFinding
{
    /// <summary>The checked (output) file.</summary>
    public string Path { get; internal set; } = string.Empty;

    /// <summary>"(0008,1030) in (0040,0275)[0]", "path", "preamble", or "frame 0 box x,y,w,h".</summary>
    public string Location { get; internal set; } = string.Empty;

    /// <summary>What was found, e.g. SourcePatientName, ProfileAttributeNotRemoved, BurnedInText.</summary>
    public string Kind { get; internal set; } = string.Empty;

    /// <summary>High, Medium or Low.</summary>
    public string Severity { get; internal set; } = string.Empty;

    /// <summary>0-based frame of a pixel finding, else null.</summary>
    public int? Frame { get; internal set; }

    /// <summary>x, y, width, height of a pixel finding, else null.</summary>
    public int[]? Box { get; internal set; }
}
