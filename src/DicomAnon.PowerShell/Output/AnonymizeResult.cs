// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>
/// What Invoke-DicomAnonymize did to one input: the audit trail (Export-Csv it). Every distinct input gets exactly
/// one result, written, skipped or failed. Never holds original identifiers. <see cref="Path"/> is the file
/// written, so the result chains into the next cmdlet.
/// </summary>
public sealed class AnonymizeResult
{
    /// <summary>The de-identified file (written now, or by an earlier run for AlreadyDone); null when there is none.</summary>
    public string? Path { get; internal set; }

    /// <summary>The input file.</summary>
    public string SourcePath { get; internal set; } = string.Empty;

    /// <summary>Deidentified (written), Skipped (see <see cref="Reason"/>) or Failed (see <see cref="ErrorId"/>).</summary>
    public string Status { get; internal set; } = string.Empty;

    /// <summary>For Failed: the documented error id (the same as the error record's).</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>
    /// For Skipped: AlreadyDone, IdenticalOutputExists, AlreadyDeidentified, OtherPartition, DicomDir,
    /// NotDicomFile or NotRegularFile.
    /// </summary>
    public string? Reason { get; internal set; }

    /// <summary>Why the file was skipped or failed, naming paths only (never a value from the file).</summary>
    public string? Message { get; internal set; }

    /// <summary>The Patient ID written into the file.</summary>
    public string? PseudonymPatientId { get; internal set; }

    public int Removed { get; internal set; }

    public int Emptied { get; internal set; }

    public int Replaced { get; internal set; }

    public int UidsRemapped { get; internal set; }

    public int DatesShifted { get; internal set; }

    /// <summary>
    /// What pixel cleaning did (-CleanPixelData): Cleaned or NoTextFound (proven; the file records 113101 and Burned In
    /// Annotation NO), TextRemains, BlackedOutNotVerified, NotCleaned, NoPixelData.
    /// </summary>
    public Core.Pixels.PixelOutcome PixelOutcome { get; internal set; } = Core.Pixels.PixelOutcome.NotCleaned;

    /// <summary>Rectangles of burned-in text blacked out (-CleanPixelData), over all frames; else 0.</summary>
    public int PixelRegionsBlackedOut { get; internal set; }

    /// <summary>The options applied (PS3.15 names).</summary>
    public string Options { get; internal set; } = string.Empty;

    /// <summary>Warnings for this file, separated by "; " (they name tags and paths, never values).</summary>
    public string Warnings { get; internal set; } = string.Empty;
}
