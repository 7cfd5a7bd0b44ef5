// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs;

/// <summary>A codec library (OpenJPEG, CharLS) is not installed or cannot be loaded. The message names the package to install.</summary>
internal sealed class CodecLibraryNotFoundException : Exception
{
    public CodecLibraryNotFoundException(string message)
        : base(message)
    {
    }
}
