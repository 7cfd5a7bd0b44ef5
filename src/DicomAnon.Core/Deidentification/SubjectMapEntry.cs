// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Deidentification;

/// <summary>One subject of a <see cref="SubjectMap"/>.</summary>
internal sealed class SubjectMapEntry
{
    public SubjectMapEntry(string originalPatientId, string pseudonymPatientId, string? pseudonymPatientName = null, int? dateOffsetDays = null)
    {
        OriginalPatientId = originalPatientId ?? throw new ArgumentNullException(nameof(originalPatientId));
        PseudonymPatientId = pseudonymPatientId ?? throw new ArgumentNullException(nameof(pseudonymPatientId));
        PseudonymPatientName = pseudonymPatientName;
        DateOffsetDays = dateOffsetDays;
    }

    /// <summary>The Patient ID (0010,0020) as found in the source files (PHI).</summary>
    public string OriginalPatientId { get; }

    /// <summary>The Patient ID to write.</summary>
    public string PseudonymPatientId { get; }

    /// <summary>The Patient's Name to write; null to use the pseudonym ID.</summary>
    public string? PseudonymPatientName { get; }

    /// <summary>Days to add to this subject's dates; null to derive the offset from the key.</summary>
    public int? DateOffsetDays { get; }
}
