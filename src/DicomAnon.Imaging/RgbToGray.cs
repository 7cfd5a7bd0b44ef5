// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging;

/// <summary>How <see cref="GrayImage.FromRgb24"/> turns colour into grey.</summary>
internal enum RgbToGray
{
    /// <summary>The brightest channel: coloured text stays as bright as white text.</summary>
    MaxChannel = 0,

    /// <summary>Perceived brightness, 0.299 R + 0.587 G + 0.114 B.</summary>
    Luma = 1,
}
