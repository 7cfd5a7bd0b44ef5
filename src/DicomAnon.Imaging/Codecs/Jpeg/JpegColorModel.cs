// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>How the three components of a colour JPEG are to be read when choosing the "black" coefficients.</summary>
internal enum JpegColorModel
{
    /// <summary>From the codestream: Adobe APP14 transform flag, else JFIF (YCbCr), else component ids 'R','G','B' (RGB), else YCbCr.</summary>
    Auto = 0,

    /// <summary>Component 1 is luminance, 2 and 3 are chrominance (black is Y = 0, Cb = Cr = 128).</summary>
    YCbCr = 1,

    /// <summary>No colour transform (e.g. DICOM RGB without APP14): every component is set to 0.</summary>
    Rgb = 2,
}
