// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Commands;

/// <summary>How de-identified copies are named under -Destination.</summary>
public enum OutputLayout
{
    /// <summary>Same relative path as the input (file name only for files named directly).</summary>
    Mirror,

    /// <summary>PatientID/StudyInstanceUID/SeriesInstanceUID/SOPInstanceUID.dcm, by the new values.</summary>
    Uid,
}
