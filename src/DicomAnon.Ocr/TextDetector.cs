// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Ocr;

/// <summary>
/// Finds text in a grayscale image with Tesseract (CONTRACT STUB: the OCR helper implements it).
/// Not thread-safe: use one detector per thread.
/// </summary>
public sealed class TextDetector : IDisposable
{
    private TextDetector()
    {
    }

    /// <summary>Loads Tesseract; on failure returns false and a reason that names what to install.</summary>
    /// <param name="libraryPath">Explicit path to the Tesseract shared library, or null to search the usual places.</param>
    /// <param name="dataPath">Folder holding eng.traineddata, or null for the library's default.</param>
    public static bool TryCreate(string? libraryPath, string? dataPath, out TextDetector? detector, out string? failureReason)
    {
        detector = null;
        failureReason = "Tesseract OCR is not wired yet.";
        _ = libraryPath;
        _ = dataPath;
        return false;
    }

    /// <summary>Every word found, in <paramref name="image"/> coordinates (prepared for burned-in text: scales, both polarities, thresholds).</summary>
    public IReadOnlyList<OcrWord> Detect(GrayImage image) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
