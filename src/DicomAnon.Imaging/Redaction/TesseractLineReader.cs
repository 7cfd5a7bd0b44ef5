// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The re-check's own Tesseract engine: it reads line crops that <see cref="TextRecheck"/> prepared its own way,
/// so a line the first pass misread is not simply misread again from the first pass's cache.
/// </summary>
/// <threadsafety>Not thread-safe: one engine per instance, one instance per thread.</threadsafety>
internal sealed class TesseractLineReader : ILineReader
{
    private readonly TextDetector _detector;

    private TesseractLineReader(TextDetector detector) => _detector = detector;

    /// <summary>Loads Tesseract or throws <see cref="OcrEngineNotFoundException"/> with the loader's reason.</summary>
    public static TesseractLineReader Create(string? libraryPath, string? dataPath)
    {
        if (!TextDetector.TryCreate(libraryPath, dataPath, out TextDetector? detector, out string? reason) || detector is null)
        {
            throw new OcrEngineNotFoundException(reason ?? "Tesseract could not be loaded.");
        }

        return new TesseractLineReader(detector);
    }

    public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
    {
        IReadOnlyList<OcrWord> read = _detector.ReadLine(ink, width, height, textHeight);
        var words = new List<TextWord>(read.Count);
        foreach (OcrWord w in read)
        {
            words.Add(new TextWord(w.Text, w.Confidence, w.X, w.Y, w.Width, w.Height) { Line = 0, TextHeight = textHeight });
        }

        return words;
    }

    public void Dispose() => _detector.Dispose();
}
