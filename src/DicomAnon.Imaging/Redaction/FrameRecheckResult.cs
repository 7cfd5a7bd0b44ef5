// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>What the independent re-check (<see cref="TextRecheck"/>) found in one frame.</summary>
internal sealed class FrameRecheckResult
{
    public FrameRecheckResult(List<RecheckFinding> findings, List<PixelRect> labels, List<PixelRect> streaks)
    {
        Findings = findings;
        Labels = labels;
        Streaks = streaks;
    }

    /// <summary>Where text remains, and why.</summary>
    public List<RecheckFinding> Findings { get; }

    /// <summary>PhiOnly: rows read as label lines (<see cref="TextRecheck.Labels"/>).</summary>
    public List<PixelRect> Labels { get; }

    /// <summary>Candidates that are oblique streaks of speckle (<see cref="TextRecheck.Streaks"/>).</summary>
    public List<PixelRect> Streaks { get; }
}
