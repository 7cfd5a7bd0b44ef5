// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Pixels;

/// <summary>
/// Frame-level access to a file's pixel data whatever its syntax (CONTRACT STUB: the imaging helper implements it).
/// Native and lossless syntaxes are decoded, changed and re-encoded exactly; JPEG baseline is changed in the DCT domain.
/// </summary>
public sealed class PixelFrames
{
    private PixelFrames()
    {
    }

    /// <summary>Opens the pixel data of <paramref name="file"/>; throws <see cref="UnsupportedPixelDataException"/> for syntaxes it cannot clean.</summary>
    public static PixelFrames Open(DicomFile file) => throw new UnsupportedPixelDataException($"pixel cleaning is not supported for {file.TransferSyntax.Name}");

    public int Count => 0;

    public int Rows => 0;

    public int Columns => 0;

    /// <summary>Frame <paramref name="index"/> rendered to 8-bit gray for OCR and display (window/level applied, MONOCHROME1 inverted, colour to luminance).</summary>
    public GrayImage RenderGray(int index) => throw new NotSupportedException();

    /// <summary>Sets every pixel of the rectangles in frame <paramref name="index"/> to black.</summary>
    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles) => throw new NotSupportedException();

    /// <summary>Writes changed frames back into the dataset (pixel data, fragments, offset table, lengths).</summary>
    public void Commit() => throw new NotSupportedException();
}

/// <summary>The pixel data cannot be cleaned (unsupported syntax or inconsistent description). Message names the syntax, never values.</summary>
public sealed class UnsupportedPixelDataException : Exception
{
    public UnsupportedPixelDataException(string message)
        : base(message)
    {
    }
}
