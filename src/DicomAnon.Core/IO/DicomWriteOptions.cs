// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>How <see cref="DicomWriter"/> writes.</summary>
public sealed class DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Target transfer syntax; null keeps the file's. Native syntaxes convert freely; encapsulated ones cannot change.</summary>
    public DicomTransferSyntax? TransferSyntax { get; init; }

    /// <summary>Replace an existing file at the destination (otherwise an existing file is an error).</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>
    /// Flush the file to the disk (fsync) before the rename. The rename alone already guarantees that a killed process
    /// leaves either the old file or the complete new one; this adds safety against power loss at a large cost per file.
    /// </summary>
    public bool FlushToDisk { get; init; }
}
