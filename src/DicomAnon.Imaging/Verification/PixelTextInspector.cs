// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Imaging.Rendering;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Verification;

/// <summary>
/// Reads the frames of a de-identified file with Tesseract (the same engine and word filter as the burned-in text
/// remover) and reports every box of text still there. Clips of up to <see cref="EveryFrameLimit"/> frames are read
/// frame by frame; longer ones on <see cref="SampledFrames"/> evenly spaced frames, first and last included.
/// One instance per thread (it owns an OCR engine).
/// </summary>
internal sealed class PixelTextInspector : IDisposable
{
    public const int EveryFrameLimit = 16;
    public const int SampledFrames = 16;
    private readonly TextDetector _detector;

    /// <exception cref="OcrEngineNotFoundException">Tesseract cannot be loaded.</exception>
    public PixelTextInspector(string? tesseractLibraryPath = null, string? tessdataPath = null)
    {
        if (!TextDetector.TryCreate(tesseractLibraryPath, tessdataPath, out TextDetector? detector, out string? reason) || detector is null)
        {
            throw new OcrEngineNotFoundException(reason ?? "Tesseract could not be loaded.");
        }

        _detector = detector;
    }

    /// <summary>Words below this confidence (0-100) are ignored, as in <see cref="RedactionSettings.MinimumConfidence"/>.</summary>
    public float MinimumConfidence { get; init; } = 30f;

    /// <summary>Taller "words" are OCR noise on anatomy, as in <see cref="RedactionSettings.MaxTextHeight"/>.</summary>
    public int MaxTextHeight { get; init; } = 96;

    /// <summary>True when the file has pixel data this engine can render.</summary>
    public static bool HasPixels(DicomFile file) => file?.Dataset.Contains(DicomTag.PixelData) ?? false;

    /// <summary>The frames that <see cref="Inspect"/> reads for a clip of <paramref name="count"/> frames.</summary>
    public static IReadOnlyList<int> FramesToRead(int count)
    {
        if (count <= EveryFrameLimit)
        {
            return Enumerable.Range(0, count).ToList();
        }

        var set = new SortedSet<int>();
        for (int i = 0; i < SampledFrames; i++)
        {
            set.Add((int)((long)i * (count - 1) / (SampledFrames - 1)));
        }

        return set.ToList();
    }

    /// <summary>Boxes of text, per frame read. <paramref name="isIdentifier"/> tells whether the words of a box are an identifier; the text goes nowhere else.</summary>
    /// <exception cref="UnsupportedPixelDataException">The pixel data cannot be decoded.</exception>
    public IReadOnlyList<PixelTextBox> Inspect(DicomFile file, Func<string, bool>? isIdentifier)
    {
        PixelFrames frames = PixelFrames.Open(file ?? throw new ArgumentNullException(nameof(file)));
        var boxes = new List<PixelTextBox>();
        foreach (int f in FramesToRead(frames.Count))
        {
            GrayImage img = frames.RenderGray(f);
            foreach (OcrWord w in _detector.Detect(img.Pixels, img.Width, img.Height))
            {
                if (w.Confidence < MinimumConfidence || w.Width <= 0 || w.Height <= 0 || w.Height > MaxTextHeight || !w.Text.Any(char.IsLetterOrDigit))
                {
                    continue;
                }

                boxes.Add(new PixelTextBox(f, new PixelRect(w.X, w.Y, w.Width, w.Height), isIdentifier?.Invoke(w.Text) ?? false));
            }
        }

        return boxes;
    }

    /// <summary>Frame <paramref name="frame"/> as PNG bytes, with <paramref name="outline"/> drawn in red (for a report's thumbnails).</summary>
    public static byte[] RenderPng(DicomFile file, int frame, IReadOnlyList<PixelRect>? outline)
    {
        PixelFrames frames = PixelFrames.Open(file ?? throw new ArgumentNullException(nameof(file)));
        using var ms = new MemoryStream();
        PngExporter.Write(frames, Math.Min(frame, frames.Count - 1), ms, outline);
        return ms.ToArray();
    }

    public void Dispose() => _detector.Dispose();
}
