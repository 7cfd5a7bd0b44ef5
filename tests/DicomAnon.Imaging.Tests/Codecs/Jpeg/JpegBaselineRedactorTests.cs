// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Imaging.Codecs.Jpeg;
using SixLabors.ImageSharp.Formats.Jpeg;
using Xunit;
using static DicomAnon.Imaging.Tests.Codecs.Jpeg.JpegTestTools;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

public sealed class JpegBaselineRedactorTests
{
    private static readonly PixelRect[] Rects =
    {
        new(13, 9, 40, 21),     // unaligned, inside
        new(90, 50, 200, 200),  // reaches the right and bottom edges (padding blocks too)
        new(-5, 60, 12, 7),     // partly outside on the left
    };

    public static TheoryData<JpegColorType> ImageSharpColorTypes() => new()
    {
        JpegColorType.Luminance,
        JpegColorType.YCbCrRatio420,
        JpegColorType.YCbCrRatio444,
        JpegColorType.Rgb,
    };

    [Theory]
    [MemberData(nameof(ImageSharpColorTypes))]
    public void Redact_ImageSharpEncoded_RectBlocksBlackOtherBlocksIdentical(JpegColorType colorType)
    {
        byte[] original = EncodeImageSharp(123, 101, colorType, 90, seed: 1);

        byte[] redacted = JpegBaselineRedactor.Redact(original, Rects);

        bool color = colorType is JpegColorType.YCbCrRatio420 or JpegColorType.YCbCrRatio444;
        AssertRedactedCoefficients(original, redacted, Rects, chromaIsColor: color);
        int channels = colorType == JpegColorType.Luminance ? 1 : 3;
        AssertRedactedPixels(DecodeImageSharp(original, channels), DecodeImageSharp(redacted, channels), 123, 101, channels, Rects, tolerance: 12);
        if (LibJpeg is not null)
        {
            AssertRedactedPixels(DecodeLibJpeg(original), DecodeLibJpeg(redacted), 123, 101, channels, Rects, tolerance: 12);
        }

        if (HasImageMagick)
        {
            _ = DecodeImageMagick(redacted, channels);
        }
    }

    public static TheoryData<int, int, int, int, bool, bool> LibJpegCases() => new()
    {
        // channels, h0, v0, restart interval (MCUs), optimized tables, one scan per component
        { 1, 1, 1, 0, false, false },
        { 1, 1, 1, 5, true, false },
        { 3, 2, 2, 0, false, false },
        { 3, 2, 2, 1, false, false },
        { 3, 2, 2, 7, true, false },
        { 3, 2, 1, 3, true, false },
        { 3, 1, 2, 4, false, false },
        { 3, 1, 1, 2, true, false },
        { 3, 2, 2, 6, true, true },
        { 3, 1, 1, 0, false, true },
    };

    [Theory]
    [MemberData(nameof(LibJpegCases))]
    public void Redact_LibJpegEncoded_RectBlocksBlackOtherBlocksIdentical(int channels, int h0, int v0, int restart, bool optimize, bool perComponentScans)
    {
        if (LibJpeg is null)
        {
            return; // gcc or libjpeg headers missing on this machine
        }

        byte[] original = EncodeLibJpeg(150, 97, channels, 85, restart, optimize, h0, v0, seed: 2, perComponentScans);
        AssertSameAsLibJpeg(original);

        byte[] redacted = JpegBaselineRedactor.Redact(original, Rects);

        AssertRedactedCoefficients(original, redacted, Rects, chromaIsColor: true);
        Assert.Equal(restart > 0, ContainsMarker(redacted, 0xD0));
        for (int rst = 0xD0; rst <= 0xD7; rst++)
        {
            Assert.Equal(CountMarkers(original, rst), CountMarkers(redacted, rst)); // same intervals, same numbering
        }

        AssertRedactedPixels(DecodeLibJpeg(original), DecodeLibJpeg(redacted), 150, 97, channels, Rects, tolerance: 12);
        if (!perComponentScans)
        {
            // ImageSharp 2.1.13 misdecodes libjpeg's non-interleaved multi-scan files (the original too), so it is not a referee there.
            AssertRedactedPixels(DecodeImageSharp(original, channels), DecodeImageSharp(redacted, channels), 150, 97, channels, Rects, tolerance: 12);
        }

        if (HasImageMagick)
        {
            _ = DecodeImageMagick(redacted, channels);
        }
    }

    [Fact]
    public void Redact_RgbWithoutColorTransform_AllComponentsBlack()
    {
        if (LibJpeg is null)
        {
            return;
        }

        byte[] original = EncodeLibJpeg(80, 64, 3, 90, 0, false, 1, 1, seed: 3, rgbNoTransform: true);

        byte[] redacted = JpegBaselineRedactor.Redact(original, Rects);

        AssertRedactedCoefficients(original, redacted, Rects, chromaIsColor: false);
        byte[] pixels = DecodeLibJpeg(redacted);
        for (int y = 9; y < 30; y++)
        {
            for (int x = 13; x < 53; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(0, pixels[(((y * 80) + x) * 3) + c]);
                }
            }
        }
    }

    [Fact]
    public void Redact_ExtendedSof1With16BitTables_RectBlocksBlackOtherBlocksIdentical()
    {
        if (LibJpeg is null)
        {
            return;
        }

        // Quality 3 without forcing baseline: steps above 255 need 16-bit DQT, which libjpeg labels SOF1.
        byte[] original = EncodeLibJpeg(96, 72, 3, -3, 0, false, 2, 2, seed: 10);
        int sof1 = IndexOfMarker(original, 0xC1), dqt = IndexOfMarker(original, 0xDB);
        Assert.True(sof1 > 0, "expected an SOF1 frame");
        Assert.Equal(1, original[dqt + 4] >> 4);

        byte[] redacted = JpegBaselineRedactor.Redact(original, Rects);

        AssertRedactedCoefficients(original, redacted, Rects, chromaIsColor: true);
        AssertRedactedPixels(DecodeLibJpeg(original), DecodeLibJpeg(redacted), 96, 72, 3, Rects, tolerance: 12);
    }

    [Theory]
    [InlineData("-sampling-factor 2x2 -define jpeg:optimize-coding=true", 3)]
    [InlineData("-sampling-factor 2x1 -define jpeg:optimize-coding=false", 3)]
    [InlineData("-sampling-factor 1x1 -define jpeg:optimize-coding=true", 3)]
    [InlineData("-define jpeg:optimize-coding=true", 1)]
    public void Redact_ImageMagickEncoded_RectBlocksBlackOtherBlocksIdentical(string options, int channels)
    {
        if (!HasImageMagick)
        {
            return;
        }

        byte[] original = EncodeImageMagick(97, 130, channels, 80, seed: 4, options);

        byte[] redacted = JpegBaselineRedactor.Redact(original, Rects);

        AssertRedactedCoefficients(original, redacted, Rects, chromaIsColor: true);
        AssertRedactedPixels(DecodeImageMagick(original, channels), DecodeImageMagick(redacted, channels), 97, 130, channels, Rects, tolerance: 12);
    }

    [Fact]
    public void Redact_OptimizedTablesLackingNewSymbols_RebuildsTablesAndDecodersAgree()
    {
        if (LibJpeg is null)
        {
            return;
        }

        // A smooth picture coded with optimized tables has only small DC differences; a black block after it needs a large one.
        byte[] original = EncodeLibJpeg(64, 64, 1, 95, 0, true, 1, 1, seed: 5, smooth: true);
        var rects = new[] { new PixelRect(8, 8, 8, 8) };

        JpegRedactionResult result = JpegBaselineRedactor.RedactWithReport(original, rects, JpegColorModel.Auto);

        Assert.True(result.HuffmanTablesRebuilt);
        Assert.Equal(1, result.BlocksChanged);
        Assert.Equal(CountMarkers(original, 0xC4), CountMarkers(result.Data, 0xC4)); // rewritten in place, not added
        Assert.NotEqual(SegmentAt(original, IndexOfMarker(original, 0xC4)), SegmentAt(result.Data, IndexOfMarker(result.Data, 0xC4)));
        AssertRedactedCoefficients(original, result.Data, rects, chromaIsColor: true);
        AssertRedactedPixels(DecodeLibJpeg(original), DecodeLibJpeg(result.Data), 64, 64, 1, rects, tolerance: 0);
    }

    [Fact]
    public void RedactWithReport_StandardTables_KeepsTablesAndCountsBlocks()
    {
        byte[] original = EncodeImageSharp(64, 48, JpegColorType.YCbCrRatio420, 75, seed: 6);
        var rects = new[] { new PixelRect(0, 0, 16, 16) };

        JpegRedactionResult result = JpegBaselineRedactor.RedactWithReport(original, rects, JpegColorModel.Auto);

        Assert.False(result.HuffmanTablesRebuilt);
        Assert.Equal(4 + 1 + 1, result.BlocksChanged); // four luma blocks, one Cb, one Cr
        Assert.Equal(64, result.Width);
        Assert.Equal(48, result.Height);
    }

    [Fact]
    public void Redact_NoRectangleInsideImage_ReturnsIdenticalBytes()
    {
        byte[] original = EncodeImageSharp(40, 40, JpegColorType.YCbCrRatio420, 75, seed: 7);

        byte[] redacted = JpegBaselineRedactor.Redact(original, new[] { new PixelRect(100, 100, 10, 10), new PixelRect(0, 0, 0, 5) });

        Assert.Equal(original, redacted);
        Assert.NotSame(original, redacted);
    }

    [Fact]
    public void Redact_Twice_SecondPassChangesNothing()
    {
        byte[] original = EncodeImageSharp(64, 64, JpegColorType.YCbCrRatio444, 85, seed: 8);
        byte[] once = JpegBaselineRedactor.Redact(original, Rects);

        JpegRedactionResult twice = JpegBaselineRedactor.RedactWithReport(once, Rects, JpegColorModel.Auto);

        Assert.Equal(0, twice.BlocksChanged);
        Assert.Equal(once, twice.Data);
    }

    [Fact]
    public void Redact_OtherSegments_PassThroughUnchanged()
    {
        byte[] original = InsertComment(EncodeImageSharp(48, 40, JpegColorType.Luminance, 80, seed: 9), "synthetic comment");

        byte[] redacted = JpegBaselineRedactor.Redact(original, new[] { new PixelRect(0, 0, 8, 8) });

        // Everything up to the SOS segment is byte-identical (APP0, COM, DQT, SOF, DHT).
        int sos = IndexOfMarker(original, 0xDA);
        Assert.True(sos > 0);
        Assert.Equal(original.AsSpan(0, sos).ToArray(), redacted.AsSpan(0, sos).ToArray());
        Assert.Equal(0xFF, redacted[^2]);
        Assert.Equal(0xD9, redacted[^1]);
    }

    [Fact]
    public void Redact_AfterLargerImageOnSameThread_SameOutputAsOnFreshThread()
    {
        // The per-thread buffers must not leak coefficients from one call into the next.
        byte[] small = EncodeImageSharp(40, 24, JpegColorType.YCbCrRatio420, 80, seed: 20);
        byte[] large = EncodeImageSharp(200, 150, JpegColorType.YCbCrRatio444, 95, seed: 21);
        var rects = new[] { new PixelRect(8, 8, 8, 8) };
        byte[]? fresh = null;
        var thread = new System.Threading.Thread(() => fresh = JpegBaselineRedactor.Redact(small, rects));
        thread.Start();
        thread.Join();

        _ = JpegBaselineRedactor.Redact(large, Rects);
        byte[] reused = JpegBaselineRedactor.Redact(small, rects);

        Assert.Equal(fresh, reused);
        AssertRedactedCoefficients(small, reused, rects, chromaIsColor: true);
    }

    [Fact]
    public void Redact_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => JpegBaselineRedactor.Redact(null!, Rects));
        Assert.Throws<ArgumentNullException>(() => JpegBaselineRedactor.Redact(new byte[] { 0xFF, 0xD8 }, null!));
    }

    internal static int CountMarkers(byte[] data, int marker)
    {
        int count = 0;
        for (int i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == marker)
            {
                count++;
            }
        }

        return count;
    }

    internal static byte[] SegmentAt(byte[] data, int offset) => data.AsSpan(offset, 2 + ((data[offset + 2] << 8) | data[offset + 3])).ToArray();

    internal static bool ContainsMarker(byte[] data, int marker) => IndexOfMarker(data, marker) >= 0;

    internal static int IndexOfMarker(byte[] data, int marker)
    {
        for (int i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == marker)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] InsertComment(byte[] jpeg, string text)
    {
        var list = new List<byte>(jpeg.Length + text.Length + 4);
        list.AddRange(jpeg.AsSpan(0, 2).ToArray());
        list.Add(0xFF);
        list.Add(0xFE);
        list.Add((byte)((text.Length + 2) >> 8));
        list.Add((byte)((text.Length + 2) & 0xFF));
        list.AddRange(System.Text.Encoding.ASCII.GetBytes(text));
        list.AddRange(jpeg.AsSpan(2).ToArray());
        return list.ToArray();
    }
}
