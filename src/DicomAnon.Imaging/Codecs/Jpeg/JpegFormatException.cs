// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// The JPEG codestream is malformed (truncated, garbage, wrong lengths, invalid Huffman data).
/// <see cref="Offset"/> is the byte offset in the codestream where the fault was found.
/// Features that are well-formed but not handled (progressive, arithmetic, 12-bit...) raise <see cref="NotSupportedException"/> instead.
/// </summary>
internal sealed class JpegFormatException : Exception
{
    public JpegFormatException(string message, long offset)
        : base(message)
    {
        Offset = offset;
    }

    public JpegFormatException(string message, long offset, Exception inner)
        : base(message, inner)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the codestream; -1 when unknown.</summary>
    public long Offset { get; }
}
