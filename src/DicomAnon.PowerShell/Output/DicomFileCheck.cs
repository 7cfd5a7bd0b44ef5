// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>Test-DicomFile -Detailed: whether a file is DICOM and whether its header parses.</summary>
public sealed class DicomFileCheck
{
    public string Path { get; internal set; } = string.Empty;

    /// <summary>A 'DICM' marker or a recognisable raw dataset.</summary>
    public bool IsDicom { get; internal set; }

    /// <summary>The whole header parses.</summary>
    public bool IsValid { get; internal set; }

    public string? TransferSyntax { get; internal set; }

    public string? SopClass { get; internal set; }

    public bool HasPixelData { get; internal set; }

    /// <summary>Why the file failed (names tags and offsets, never values).</summary>
    public string? Problem { get; internal set; }
}
