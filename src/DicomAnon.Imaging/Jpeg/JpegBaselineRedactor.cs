// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Jpeg;

/// <summary>
/// Blacks out rectangles of a baseline JPEG (PS3.5 1.2.840.10008.1.2.4.50) in the DCT domain
/// (CONTRACT STUB: the JPEG helper implements it). Every 8x8 block outside the rectangles keeps its exact coefficients.
/// </summary>
public static class JpegBaselineRedactor
{
    /// <summary>Returns a new JPEG codestream with every block that intersects a rectangle set to black.</summary>
    public static byte[] Redact(byte[] jpeg, IReadOnlyList<PixelRect> rectangles) => throw new NotSupportedException();
}
