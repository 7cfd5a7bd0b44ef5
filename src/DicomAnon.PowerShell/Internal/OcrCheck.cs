// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Commands;

/// <summary>Checks once, in BeginProcessing, that Tesseract can be loaded.</summary>
internal static class OcrCheck
{
    public static bool TryLoad(string? libraryPath, out string reason)
    {
        if (OcrAvailability.TryLoad(libraryPath, out string failure))
        {
            reason = string.Empty;
            return true;
        }

        reason = (failure.Length == 0 ? "Tesseract could not be loaded." : failure)
            + " Install Tesseract 5 with English data (Debian: apt-get install tesseract-ocr tesseract-ocr-eng libtesseract5) or give -TesseractPath.";
        return false;
    }
}
