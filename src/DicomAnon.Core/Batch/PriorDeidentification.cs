// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Batch;

/// <summary>Recognises a dataset that DicomAnon has already de-identified, so a rerun never pseudonymises it twice.</summary>
internal static class PriorDeidentification
{

    /// <summary>
    /// True when Patient Identity Removed is YES, or NO (DicomAnon writes NO when site rules kept a patient
    /// identifier), and the first De-identification Method value is the one DicomAnon writes ("DicomAnon &lt;edition&gt; Annex E").
    /// </summary>
    public static bool IsOurs(DicomDataset dataset)
    {
        string? removed = dataset.GetString(DicomTags.PatientIdentityRemoved)?.Trim();
        if (!string.Equals(removed, "YES", StringComparison.Ordinal) && !string.Equals(removed, "NO", StringComparison.Ordinal))
        {
            return false;
        }

        string? method = dataset.GetString(DicomTags.DeidentificationMethod);
        return method is not null && method.TrimStart().StartsWith("DicomAnon ", StringComparison.Ordinal);
    }
}
