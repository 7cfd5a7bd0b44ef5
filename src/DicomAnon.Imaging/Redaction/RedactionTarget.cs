// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>What to black out when text is found.</summary>
internal enum RedactionTarget
{
    /// <summary>Every text box found.</summary>
    AllText,

    /// <summary>Only text that matches the file's own PHI (names, IDs, dates, institution); labels stay.</summary>
    PhiOnly,
}
