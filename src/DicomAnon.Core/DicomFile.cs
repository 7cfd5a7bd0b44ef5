// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Core.IO;

namespace DicomAnon.Core;

/// <summary>A DICOM Part 10 file: preamble, file meta information (group 0002) and the dataset.</summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>The 128-byte preamble as read (null when the source had none; written as zeros).</summary>
    public byte[]? Preamble { get; set; }

    /// <summary>Group 0002 elements. The writer regenerates the group length and implementation identifiers.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was read in (and is written in unless told otherwise).</summary>
    public DicomTransferSyntax TransferSyntax { get; set; }

    /// <summary>The file this was read from, if any (deferred values are read from it).</summary>
    public string? SourcePath { get; internal set; }

    /// <summary>True when the source had no preamble and 'DICM' marker (a raw dataset).</summary>
    public bool HadNoPart10Header { get; internal set; }

    /// <summary>What the reader tolerated (names tags and offsets, never values).</summary>
    public IReadOnlyList<string> ReadWarnings { get; internal set; } = System.Array.Empty<string>();

    /// <summary>Reads a file; see <see cref="DicomReader"/>.</summary>
    public static DicomFile Open(string path, DicomReadOptions? options = null) => DicomReader.ReadFile(path, options ?? DicomReadOptions.Default);

    /// <summary>Writes atomically (temporary file in the same folder, then rename); see <see cref="DicomWriter"/>.</summary>
    public void Save(string path, DicomWriteOptions? options = null) => DicomWriter.WriteFile(this, path, options ?? DicomWriteOptions.Default);
}
