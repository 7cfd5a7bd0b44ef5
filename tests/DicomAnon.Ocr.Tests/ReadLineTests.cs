// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>Line reads (issue 10: Tesseract reads candidate line crops, not whole pages) and the OpenMP limit.</summary>
[Collection(TesseractCollection.Name)]
public sealed class ReadLineTests
{
    private readonly TextDetector _detector;

    public ReadLineTests(TesseractFixture tesseract) => _detector = tesseract.Detector;

    [Fact]
    public void NativeOpenMpThreadLimit_AfterCreate_IsOneAsNativeCodeSeesIt()
    {
        // Read back through libc getenv: .NET's Environment.GetEnvironmentVariable would see its own copy only.
        Assert.Equal("1", TextDetector.NativeOpenMpThreadLimit);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(14)]
    [InlineData(24)]
    public void ReadLine_DarkTextCrop_ReadsTheWordsConfidently(int size)
    {
        GrayTextImage image = TextImageRenderer.Render(size * 14, size * 2, new Background(255), [new TextSpec("DOE JANE 1974", 4, size / 3, size, false)]);

        IReadOnlyList<OcrWord> words = _detector.ReadLine(image.Pixels, image.Width, image.Height, size);

        Assert.Equal("DOE JANE 1974", string.Join(" ", words.Select(w => w.Text)));
        Assert.All(words, w => Assert.True(w.Confidence >= 70, w.Text + " " + w.Confidence));
        RenderedWord first = image.Texts[0].Words[0];
        Assert.True(Math.Abs(words[0].X - first.Box.X) <= 2, $"x {words[0].X} vs {first.Box.X}");
        Assert.True(words.All(w => w.Y + w.Height <= image.Height && w.X + w.Width <= image.Width));
    }

    [Fact]
    public void ReadLine_BlankCrop_ReadsNothingConfidently()
    {
        // Tesseract may "read" a blank line with confidence 0: callers judge confidence, so the words must carry it.
        var white = Enumerable.Repeat((byte)255, 200 * 30).ToArray();

        Assert.All(_detector.ReadLine(white, 200, 30, 14), w => Assert.True(w.Confidence < 30, w.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ReadLine_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => _detector.ReadLine(new byte[10], 4, 4, 10));
    }
}
