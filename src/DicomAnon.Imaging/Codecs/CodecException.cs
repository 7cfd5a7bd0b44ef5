// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs;

/// <summary>A codec library refused a codestream (malformed, or a feature it lacks). Never carries pixel values.</summary>
internal sealed class CodecException : Exception
{
    public CodecException(string message)
        : base(message)
    {
    }
}
