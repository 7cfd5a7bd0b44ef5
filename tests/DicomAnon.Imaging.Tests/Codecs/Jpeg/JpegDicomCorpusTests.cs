// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Imaging.Codecs.Jpeg;
using Xunit;
using static DicomAnon.Imaging.Tests.Codecs.Jpeg.JpegTestTools;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

/// <summary>Baseline JPEG frames from pydicom's test files (encoded by several toolkits).</summary>
public sealed class JpegDicomCorpusTests
{
    [Theory]
    [InlineData("SC_rgb_jpeg.dcm", nameof(JpegColorModel.Auto))]
    [InlineData("SC_rgb_jpeg_app14_dcmd.dcm", nameof(JpegColorModel.Auto))]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm", nameof(JpegColorModel.Auto))]
    [InlineData("SC_rgb_jpeg_lossy_gdcm.dcm", nameof(JpegColorModel.Auto))]
    [InlineData("SC_rgb_small_odd_jpeg.dcm", nameof(JpegColorModel.Auto))]
    [InlineData("SC_jpeg_no_color_transform.dcm", nameof(JpegColorModel.Rgb))]
    [InlineData("SC_jpeg_no_color_transform_2.dcm", nameof(JpegColorModel.Rgb))]
    public void Redact_PydicomBaselineFrame_RectBlocksBlackOtherBlocksIdentical(string name, string colorModel)
    {
        JpegColorModel model = Enum.Parse<JpegColorModel>(colorModel);
        string path = Path.Combine(PydicomTestFiles, name);
        if (!File.Exists(path))
        {
            return; // pydicom's data files are not installed here
        }

        byte[] original = ReadDicomJpeg(path);
        JpegCoefficients header = JpegCoefficients.Read(original);
        var rects = new[]
        {
            new PixelRect(header.Width / 4, header.Height / 5, Math.Max(1, header.Width / 3), Math.Max(1, header.Height / 4)),
        };
        if (LibJpeg is not null)
        {
            AssertSameAsLibJpeg(original);
        }

        JpegRedactionResult result = JpegBaselineRedactor.RedactWithReport(original, rects, model);

        Assert.True(result.BlocksChanged > 0);
        bool chromaIsColor = model == JpegColorModel.Auto && header.Components.Count == 3 && !IsAdobeRgb(original);
        if (header.Width > 16)
        {
            AssertRedactedCoefficients(original, result.Data, rects, chromaIsColor);
        }

        int channels = header.Components.Count == 1 ? 1 : 3;
        _ = DecodeImageSharp(result.Data, channels);
        if (LibJpeg is not null && model == JpegColorModel.Auto)
        {
            // (A forced RGB reading is exactly what a JPEG decoder cannot know, so pixels are only checked for Auto.)
            byte[] before = DecodeLibJpeg(original), after = DecodeLibJpeg(result.Data);
            if (header.Width > 16)
            {
                AssertRedactedPixels(before, after, header.Width, header.Height, channels, rects, tolerance: 12);
            }
        }
    }

    [Fact]
    public void Redact_TwelveBitExtended_BlacksTheBlockAndKeepsTheOthers()
    {
        // Issue 9: 12-bit JPEG Extended (process 4) is redacted in the DCT domain like 8-bit (it used to be refused).
        string path = Path.Combine(PydicomTestFiles, "JPEG-lossy.dcm");
        if (!File.Exists(path))
        {
            return;
        }

        byte[] jpeg = ReadDicomJpeg(path);

        JpegRedactionResult r = JpegBaselineRedactor.RedactWithReport(jpeg, new[] { new PixelRect(0, 0, 8, 8) }, JpegColorModel.Auto);

        Assert.Equal(1, r.BlocksChanged);
        JpegCoefficients before = JpegCoefficients.Read(jpeg), after = JpegCoefficients.Read(r.Data);
        Assert.Equal(JpegBaselineRedactor.BlackDc(before.Components[0].GetQuantizationStep(0), 12), after.Components[0][0, 0, 0]);
        Assert.True(after.Components[0].BlockEquals(1, 0, before.Components[0], 1, 0));
    }

    [Fact]
    public void Redact_TwelveBitBaselineSof0_ThrowsNotSupported()
    {
        // P = 12 belongs to SOF1 (extended) only; a SOF0 that claims it is refused.
        string path = Path.Combine(PydicomTestFiles, "JPEG-lossy.dcm");
        if (!File.Exists(path))
        {
            return;
        }

        byte[] jpeg = ReadDicomJpeg(path);
        int sof = FindMarker(jpeg, 0xC1);
        jpeg[sof + 1] = 0xC0;

        var ex = Assert.Throws<NotSupportedException>(() => JpegBaselineRedactor.Redact(jpeg, new[] { new PixelRect(0, 0, 8, 8) }));

        Assert.Contains("12-bit", ex.Message, StringComparison.Ordinal);
    }

    private static int FindMarker(byte[] jpeg, byte marker)
    {
        for (int i = 0; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException("marker not found");
    }

    [Fact]
    public void Redact_LosslessJpeg_ThrowsNotSupported()
    {
        string path = Path.Combine(PydicomTestFiles, "SC_rgb_jpeg_gdcm.dcm");
        if (!File.Exists(path))
        {
            return;
        }

        byte[] jpeg = ReadDicomJpeg(path);

        Assert.Throws<NotSupportedException>(() => JpegBaselineRedactor.Redact(jpeg, new[] { new PixelRect(0, 0, 8, 8) }));
    }

    private static bool IsAdobeRgb(byte[] jpeg)
    {
        int app14 = JpegBaselineRedactorTests.IndexOfMarker(jpeg, 0xEE);
        return app14 > 0 && jpeg[app14 + 4] == (byte)'A' && jpeg[app14 + 15] == 0;
    }
}
