// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>New-DicomDirectory: the file-set written (counts only; the records' values stay in the file).</summary>
public sealed class DicomDirectoryResult
{
    /// <summary>Full path of the DICOMDIR.</summary>
    public string Path { get; internal set; } = string.Empty;

    public int Patients { get; internal set; }

    public int Studies { get; internal set; }

    public int Series { get; internal set; }

    /// <summary>Instances referenced (and copied under the file-set folder).</summary>
    public int Instances { get; internal set; }
}
