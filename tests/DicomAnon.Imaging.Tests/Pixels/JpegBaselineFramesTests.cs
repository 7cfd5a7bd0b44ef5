// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

public class JpegBaselineFramesTests
{
    private const int W = 64, H = 48;

    private static byte[] GrayJpeg(int seed)
    {
        using var img = new Image<L8>(W, H);
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                img[x, y] = new L8((byte)(60 + ((x * 2 + y + seed) % 150)));
            }
        }

        using var ms = new MemoryStream();
        img.SaveAsJpeg(ms, new JpegEncoder { Quality = 90, ColorType = JpegColorType.Luminance });
        return ms.ToArray();
    }

    private static DicomFile File(int frames, out byte[][] jpegs)
    {
        jpegs = new byte[frames][];
        for (int f = 0; f < frames; f++)
        {
            jpegs[f] = EncapsulatedFrames.ToFragment(GrayJpeg(f * 17)).ToArray();
        }

        return TestFiles.Encapsulated(TestFiles.ImageDataset(H, W, 1, 8, 8, false, "MONOCHROME2", 0, frames), DicomTransferSyntax.JpegBaseline8Bit, Array.Empty<byte>(), jpegs);
    }

    [Fact]
    public void RenderGray_BaselineFrame_DecodesWithImageSharp()
    {
        DicomFile file = File(2, out _);
        PixelFrames pf = PixelFrames.Open(file);
        Assert.Equal(PixelEncoding.JpegBaseline, pf.Encoding);
        GrayImage g = pf.RenderGray(1);
        Assert.Equal(W, g.Width);
        int expected = 60 + ((10 * 2 + 20 + 17) % 150);
        Assert.InRange(g.Pixels[(20 * W) + 10], expected - 6, expected + 6);
    }

    [Fact]
    public void Blackout_BaselineFrame_BlacksTouchedBlocksKeepsOthersAndOtherFrames()
    {
        DicomFile file = File(2, out byte[][] jpegs);
        PixelFrames pf = PixelFrames.Open(file);
        byte[] before = pf.RenderGray(0).Pixels;
        pf.Blackout(0, new[] { new PixelRect(9, 9, 10, 5) }); // blocks x 8..23, y 8..15
        pf.Commit();

        var seq = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
        Assert.Equal(2, seq.Fragments.Count);
        Assert.Equal(jpegs[1], seq.Fragments[1].ToArray());
        Assert.Equal(8, seq.OffsetTable.Length);

        byte[] after = PixelFrames.Open(file).RenderGray(0).Pixels;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                bool touched = x >= 8 && x < 24 && y >= 8 && y < 16;
                if (touched)
                {
                    Assert.InRange(after[(y * W) + x], 0, 4);
                }
                else if (x < 0 || x >= 32 || y < 0 || y >= 24)
                {
                    // Far from the changed blocks the decoded pixels are identical.
                    Assert.Equal(before[(y * W) + x], after[(y * W) + x]);
                }
            }
        }
    }

    [Fact]
    public void GetFrameBytes_Baseline_IsNotDecodedLosslessly()
    {
        PixelFrames pf = PixelFrames.Open(File(1, out _));
        Assert.Throws<UnsupportedPixelDataException>(() => pf.GetFrameBytes(0));
    }
}
