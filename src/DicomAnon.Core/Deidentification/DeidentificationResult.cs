// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>What de-identification did to one file (counts only; originals only for a crosswalk the user asks for).</summary>
internal sealed class DeidentificationResult
{
    public string PseudonymPatientId { get; init; } = string.Empty;

    /// <summary>The Patient's Name written (empty when names are not pseudonymized).</summary>
    public string PseudonymPatientName { get; init; } = string.Empty;

    /// <summary>The original Patient ID (PHI): only for a crosswalk file the user explicitly asks for.</summary>
    public string? OriginalPatientId { get; init; }

    /// <summary>Days added to this patient's dates (0 unless dates were shifted).</summary>
    public int DateOffsetDays { get; init; }

    /// <summary>True when the date offset came from the subject map rather than the key.</summary>
    public bool FromSubjectMap { get; init; }

    /// <summary>The original Study Instance UID (for a crosswalk; identifies the study in the source PACS).</summary>
    public string? OriginalStudyInstanceUid { get; init; }

    /// <summary>The Study Instance UID written.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Attributes removed (X), at every depth, including private elements and group lengths.</summary>
    public int Removed { get; init; }

    /// <summary>Attributes replaced by a zero-length value or an empty sequence (Z).</summary>
    public int Emptied { get; init; }

    /// <summary>Attributes replaced by a dummy, a pseudonym, a cleaned text or a custom value (D, C, custom).</summary>
    public int Replaced { get; init; }

    /// <summary>UID values remapped (each value of each attribute, file meta included).</summary>
    public int UidsRemapped { get; init; }

    /// <summary>DA/DT attributes whose values were shifted.</summary>
    public int DatesShifted { get; init; }

    /// <summary>Values (at any depth, file meta included) in which the identifier echo scan found and cleaned an identifier that the profile had removed or replaced elsewhere.</summary>
    public int IdentifierEchoesCleaned { get; init; }

    /// <summary>(0028,0303) as written: MODIFIED, UNMODIFIED or REMOVED.</summary>
    public string LongitudinalTemporalInformationModified { get; init; } = string.Empty;

    /// <summary>The CID 7050 codes written in (0012,0064).</summary>
    public IReadOnlyList<DeidentificationCode> MethodCodes { get; init; } = Array.Empty<DeidentificationCode>();

    /// <summary>Warnings that name tags only, never values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}
