// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Verification;

/// <summary>How sure a finding is to be an identifier.</summary>
internal enum FindingSeverity
{
    /// <summary>A pattern that often is an identifier (a date- or ID-like token in free text).</summary>
    Low,

    /// <summary>Something the profile or good practice rules out, not proven to identify (an unsafe private creator, a missing flag, OCR text).</summary>
    Medium,

    /// <summary>An identifier of the source found, or a value the claimed profile must have removed or replaced.</summary>
    High,
}
