// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DicomAnon.Imaging.Codecs;
using DicomAnon.Imaging.Codecs.Jpeg2000;
using DicomAnon.Imaging.Codecs.JpegLs;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Codecs;

/// <summary>
/// Issue 9: decode and lossless re-encode time per 512x512 frame through OpenJPEG and CharLS (median of 9 runs after
/// a warm-up). A measurement printed to the test output, not a timed assertion; it checks only that each round trip is exact.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class LibraryCodecTimings
{
    private readonly ITestOutputHelper _output;

    public LibraryCodecTimings(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("JPEG 2000", 1, 8)]
    [InlineData("JPEG 2000", 1, 12)]
    [InlineData("JPEG 2000", 1, 16)]
    [InlineData("JPEG 2000", 3, 8)]
    [InlineData("JPEG-LS", 1, 8)]
    [InlineData("JPEG-LS", 1, 12)]
    [InlineData("JPEG-LS", 1, 16)]
    [InlineData("JPEG-LS", 3, 8)]
    public void DecodeAndReencode_512x512(string family, int components, int bits)
    {
        CodecImage image = Synthetic(512, 512, components, bits);
        bool j2k = family == "JPEG 2000";
        Func<CodecImage, byte[]> encode = j2k ? Jpeg2000Codec.EncodeLossless : JpegLsCodec.EncodeLossless;
        Func<byte[], CodecImage> decode = j2k ? Jpeg2000Codec.Decode : b => JpegLsCodec.Decode(b, out _);

        byte[] encoded = encode(image);
        CodecImage decoded = decode(encoded);
        Assert.Equal(image.Samples, decoded.Samples);

        double decodeMs = Median(() => decode(encoded));
        double encodeMs = Median(() => encode(decoded));
        _output.WriteLine(string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "{0} {1}x{2}-bit 512x512: decode {3:F1} ms, lossless encode {4:F1} ms, {5:F2} bytes/pixel",
            family, components, bits, decodeMs, encodeMs, encoded.Length / (512.0 * 512)));
    }

    [Fact]
    public void JpegExtended12Bit_DctDomainRedactionAndDisplayDecode_PerFrame()
    {
        // pydicom's JPGExtended.dcm: 1024 x 256 = as many pixels as 512 x 512, 12-bit process 4.
        string path = "/usr/lib/python3/dist-packages/pydicom/data/test_files/JPGExtended.dcm";
        if (!System.IO.File.Exists(path))
        {
            return;
        }

        DicomAnon.Core.DicomFile file = DicomAnon.Core.DicomFile.Open(path);
        var seq = (DicomAnon.Core.DicomFragmentSequence)file.Dataset[DicomAnon.Core.DicomTag.PixelData]!;
        byte[] jpeg = Imaging.Pixels.EncapsulatedFrames.Join(seq.Fragments);
        var boxes = new[] { new PixelRect(0, 0, 1024, 24) };
        double redactMs = Median(() => Imaging.Codecs.Jpeg.JpegBaselineRedactor.Redact(jpeg, boxes));
        double decodeMs = Median(() => Imaging.Codecs.Jpeg.JpegDctDecoder.DecodeGray(jpeg, out _, out _, out _));
        _output.WriteLine(string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "JPEG Extended 12-bit 1024x256: DCT-domain blackout (decode + re-encode coefficients) {0:F1} ms, IDCT decode for OCR {1:F1} ms",
            redactMs, decodeMs));
    }

    private static double Median(Action run)
    {
        run();
        var times = new List<double>();
        for (int i = 0; i < 9; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return times.OrderBy(t => t).ElementAt(4);
    }

    /// <summary>A CT-like frame: a smooth body disc, ribs of high value, and noise, scaled to <paramref name="bits"/>.</summary>
    private static CodecImage Synthetic(int width, int height, int components, int bits)
    {
        var random = new Random(7);
        int max = (1 << bits) - 1;
        var samples = new int[width * height * components];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = (x - (width / 2.0)) / width, dy = (y - (height / 2.0)) / height;
                double r = Math.Sqrt((dx * dx) + (dy * dy));
                double v = r < 0.4 ? 0.35 + (0.1 * Math.Cos(x / 9.0)) + (Math.Abs(r - 0.33) < 0.01 ? 0.5 : 0) : 0.02;
                for (int c = 0; c < components; c++)
                {
                    double n = v * (1 - (0.15 * c)) + (random.NextDouble() * 0.02);
                    samples[(((y * width) + x) * components) + c] = (int)Math.Min(max, Math.Max(0, n * max));
                }
            }
        }

        return new CodecImage(width, height, components, bits, false, samples);
    }
}
