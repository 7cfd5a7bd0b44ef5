// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Media;

/// <summary>One instance of a media file-set: where it comes from, its header, and the File ID it gets.</summary>
internal sealed class MediaInstance
{
    internal MediaInstance(string sourcePath, DicomDataset keys, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, DirectoryRecordKind kind)
    {
        SourcePath = sourcePath;
        Keys = keys;
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        TransferSyntaxUid = transferSyntaxUid;
        Kind = kind;
    }

    /// <summary>The file the instance is read from (copied to <see cref="FileId"/> under the file-set root).</summary>
    public string SourcePath { get; }

    /// <summary>The header attributes the directory records carry (a few elements, not the whole header).</summary>
    internal DicomDataset Keys { get; }

    public string SopClassUid { get; }

    public string SopInstanceUid { get; }

    public string TransferSyntaxUid { get; }

    public DirectoryRecordKind Kind { get; }

    /// <summary>The Referenced File ID components (PS3.10 8.5: at most 8 components of 1-8 characters A-Z, 0-9, _).</summary>
    public IReadOnlyList<string> FileId { get; internal set; } = System.Array.Empty<string>();
}
