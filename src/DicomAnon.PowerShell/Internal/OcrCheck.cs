// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Ocr;

namespace DicomAnon.Commands;

/// <summary>Checks once, in BeginProcessing, that Tesseract can be loaded.</summary>
internal static class OcrCheck
{
    public static bool TryLoad(string? libraryPath, out string reason)
    {
        if (TextDetector.TryCreate(libraryPath, null, out TextDetector? detector, out string? failure))
        {
            detector?.Dispose();
            reason = string.Empty;
            return true;
        }

        reason = (failure ?? "Tesseract could not be loaded.")
            + " Install Tesseract 5 with English data (Debian: apt-get install tesseract-ocr tesseract-ocr-eng libtesseract5) or give -TesseractPath.";
        return false;
    }
}
