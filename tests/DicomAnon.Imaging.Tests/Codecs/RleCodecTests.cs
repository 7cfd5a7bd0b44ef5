// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Codecs.Rle;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs;

public class RleCodecTests
{
    [PythonTheory]
    [InlineData("MR_small_RLE")]
    [InlineData("SC_rgb_rle")]
    [InlineData("SC_rgb_rle_2frame")]
    [InlineData("SC_rgb_rle_16bit")]
    [InlineData("SC_rgb_rle_16bit_2frame")]
    [InlineData("SC_rgb_rle_32bit")]
    [InlineData("SC_rgb_rle_32bit_2frame")]
    [InlineData("rtdose_rle")]
    [InlineData("rtdose_rle_1frame")]
    public void Decode_PydicomRleFiles_MatchPydicom(string name)
    {
        var c = new FixtureCase(Path.Combine(Python.PydicomCases, name));
        PixelFrames pf = PixelFrames.Open(c.File);
        Assert.Equal(PixelEncoding.Rle, pf.Encoding);
        NativeBlackoutTests.AssertFramesMatch(c, pf);
    }

    [PythonTheory]
    [InlineData("MR_small_RLE")]
    [InlineData("SC_rgb_rle_2frame")]
    [InlineData("SC_rgb_rle_16bit_2frame")]
    [InlineData("SC_rgb_rle_32bit_2frame")]
    [InlineData("rtdose_rle")]
    public void Encode_PydicomRleFiles_PydicomDecodesOurEncodingIdentically(string name)
    {
        var c = new FixtureCase(Path.Combine(Python.PydicomCases, name));
        PixelFrames pf = PixelFrames.Open(c.File);
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-rle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            for (int f = 0; f < c.Frames; f++)
            {
                byte[] encoded = RleCodec.Encode(pf.GetFrameBytes(f), c.Rows, c.Columns, c.Samples, c.BitsAllocated);
                Assert.Equal(0, encoded.Length & 1);
                File.WriteAllBytes(Path.Combine(dir, $"frame_{f}.bin"), encoded);
            }

            string output = Path.Combine(dir, "decoded.i64");
            Python.Run("verify-rle", dir, c.Rows, c.Columns, c.Samples, c.BitsAllocated, c.Frames, output);
            byte[] decoded = File.ReadAllBytes(output);
            Assert.Equal(c.Expected.Length * 8, decoded.Length);
            for (int i = 0; i < c.Expected.Length; i++)
            {
                // pydicom reads back as unsigned of Bits Allocated; compare bit patterns.
                long mask = c.BitsAllocated == 32 ? 0xFFFFFFFFL : (1L << c.BitsAllocated) - 1;
                Assert.Equal(c.Expected[i] & mask, unchecked((long)LittleEndian.ReadUInt64(decoded, i * 8)) & mask);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 8)]
    [InlineData(1, 16)]
    [InlineData(3, 16)]
    [InlineData(1, 32)]
    [InlineData(3, 32)]
    public void EncodeDecode_RunsAndLiterals_RoundTripsExactly(int samples, int bits)
    {
        const int rows = 7, columns = 300; // rows longer than 128 bytes: runs and literals are split
        var rnd = new Random(samples * bits);
        var native = new byte[rows * columns * samples * bits / 8];
        for (int i = 0; i < native.Length; i++)
        {
            int zone = (i / 97) % 3;
            native[i] = zone == 0 ? (byte)7 : zone == 1 ? (byte)rnd.Next(256) : (byte)(i % 2 == 0 ? 1 : rnd.Next(2));
        }

        byte[] encoded = RleCodec.Encode(native, rows, columns, samples, bits);
        Assert.Equal(samples * bits / 8, (int)LittleEndian.ReadUInt32(encoded, 0));
        Assert.Equal(native, RleCodec.Decode(encoded, rows, columns, samples, bits));
    }

    [Fact]
    public void Encode_SixteenBit_PutsMostSignificantByteSegmentFirst()
    {
        // One pixel 0x1234: segment 1 holds 0x12, segment 2 holds 0x34 (PS3.5 G.2).
        byte[] encoded = RleCodec.Encode(new byte[] { 0x34, 0x12 }, 1, 1, 1, 16);
        uint s1 = LittleEndian.ReadUInt32(encoded, 4), s2 = LittleEndian.ReadUInt32(encoded, 8);
        Assert.Equal(64u, s1);
        Assert.Equal(new byte[] { 0x00, 0x12 }, new[] { encoded[s1], encoded[s1 + 1] });
        Assert.Equal(new byte[] { 0x00, 0x34 }, new[] { encoded[s2], encoded[s2 + 1] });
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0, 0, 64, 0, 0, 0 })]   // segment too short
    [InlineData(new byte[] { 2, 0, 0, 0, 64, 0, 0, 0 })]   // wrong segment count
    [InlineData(new byte[] { 1, 0, 0, 0, 200, 0, 0, 0 })] // offset outside the frame
    public void Decode_MalformedFrame_ThrowsUnsupported(byte[] head)
    {
        var frame = new byte[70];
        Buffer.BlockCopy(head, 0, frame, 0, head.Length);
        frame[64] = 0x7F; // literal of 128 bytes, but only 5 follow
        Assert.Throws<UnsupportedPixelDataException>(() => RleCodec.Decode(frame, 4, 4, 1, 8));
    }

    [Fact]
    public void Blackout_RleMultiFrame_ReencodesOnlyChangedFrameAndRebuildsOffsetTable()
    {
        const int rows = 12, columns = 10, frames = 3;
        DicomDataset ds = TestFiles.ImageDataset(rows, columns, 3, 8, 8, false, "RGB", 0, frames);
        var natives = new List<byte[]>();
        var encoded = new List<byte[]>();
        for (int f = 0; f < frames; f++)
        {
            byte[] n = TestFiles.RandomBytes(rows * columns * 3, 40 + f);
            natives.Add(n);
            byte[] e = RleCodec.Encode(n, rows, columns, 3, 8);
            encoded.Add(e);
        }

        DicomFile file = TestFiles.Encapsulated(ds, DicomTransferSyntax.RleLossless, Array.Empty<byte>(), encoded);
        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(1, new[] { new PixelRect(2, 3, 4, 5) });
        pf.Commit();

        var seq = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
        Assert.Equal(frames, seq.Fragments.Count);
        Assert.Equal(encoded[0], seq.Fragments[0].ToArray());
        Assert.Equal(encoded[2], seq.Fragments[2].ToArray());
        byte[] bot = seq.OffsetTable.ToArray();
        Assert.Equal(12, bot.Length);
        Assert.Equal(0u, LittleEndian.ReadUInt32(bot, 0));
        Assert.Equal((uint)(8 + seq.Fragments[0].Length), LittleEndian.ReadUInt32(bot, 4));
        Assert.Equal((uint)(16 + seq.Fragments[0].Length + seq.Fragments[1].Length), LittleEndian.ReadUInt32(bot, 8));

        byte[] changed = RleCodec.Decode(seq.Fragments[1].ToArray(), rows, columns, 3, 8);
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                bool inside = x >= 2 && x < 6 && y >= 3 && y < 8;
                for (int s = 0; s < 3; s++)
                {
                    int i = (((y * columns) + x) * 3) + s;
                    Assert.Equal(inside ? 0 : natives[1][i], changed[i]);
                }
            }
        }

        // Reopening the committed data maps frames through the new offset table.
        PixelFrames again = PixelFrames.Open(file);
        Assert.Equal(natives[2], again.GetFrameBytes(2));
    }
}
