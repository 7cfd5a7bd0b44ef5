// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>Settings of a de-identification run (CONTRACT: members may be added, not renamed).</summary>
public sealed class DeidentificationSettings
{
    /// <summary>Options on top of the Basic Profile. Default: Retain Longitudinal Temporal Information with Modified Dates.</summary>
    public IReadOnlyCollection<DeidentificationOption> Options { get; init; } =
        new[] { DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates };

    /// <summary>Secret key for HMAC-SHA256 pseudonyms, UIDs and date offsets (at least 16 bytes).</summary>
    public byte[] Key { get; init; } = Array.Empty<byte>();
}

/// <summary>What de-identification did to one file (counts only; originals only for a crosswalk the user asks for).</summary>
public sealed class DeidentificationResult
{
    public string PseudonymPatientId { get; init; } = string.Empty;

    /// <summary>The original Patient ID (PHI): only for a crosswalk file the user explicitly asks for.</summary>
    public string? OriginalPatientId { get; init; }

    public int DateOffsetDays { get; init; }

    public int Removed { get; init; }

    public int Emptied { get; init; }

    public int Replaced { get; init; }

    public int UidsRemapped { get; init; }

    public int DatesShifted { get; init; }

    /// <summary>Warnings that name tags only, never values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}

/// <summary>Applies PS3.15 Annex E to a file in memory (CONTRACT STUB: the de-identification helper implements it). Thread-safe.</summary>
public sealed class Deidentifier
{
    public Deidentifier(DeidentificationSettings settings) => Settings = settings;

    public DeidentificationSettings Settings { get; }

    /// <summary>De-identifies <paramref name="file"/> in place (header and file meta); pixel data is not touched.</summary>
    public DeidentificationResult Apply(DicomFile file) => throw new NotSupportedException();
}
