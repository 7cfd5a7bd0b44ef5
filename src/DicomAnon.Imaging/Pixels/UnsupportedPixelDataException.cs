// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Pixels;

/// <summary>The pixel data cannot be cleaned (unsupported syntax or inconsistent description). Message names the syntax, never values.</summary>
internal sealed class UnsupportedPixelDataException : Exception
{
    public UnsupportedPixelDataException(string message)
        : base(message)
    {
    }

    public UnsupportedPixelDataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
