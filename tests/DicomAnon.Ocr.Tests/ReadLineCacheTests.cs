// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>
/// <see cref="TextDetector.ReadLine"/> with a reading cache (issue 10, speed): a crop read before is not given to
/// Tesseract again, and what comes back is what Tesseract would read, whatever it read in between.
/// </summary>
[Collection(TesseractCollection.Name)]
public sealed class ReadLineCacheTests : IDisposable
{
    private readonly TextDetector _cached;
    private readonly TextDetector _uncached;

    public ReadLineCacheTests()
    {
        Assert.True(TextDetector.TryCreate(null, null, out TextDetector? cached, out string? reason), reason);
        Assert.True(TextDetector.TryCreate(null, null, out TextDetector? uncached, out reason), reason);
        _cached = cached!;
        _cached.ReadingCache = new LineReadingCache(1 << 20);
        _uncached = uncached!;
        _uncached.ReadingCache = null;
    }

    [Fact]
    public void ReadLine_SameCropTwice_ReadsOnceAndReturnsTheSameWords()
    {
        GrayTextImage line = Line("DOE JANE 1974", 14);
        List<string> first = Describe(_cached.ReadLine(line.Pixels, line.Width, line.Height, 14));
        List<string> second = Describe(_cached.ReadLine((byte[])line.Pixels.Clone(), line.Width, line.Height, 14));

        // A hit returns before Tesseract is called.
        Assert.Equal((1L, 1L), (_cached.ReadingCache!.Misses, _cached.ReadingCache.Hits));
        Assert.Equal(first, second);
        Assert.StartsWith("DOE ", first[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLine_CachedReading_IsWhatTesseractReadsAgainAfterOtherLines()
    {
        // Tesseract keeps no state between lines that changes a reading: a cached reading is safe to return.
        GrayTextImage line = Line("MRN 0041275", 12);
        List<string> cached = Describe(_cached.ReadLine(line.Pixels, line.Width, line.Height, 12));
        foreach (string other in new[] { "SMITH^JOHN", "12/03/1961", "TIS 0.3 MI 1.2", "ST MARY HOSPITAL" })
        {
            GrayTextImage o = Line(other, 12);
            _uncached.ReadLine(o.Pixels, o.Width, o.Height, 12);
        }

        List<string> fresh = Describe(_uncached.ReadLine(line.Pixels, line.Width, line.Height, 12));

        Assert.Equal(fresh, Describe(_cached.ReadLine(line.Pixels, line.Width, line.Height, 12)));
        Assert.Equal(fresh, cached);
    }

    [Fact]
    public void ReadLine_OneWordChanged_IsReadAgain()
    {
        GrayTextImage a = Line("DOE JANE 1974", 14), b = Line("DOE JANE 1975", 14);
        List<string> first = Describe(_cached.ReadLine(a.Pixels, a.Width, a.Height, 14));
        List<string> second = Describe(_cached.ReadLine(b.Pixels, b.Width, b.Height, 14));

        Assert.Equal((2L, 0L), (_cached.ReadingCache!.Misses, _cached.ReadingCache.Hits));
        Assert.Contains(first, w => w.StartsWith("1974 ", StringComparison.Ordinal));
        Assert.Contains(second, w => w.StartsWith("1975 ", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _cached.Dispose();
        _uncached.Dispose();
    }

    private static GrayTextImage Line(string text, int size) =>
        TextImageRenderer.Render(size * (text.Length + 2), size * 2, new Background(255), [new TextSpec(text, 4, size / 3, size, false)]);

    /// <summary>Text, confidence and box of each word: what a caller gets from a reading.</summary>
    private static List<string> Describe(IReadOnlyList<OcrWord> words) =>
        words.Select(w => FormattableString.Invariant($"{w.Text} {w.Confidence} {w.X},{w.Y},{w.Width}x{w.Height}")).ToList();
}
