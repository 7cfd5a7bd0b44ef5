// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>One detector per test class (Tesseract start-up costs ~0.2 s). Fails, not skips, when Tesseract is missing: CI installs it.</summary>
public sealed class TesseractFixture : IDisposable
{
    public TesseractFixture()
    {
        if (!TextDetector.TryCreate(null, null, out TextDetector? detector, out string? reason))
        {
            throw new InvalidOperationException("Tesseract is required for these tests: " + reason);
        }

        Detector = detector!;
    }

    internal TextDetector Detector { get; }

    public void Dispose() => Detector.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TesseractCollection : ICollectionFixture<TesseractFixture>
{
    public const string Name = "Tesseract";
}
