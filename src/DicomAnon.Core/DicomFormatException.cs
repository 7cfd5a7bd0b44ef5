// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core;

/// <summary>The input is not well-formed DICOM. <see cref="Tag"/> and <see cref="Offset"/> locate the fault.</summary>
/// <remarks>Messages name tags and byte offsets only, never element values (they may be PHI).</remarks>
public class DicomFormatException : Exception
{
    public DicomFormatException(string message, DicomTag? tag, long offset)
        : base(message)
    {
        Tag = tag;
        Offset = offset;
    }

    public DicomFormatException(string message, DicomTag? tag, long offset, Exception inner)
        : base(message, inner)
    {
        Tag = tag;
        Offset = offset;
    }

    public DicomTag? Tag { get; }

    /// <summary>Byte offset in the file (or decoded stream, for deflated files); -1 when unknown.</summary>
    public long Offset { get; }
}
