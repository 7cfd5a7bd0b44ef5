// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Pixels;

/// <summary>How a file's frames are stored.</summary>
internal enum PixelEncoding
{
    /// <summary>Native (uncompressed) pixel data.</summary>
    Native,

    /// <summary>RLE Lossless (1.2.840.10008.1.2.5).</summary>
    Rle,

    /// <summary>JPEG Lossless process 14 (1.2.840.10008.1.2.4.57 and .70).</summary>
    JpegLossless,

    /// <summary>JPEG Baseline (1.2.840.10008.1.2.4.50) and 8-bit JPEG Extended (.51): changed in the DCT domain, decoded only for display and OCR.</summary>
    JpegBaseline,

    /// <summary>
    /// JPEG 2000 (.90, .91) and High-Throughput JPEG 2000 (.201-.203) through OpenJPEG. Changed frames are written as
    /// lossless JPEG 2000 (.90); when the file was in another of these syntaxes every frame is re-encoded to .90.
    /// </summary>
    Jpeg2000,

    /// <summary>JPEG-LS (.80, .81) through CharLS. Changed frames are written lossless (NEAR 0); a .81 file becomes .80.</summary>
    JpegLs,
}
