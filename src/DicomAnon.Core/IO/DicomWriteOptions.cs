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
}
