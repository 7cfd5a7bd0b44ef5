// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>Whether OCR can run here: the cmdlets ask this, so that only the OCR bridge references the OCR assembly.</summary>
internal static class OcrAvailability
{
    /// <summary>Loads Tesseract once to prove it works; false with the loader's reason (what to install) otherwise.</summary>
    /// <param name="libraryPath">Explicit Tesseract library (or folder), or null to search the usual places.</param>
    /// <param name="reason">Why OCR is not available; empty when it is.</param>
    public static bool TryLoad(string? libraryPath, out string reason) => TesseractTextFinder.Probe(libraryPath, out reason);
}
