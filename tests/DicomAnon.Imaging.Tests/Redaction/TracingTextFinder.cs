// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>The Tesseract finder with its trace kept per call (one call per frame and scan), for the diagnoses.</summary>
internal sealed class TracingTextFinder : ITextFinder
{
    public TracingTextFinder(TesseractTextFinder inner) => Inner = inner;

    public TesseractTextFinder Inner { get; }

    public List<List<(PixelRect Box, string Why, bool Strong, string Text, float Confidence)>> Calls { get; } = new();

    public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
    {
        var trace = new List<(PixelRect Box, string Why, bool Strong, string Text, float Confidence)>();
        Inner.Trace = trace;
        Calls.Add(trace);
        return Inner.Detect(image, imagingRegions);
    }

    public void Dispose() => Inner.Dispose();
}
