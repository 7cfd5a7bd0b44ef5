// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Rendering;

public class FrameRendererTests
{
    private static byte[] Words(params int[] values)
    {
        var b = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt16(b, i * 2, unchecked((ushort)values[i]));
        }

        return b;
    }

    [Fact]
    public void RenderGray_WindowAndRescale_AppliesLinearVoiToModalityValues()
    {
        // CT-like: stored 0..2000, HU = stored - 1024; window 40/400 maps [-160, 240) onto 0..255.
        DicomDataset ds = TestFiles.ImageDataset(1, 5, 1, 16, 12, false, "MONOCHROME2");
        ds.SetString(new DicomTag(0x0028, 0x1052), DicomVR.DS, "-1024");
        ds.SetString(new DicomTag(0x0028, 0x1053), DicomVR.DS, "1");
        ds.SetString(new DicomTag(0x0028, 0x1050), DicomVR.DS, "40\\50");
        ds.SetString(new DicomTag(0x0028, 0x1051), DicomVR.DS, "400\\500");
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, Words(0, 864, 1064, 1264, 2000))).RenderGray(0);
        // HU -1024, -160, 40, 240, 976. 40: ((40 - 39.5) / 399 + 0.5) * 255 = 127.8.
        Assert.Equal(new byte[] { 0, 0, 128, 255, 255 }, g.Pixels);
    }

    [Fact]
    public void RenderGray_NoWindowSigned_StretchesMinToMax()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 3, 1, 16, 12, true, "MONOCHROME2");
        // -2048 (0xF800 sign-extended), 0, 2047
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, Words(0xF800, 0, 2047))).RenderGray(0);
        Assert.Equal(new byte[] { 0, 128, 255 }, g.Pixels);
    }

    [Fact]
    public void RenderGray_Unsigned32BitAboveIntRange_StretchesMinToMax()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 3, 1, 32, 32, false, "MONOCHROME2");
        var px = new byte[12];
        LittleEndian.WriteUInt32(px, 0, 0);
        LittleEndian.WriteUInt32(px, 4, 2000000000);
        LittleEndian.WriteUInt32(px, 8, 4000000000);
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, px)).RenderGray(0);
        Assert.Equal(new byte[] { 0, 128, 255 }, g.Pixels);
    }

    [Fact]
    public void RenderGray_Monochrome1_IsInverted()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 2, 1, 8, 8, false, "MONOCHROME1");
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, new byte[] { 10, 200 })).RenderGray(0);
        Assert.Equal(new byte[] { 255, 0 }, g.Pixels);
    }

    [Fact]
    public void RenderGray_RgbPlanar_UsesLuminance()
    {
        // Planar 1: R plane (255, 0), G plane (0, 255), B plane (0, 0).
        DicomDataset ds = TestFiles.ImageDataset(1, 2, 3, 8, 8, false, "RGB", 1);
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, new byte[] { 255, 0, 0, 255, 0, 0 })).RenderGray(0);
        Assert.Equal(new byte[] { 76, 150 }, g.Pixels);
    }

    [Fact]
    public void RenderGray_Ybr422_UsesLumaOfEachPixel()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 2, 3, 8, 8, false, "YBR_FULL_422");
        GrayImage g = PixelFrames.Open(TestFiles.Native(ds, new byte[] { 30, 220, 90, 160 })).RenderGray(0);
        Assert.Equal(new byte[] { 30, 220 }, g.Pixels);
    }

    [Fact]
    public void RenderRgb_YbrFull_ConvertsToRgb()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 1, 3, 8, 8, false, "YBR_FULL");
        byte[] rgb = PixelFrames.Open(TestFiles.Native(ds, new byte[] { 76, 85, 255, 0 })).RenderRgb(0);
        // Y 76, Cb 85, Cr 255 is pure red in JFIF YCbCr.
        Assert.InRange(rgb[0], 252, 255);
        Assert.InRange(rgb[1], 0, 3);
        Assert.InRange(rgb[2], 0, 3);
    }

    [Fact]
    public void RenderGray_TwelveBitColour_ScalesToEightBits()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 1, 3, 16, 12, false, "RGB");
        byte[] rgb = PixelFrames.Open(TestFiles.Native(ds, Words(4095, 2048, 0))).RenderRgb(0);
        Assert.Equal(new byte[] { 255, 128, 0 }, rgb);
    }
}
