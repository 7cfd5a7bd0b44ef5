// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using DicomAnon.Imaging.Codecs.Jpeg;
using SixLabors.ImageSharp.Formats.Jpeg;
using Xunit;
using static DicomAnon.Imaging.Tests.Codecs.Jpeg.JpegTestTools;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

public sealed class JpegMalformedInputTests
{
    private static readonly PixelRect[] Rects = { new(4, 4, 20, 20) };

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x40, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34, 0x56, 0x78 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00 })]
    public void Redact_Garbage_ThrowsJpegFormatException(byte[] data)
    {
        Assert.Throws<JpegFormatException>(() => JpegBaselineRedactor.Redact(data, Rects));
    }

    [Fact]
    public void Redact_EveryTruncation_ThrowsFormatExceptionOrSucceeds()
    {
        byte[] jpeg = EncodeImageSharp(40, 32, JpegColorType.YCbCrRatio420, 80, seed: 11);
        int sos = JpegBaselineRedactorTests.IndexOfMarker(jpeg, 0xDA);
        int formatErrors = 0;
        for (int length = 0; length < jpeg.Length - 2; length++)
        {
            byte[] cut = jpeg.AsSpan(0, length).ToArray();
            try
            {
                byte[] output = JpegBaselineRedactor.Redact(cut, Rects);
                Assert.True(length > sos, $"truncated to {length} bytes (inside the header) but no error");
                AssertSameAsLibJpegIfAvailable(output);
            }
            catch (JpegFormatException)
            {
                formatErrors++;
            }
        }

        Assert.True(formatErrors > sos, "truncation inside the header must always be reported");
    }

    [Fact]
    public void Redact_TruncatedEntropyData_ThrowsWithOffset()
    {
        byte[] jpeg = EncodeImageSharp(64, 64, JpegColorType.YCbCrRatio444, 90, seed: 12);
        byte[] cut = jpeg.AsSpan(0, jpeg.Length - 200).ToArray();

        var ex = Assert.Throws<JpegFormatException>(() => JpegBaselineRedactor.Redact(cut, Rects));

        Assert.InRange(ex.Offset, 0, cut.Length);
    }

    [Fact]
    public void Redact_RandomCorruption_NeverCrashesOrHangs()
    {
        byte[] jpeg = EncodeImageSharp(48, 40, JpegColorType.YCbCrRatio420, 80, seed: 13);
        var random = new Random(1234);
        var watch = Stopwatch.StartNew();
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] bad = (byte[])jpeg.Clone();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++)
            {
                bad[random.Next(2, bad.Length)] = (byte)random.Next(256);
            }

            try
            {
                _ = JpegBaselineRedactor.Redact(bad, Rects);
            }
            catch (JpegFormatException)
            {
            }
            catch (NotSupportedException)
            {
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "corrupt inputs must not be slow");
    }

    [Fact]
    public void Redact_HugeDeclaredFrame_ThrowsBeforeAllocating()
    {
        byte[] jpeg = EncodeImageSharp(16, 16, JpegColorType.Luminance, 80, seed: 14);
        int sof = JpegBaselineRedactorTests.IndexOfMarker(jpeg, 0xC0);
        jpeg[sof + 5] = 0xFF; // height 65535+
        jpeg[sof + 6] = 0xFF;
        jpeg[sof + 7] = 0xFF; // width 65535
        jpeg[sof + 8] = 0xFF;

        var ex = Assert.Throws<JpegFormatException>(() => JpegBaselineRedactor.Redact(jpeg, Rects));

        Assert.Equal(sof, ex.Offset);
        Assert.Contains("blocks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Progressive_ThrowsNotSupported()
    {
        if (LibJpeg is null)
        {
            return;
        }

        byte[] jpeg = EncodeLibJpeg(32, 32, 3, 80, 0, false, 2, 2, seed: 15, progressive: true);

        var ex = Assert.Throws<NotSupportedException>(() => JpegBaselineRedactor.Redact(jpeg, Rects));

        Assert.Contains("Progressive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Arithmetic_ThrowsNotSupported()
    {
        if (LibJpeg is null)
        {
            return;
        }

        byte[] jpeg = EncodeLibJpeg(32, 32, 1, 80, 0, false, 1, 1, seed: 16, arithmetic: true);

        var ex = Assert.Throws<NotSupportedException>(() => JpegBaselineRedactor.Redact(jpeg, Rects));

        Assert.Contains("Arithmetic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_WrongRestartMarkerNumber_ThrowsFormatException()
    {
        if (LibJpeg is null)
        {
            return;
        }

        byte[] jpeg = EncodeLibJpeg(64, 64, 1, 80, 2, false, 1, 1, seed: 17);
        int rst1 = JpegBaselineRedactorTests.IndexOfMarker(jpeg, 0xD1);
        Assert.True(rst1 > 0);
        jpeg[rst1 + 1] = 0xD3;

        var ex = Assert.Throws<JpegFormatException>(() => JpegBaselineRedactor.Redact(jpeg, Rects));

        Assert.Contains("RST1", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSameAsLibJpegIfAvailable(byte[] output)
    {
        // A truncation that keeps every scan complete may lose only EOI, which the redactor restores.
        Assert.Equal(0xD9, output[^1]);
        if (LibJpeg is not null)
        {
            AssertSameAsLibJpeg(output);
        }
    }
}
