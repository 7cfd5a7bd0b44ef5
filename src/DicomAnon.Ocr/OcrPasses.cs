// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Ocr;

/// <summary>The image versions that <see cref="TextDetector.Detect"/> gives Tesseract, each at every scale.</summary>
[Flags]
internal enum OcrPasses
{
    None = 0,

    /// <summary>The grayscale image as it is (finds dark text on a light background; Tesseract thresholds it).</summary>
    Gray = 1,

    /// <summary>The inverted grayscale image (finds light text on a dark background).</summary>
    Inverted = 2,

    /// <summary>Pixels at or above <see cref="TextDetectorOptions.BrightThreshold"/> as ink: white overlays on anatomy or noise.</summary>
    BrightThreshold = 4,

    /// <summary>Pixels at or below <see cref="TextDetectorOptions.DarkThreshold"/> as ink: black annotations on light film.</summary>
    DarkThreshold = 8,

    /// <summary>The image's own Otsu level, both polarities (text of middling brightness).</summary>
    Otsu = 16,

    /// <summary>
    /// Bright strokes that stand out from their neighbourhood (white top-hat): light text on anatomy, gradients
    /// and noise, whatever its absolute brightness.
    /// </summary>
    TopHatBright = 32,

    /// <summary>Dark strokes that stand out from their neighbourhood (black top-hat): dark text on light, uneven backgrounds.</summary>
    TopHatDark = 64,

    /// <summary>Every pass.</summary>
    All = Gray | Inverted | BrightThreshold | DarkThreshold | Otsu | TopHatBright | TopHatDark,
}
