// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Imaging.Pixels;

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

/// <summary>Finds words in a gray frame (seam for tests; production is <see cref="TesseractTextFinder"/>).</summary>
internal interface ITextFinder : IDisposable
{
    /// <summary>Text found in <paramref name="image"/>; inside <paramref name="imagingRegions"/> (ultrasound regions) it needs stronger evidence.</summary>
    IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions);
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
