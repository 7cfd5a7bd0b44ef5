// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

public class NativeBlackoutTests
{
    // Black raw samples are worked out by hand from PS3.3 C.7.6.3 for each layout.
    [Theory]
    [InlineData("MONOCHROME2", 1, 8, 8, false, 0, 1, 7, "0")]
    [InlineData("MONOCHROME2", 1, 16, 12, true, 0, 2, 11, "63488")]      // -2048 sign-extended: 0xF800
    [InlineData("MONOCHROME1", 1, 16, 12, false, 0, 1, 13, "16380")]     // 4095 << 2: 0x3FFC
    [InlineData("MONOCHROME1", 1, 16, 16, true, 0, 1, 15, "32767")]
    [InlineData("MONOCHROME2", 1, 1, 1, false, 0, 3, 0, "0")]
    [InlineData("MONOCHROME1", 1, 1, 1, false, 0, 3, 0, "1")]
    [InlineData("MONOCHROME2", 1, 12, 12, false, 0, 2, 11, "0")]
    [InlineData("MONOCHROME2", 1, 32, 32, true, 0, 1, 31, "2147483648")]
    [InlineData("RGB", 3, 8, 8, false, 0, 1, 7, "0,0,0")]
    [InlineData("RGB", 3, 8, 8, false, 1, 2, 7, "0,0,0")]
    [InlineData("RGB", 3, 16, 16, false, 1, 1, 15, "0,0,0")]
    [InlineData("YBR_FULL", 3, 8, 8, false, 0, 2, 7, "0,128,128")]
    [InlineData("YBR_FULL", 3, 16, 12, false, 1, 1, 11, "0,2048,2048")]
    [InlineData("YBR_FULL_422", 3, 8, 8, false, 0, 2, 7, "0,128,128")]
    public void Blackout_NativeLayout_RectangleBlackAndEverythingElseIdentical(string photometric, int samples, int bitsAllocated, int bitsStored, bool signed, int planar, int frames, int highBit, string blackCsv)
    {
        const int rows = 9, columns = 10;
        uint[] black = blackCsv.Split(',').Select(s => uint.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        DicomDataset ds = TestFiles.ImageDataset(rows, columns, samples, bitsAllocated, bitsStored, signed, photometric, planar, frames, highBit);
        PixelDescription d = PixelDescription.FromDataset(ds);
        long length = d.NativeLength + (d.NativeLength & 1);
        byte[] original = TestFiles.RandomBytes((int)length, bitsAllocated * 31 + samples + planar + frames);
        DicomFile file = TestFiles.Native(ds, (byte[])original.Clone());
        int target = frames - 1;
        var rects = new[] { new PixelRect(-2, 1, 4, 2), new PixelRect(columns - 3, rows - 3, 10, 10), new PixelRect(3, 4, 0, 5) };

        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(target, rects);
        Assert.Equal(original, TestFiles.NativePixels(file)); // nothing written before Commit
        pf.Commit();
        byte[] after = TestFiles.NativePixels(file);

        Assert.Equal(original.Length, after.Length);
        bool InRect(int x, int y)
        {
            // 4:2:2 pairs share chroma: a pair touched by a rectangle is blanked as a whole.
            int xl = d.IsSubsampled422 ? x & ~1 : x, xr = d.IsSubsampled422 ? xl + 1 : x;
            return (y >= 1 && y < 3 && xl < 2) || (y >= rows - 3 && xr >= columns - 3);
        }

        int changed = 0;
        for (int f = 0; f < frames; f++)
        {
            byte[] before = SampleLayout.ExtractBits(original, f * d.BitsPerFrame, d.BitsPerFrame);
            byte[] now = SampleLayout.ExtractBits(after, f * d.BitsPerFrame, d.BitsPerFrame);
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < columns; x++)
                {
                    for (int s = 0; s < samples; s++)
                    {
                        long i = SampleLayout.SampleIndex(d, x, y, s);
                        uint a = SampleLayout.Read(before, i, bitsAllocated), b = SampleLayout.Read(now, i, bitsAllocated);
                        if (f == target && InRect(x, y))
                        {
                            Assert.Equal(black[s], b);
                            changed++;
                        }
                        else if (!(d.IsSubsampled422 && s > 0 && f == target && (InRect(x ^ 1, y))))
                        {
                            Assert.True(a == b, $"frame {f} pixel ({x},{y}) sample {s} changed");
                        }
                    }
                }
            }
        }

        Assert.True(changed > 0);

        // Bits after the last frame (padding) are untouched.
        long usedBits = d.BitsPerFrame * frames;
        for (long bit = usedBits; bit < original.Length * 8L; bit++)
        {
            Assert.Equal((original[bit >> 3] >> (int)(bit & 7)) & 1, (after[bit >> 3] >> (int)(bit & 7)) & 1);
        }
    }

    [Fact]
    public void Blackout_SampleLayout_MatchesHandComputedOffsets()
    {
        // Planar 1: R plane, then G, then B. 4:2:2: Y1 Y2 Cb Cr per pair.
        PixelDescription planar = PixelDescription.FromDataset(TestFiles.ImageDataset(2, 3, 3, 8, 8, false, "RGB", 1));
        Assert.Equal(6 + 4, SampleLayout.SampleIndex(planar, 1, 1, 1));
        PixelDescription ybr = PixelDescription.FromDataset(TestFiles.ImageDataset(2, 4, 3, 8, 8, false, "YBR_FULL_422"));
        Assert.Equal(8 + 4 + 1, SampleLayout.SampleIndex(ybr, 3, 1, 0));
        Assert.Equal(8 + 4 + 2, SampleLayout.SampleIndex(ybr, 2, 1, 1));
        Assert.Equal(8 + 4 + 3, SampleLayout.SampleIndex(ybr, 3, 1, 2));
    }

    [Fact]
    public void Blackout_PaletteColor_UsesDarkestLutEntry()
    {
        DicomDataset ds = TestFiles.ImageDataset(4, 4, 1, 8, 8, false, "PALETTE COLOR");
        var lut = new byte[3][];
        for (int c = 0; c < 3; c++)
        {
            lut[c] = new byte[256 * 2];
            for (int i = 0; i < 256; i++)
            {
                int v = i == 37 ? 0 : 0x4000 + (i * 40) + (c * 3); // entry 37 is black
                LittleEndian.WriteUInt16(lut[c], i * 2, (ushort)v);
            }

            var desc = new byte[6];
            LittleEndian.WriteUInt16(desc, 0, 256);
            LittleEndian.WriteUInt16(desc, 2, 0);
            LittleEndian.WriteUInt16(desc, 4, 16);
            ds.Set(new DicomValueElement(new DicomTag(0x0028, (ushort)(0x1101 + c)), DicomVR.US, desc));
            ds.Set(new DicomValueElement(new DicomTag(0x0028, (ushort)(0x1201 + c)), DicomVR.OW, lut[c]));
        }

        byte[] pixels = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
        DicomFile file = TestFiles.Native(ds, pixels);
        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(0, new[] { new PixelRect(1, 1, 2, 2) });
        pf.Commit();
        byte[] after = TestFiles.NativePixels(file);
        for (int i = 0; i < 16; i++)
        {
            bool inside = i is 5 or 6 or 9 or 10;
            Assert.Equal(inside ? 37 : 100 + i, after[i]);
        }

        Assert.Equal(0, pf.RenderGray(0).Pixels[5]);
    }

    [Fact]
    public void Blackout_EmptyOrOutsideRectangles_ChangesNothing()
    {
        DicomFile file = TestFiles.Native(TestFiles.ImageDataset(4, 4, 1, 8, 8, false, "MONOCHROME2"), TestFiles.RandomBytes(16, 3));
        byte[] before = TestFiles.NativePixels(file);
        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(0, new[] { new PixelRect(10, 10, 5, 5), new PixelRect(-5, 0, 5, 4) });
        Assert.False(pf.IsModified);
        pf.Commit();
        Assert.Same(before, TestFiles.NativePixels(file));
    }

    [Fact]
    public void Blackout_FrameIndexOutOfRange_Throws()
    {
        DicomFile file = TestFiles.Native(TestFiles.ImageDataset(4, 4, 1, 8, 8, false, "MONOCHROME2"), new byte[16]);
        PixelFrames pf = PixelFrames.Open(file);
        Assert.Throws<ArgumentOutOfRangeException>(() => pf.Blackout(1, new[] { new PixelRect(0, 0, 1, 1) }));
    }

    [Fact]
    public void GetFrameBytes_UnalignedOneBitFrames_ExtractsEachFramesBits()
    {
        // 3 frames of 3x5 = 15 bits; frame 1 starts at bit 15.
        DicomDataset ds = TestFiles.ImageDataset(3, 5, 1, 1, 1, false, "MONOCHROME2", 0, 3);
        var bits = new List<int>();
        var rnd = new Random(5);
        for (int i = 0; i < 45; i++)
        {
            bits.Add(rnd.Next(2));
        }

        var packed = new byte[6];
        for (int i = 0; i < 45; i++)
        {
            packed[i / 8] |= (byte)(bits[i] << (i % 8));
        }

        PixelFrames pf = PixelFrames.Open(TestFiles.Native(ds, packed));
        for (int f = 0; f < 3; f++)
        {
            byte[] frame = pf.GetFrameBytes(f);
            for (int i = 0; i < 15; i++)
            {
                Assert.Equal(bits[(f * 15) + i], (frame[i / 8] >> (i % 8)) & 1);
            }
        }
    }

    [PythonFact]
    public void GetFrameBytes_PydicomNativeFiles_MatchPydicomPixelArray()
    {
        foreach (string name in new[] { "MR_small", "CT_small", "rtdose", "liver_1frame", "SC_ybr_full_422_uncompressed" })
        {
            var c = new FixtureCase(System.IO.Path.Combine(Python.PydicomCases, name));
            PixelFrames pf = PixelFrames.Open(c.File);
            AssertFramesMatch(c, pf);
        }
    }

    internal static void AssertFramesMatch(FixtureCase c, PixelFrames pf)
    {
        Assert.Equal(c.Frames, pf.Count);
        PixelDescription d = pf.FrameLayout;
        for (int f = 0; f < c.Frames; f++)
        {
            byte[] frame = pf.GetFrameBytes(f);
            for (int y = 0; y < c.Rows; y++)
            {
                for (int x = 0; x < c.Columns; x++)
                {
                    for (int s = 0; s < c.Samples; s++)
                    {
                        uint raw = SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, s), d.BitsAllocated);
                        long actual = SampleLayout.StoredValue(d, raw);
                        long expected = c.ExpectedAt(f, x, y, s);
                        if (actual != expected)
                        {
                            Assert.Fail($"frame {f} ({x},{y}) sample {s}: {actual} != {expected}");
                        }
                    }
                }
            }
        }
    }
}
