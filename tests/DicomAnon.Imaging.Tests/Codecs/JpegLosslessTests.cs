// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Codecs.JpegLossless;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs;

public class JpegLosslessTests
{
    [PythonTheory]
    [InlineData("jpegll_gray8_sv1")]
    [InlineData("jpegll_gray12_sv2")]
    [InlineData("jpegll_gray16_sv3")]
    [InlineData("jpegll_gray12_sv4_2frame")]
    [InlineData("jpegll_gray16s_sv5")]
    [InlineData("jpegll_gray8_sv6")]
    [InlineData("jpegll_gray12_sv7")]
    [InlineData("jpegll_gray12_sv1_pt2")]
    [InlineData("jpegll_rgb8_sv1")]
    [InlineData("jpegll_rgb8_sv7_3frame")]
    public void Decode_DcmtkLosslessStreams_MatchSourcePixels(string name)
    {
        var c = new FixtureCase(Path.Combine(Python.JpegCases, name));
        PixelFrames pf = PixelFrames.Open(c.File);
        Assert.Equal(PixelEncoding.JpegLossless, pf.Encoding);
        NativeBlackoutTests.AssertFramesMatch(c, pf);
    }

    [PythonTheory]
    [InlineData(1, 8, 0)]
    [InlineData(1, 12, 0)]
    [InlineData(1, 16, 0)]
    [InlineData(3, 8, 0)]
    [InlineData(1, 12, 45)]
    [InlineData(3, 8, 90)]
    public void Encode_Sv1_DcmtkDecodesIdentically(int components, int precision, int restartInterval)
    {
        const int width = 45, height = 31;
        ushort[] samples = Synthetic(width, height, components, precision, precision * 7 + components);
        byte[] jpeg = JpegLosslessEncoder.Encode(samples, width, height, components, precision, 1, 0, restartInterval);
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-jll-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "in.jpg"), jpeg);
            string output = Path.Combine(dir, "out.i64");
            Python.Run("verify-jpeg", Path.Combine(dir, "in.jpg"), height, width, components, precision <= 8 ? 8 : 16, output);
            byte[] decoded = File.ReadAllBytes(output);
            Assert.Equal(samples.Length * 8, decoded.Length);
            for (int i = 0; i < samples.Length; i++)
            {
                Assert.Equal(samples[i], (long)LittleEndian.ReadUInt64(decoded, i * 8));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(15)]
    [InlineData(16)]
    public void EncodeDecode_EveryPredictorAndRestart_RoundTripsExactly(int precision)
    {
        for (int predictor = 1; predictor <= 7; predictor++)
        {
            foreach (int restart in new[] { 0, 19, 40 })
            {
                foreach (int components in new[] { 1, 3 })
                {
                    ushort[] samples = Synthetic(20, 9, components, precision, predictor + restart + precision);
                    byte[] jpeg = JpegLosslessEncoder.Encode(samples, 20, 9, components, precision, predictor, 0, restart);
                    JpegLosslessImage img = JpegLosslessDecoder.Decode(jpeg);
                    Assert.Equal(precision, img.Precision);
                    Assert.Equal(predictor, img.Predictor);
                    Assert.Equal(samples, img.Samples);
                }
            }
        }
    }

    [Fact]
    public void EncodeDecode_PointTransform_DropsOnlyLowBits()
    {
        ushort[] samples = Synthetic(16, 16, 1, 12, 3);
        JpegLosslessImage img = JpegLosslessDecoder.Decode(JpegLosslessEncoder.Encode(samples, 16, 16, 1, 12, 6, 3, 0));
        Assert.Equal(3, img.PointTransform);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i] & ~7, img.Samples[i]);
        }
    }

    [Fact]
    public void EncodeDecode_ExtremeDifferences_UseCategory16()
    {
        // Alternating 0 and 65535 gives differences of -32768 and 32767 modulo 2^16.
        var samples = new ushort[64];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)(i % 2 == 0 ? 0 : 65535);
        }

        samples[5] = 32768;
        Assert.Equal(samples, JpegLosslessDecoder.Decode(JpegLosslessEncoder.Encode(samples, 8, 8, 1, 16)).Samples);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0 })]
    public void Decode_Garbage_ThrowsUnsupported(byte[] data)
    {
        Assert.Throws<UnsupportedPixelDataException>(() => JpegLosslessDecoder.Decode(data));
    }

    [Fact]
    public void Decode_TruncatedScan_ThrowsOrDecodesWithoutHanging()
    {
        ushort[] samples = Synthetic(30, 30, 1, 12, 9);
        byte[] jpeg = JpegLosslessEncoder.Encode(samples, 30, 30, 1, 12, 1, 0, 30);
        byte[] cut = new byte[jpeg.Length / 2];
        Buffer.BlockCopy(jpeg, 0, cut, 0, cut.Length);
        try
        {
            JpegLosslessDecoder.Decode(cut);
        }
        catch (UnsupportedPixelDataException)
        {
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.70", 1, 16, 12, false)]
    [InlineData("1.2.840.10008.1.2.4.57", 1, 16, 16, true)]
    [InlineData("1.2.840.10008.1.2.4.70", 3, 8, 8, false)]
    public void Blackout_JpegLossless_ChangedFrameBlackAndOutsideIdentical(string uid, int components, int bitsAllocated, int bitsStored, bool signed)
    {
        const int rows = 14, columns = 17, frames = 2;
        DicomDataset ds = TestFiles.ImageDataset(rows, columns, components, bitsAllocated, bitsStored, signed, components == 3 ? "RGB" : "MONOCHROME2", 0, frames);
        var originals = new ushort[frames][];
        var fragments = new byte[frames][];
        for (int f = 0; f < frames; f++)
        {
            originals[f] = Synthetic(columns, rows, components, bitsStored, 60 + f);
            fragments[f] = EncapsulatedFrames.ToFragment(JpegLosslessEncoder.Encode(originals[f], columns, rows, components, bitsStored, 4, 0, 0)).ToArray();
        }

        DicomFile file = TestFiles.Encapsulated(ds, DicomTransferSyntax.FromUid(uid), Array.Empty<byte>(), fragments);
        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(0, new[] { new PixelRect(5, 5, 100, 3) });
        pf.Commit();

        var seq = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
        Assert.Equal(fragments[1], seq.Fragments[1].ToArray());
        JpegLosslessImage img = JpegLosslessDecoder.Decode(seq.Fragments[0].ToArray());
        Assert.Equal(1, img.Predictor);
        uint black = signed ? 1u << (bitsStored - 1) : 0; // -2^(n-1) as an n-bit pattern
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                for (int c = 0; c < components; c++)
                {
                    int i = (((y * columns) + x) * components) + c;
                    bool inside = x >= 5 && y >= 5 && y < 8;
                    Assert.Equal(inside ? black : originals[0][i], img.Samples[i]);
                }
            }
        }
    }

    internal static ushort[] Synthetic(int width, int height, int components, int precision, int seed)
    {
        var rnd = new Random(seed);
        int max = (1 << precision) - 1;
        var s = new ushort[width * height * components];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < components; c++)
                {
                    int v = (((x * (5 + c)) + (y * 11)) * Math.Max(1, max / 64)) + rnd.Next(-4, 5);
                    if (y == height / 2)
                    {
                        v = rnd.Next(max + 1); // a noisy row: large differences
                    }

                    s[(((y * width) + x) * components) + c] = (ushort)Math.Min(max, Math.Max(0, v % (max + 1)));
                }
            }
        }

        return s;
    }
}
