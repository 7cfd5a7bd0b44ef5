// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// OCR was requested but the Tesseract engine could not be loaded. <see cref="Exception.Message"/> carries the
/// loader's reason (what to install or which path to pass); the cmdlet makes it one terminating error.
/// </summary>
internal sealed class OcrEngineNotFoundException : Exception
{
    public OcrEngineNotFoundException(string reason)
        : base("OCR was requested but the Tesseract engine is not available: " + reason)
    {
        Reason = reason;
    }

    /// <summary>The loader's reason, as given by <c>TextDetector.TryCreate</c>.</summary>
    public string Reason { get; }
}
