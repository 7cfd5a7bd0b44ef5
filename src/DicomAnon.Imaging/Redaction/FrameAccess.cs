// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>The frames of one file as the remover sees them (seam for tests; production wraps <see cref="PixelFrames"/>).</summary>
internal interface IFrameSource
{
    int Count { get; }

    int Rows { get; }

    int Columns { get; }

    /// <summary>Frame rendered to 8-bit gray; must reflect earlier <see cref="Blackout"/> calls.</summary>
    GrayImage RenderGray(int index);

    void Blackout(int index, IReadOnlyList<PixelRect> rectangles);

    void Commit();
}

/// <summary>Finds words in a gray image (seam for tests; production wraps <see cref="TextDetector"/>).</summary>
internal interface ITextFinder : IDisposable
{
    IReadOnlyList<OcrWord> Detect(GrayImage image);
}

internal sealed class PixelFramesSource : IFrameSource
{
    private readonly PixelFrames _frames;

    public PixelFramesSource(PixelFrames frames) => _frames = frames;

    public int Count => _frames.Count;

    public int Rows => _frames.Rows;

    public int Columns => _frames.Columns;

    public GrayImage RenderGray(int index) => _frames.RenderGray(index);

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles) => _frames.Blackout(index, rectangles);

    public void Commit() => _frames.Commit();
}

internal sealed class TesseractTextFinder : ITextFinder
{
    private readonly TextDetector _detector;

    private TesseractTextFinder(TextDetector detector) => _detector = detector;

    /// <summary>Loads Tesseract or throws <see cref="OcrEngineNotFoundException"/> with the loader's reason.</summary>
    public static TesseractTextFinder Create(string? libraryPath, string? dataPath)
    {
        if (!TextDetector.TryCreate(libraryPath, dataPath, out TextDetector? detector, out string? reason) || detector is null)
        {
            throw new OcrEngineNotFoundException(reason ?? "Tesseract could not be loaded.");
        }

        return new TesseractTextFinder(detector);
    }

    public IReadOnlyList<OcrWord> Detect(GrayImage image) => _detector.Detect(image);

    public void Dispose() => _detector.Dispose();
}

/// <summary>
/// OCR was requested but the Tesseract engine could not be loaded. <see cref="Exception.Message"/> carries the
/// loader's reason (what to install or which path to pass); the cmdlet makes it one terminating error.
/// </summary>
public sealed class OcrEngineNotFoundException : Exception
{
    public OcrEngineNotFoundException(string reason)
        : base("OCR was requested but the Tesseract engine is not available: " + reason)
    {
        Reason = reason;
    }

    /// <summary>The loader's reason, as given by <c>TextDetector.TryCreate</c>.</summary>
    public string Reason { get; }
}
