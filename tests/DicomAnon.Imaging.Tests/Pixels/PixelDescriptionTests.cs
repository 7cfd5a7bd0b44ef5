// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

public class PixelDescriptionTests
{
    [Fact]
    public void FromDataset_Rgb422MultiFrame_ReadsEveryAttribute()
    {
        DicomDataset ds = TestFiles.ImageDataset(4, 6, 3, 8, 8, false, "YBR_FULL_422", 0, 5);
        PixelDescription d = PixelDescription.FromDataset(ds);
        Assert.Equal(4, d.Rows);
        Assert.Equal(6, d.Columns);
        Assert.Equal(3, d.SamplesPerPixel);
        Assert.Equal(5, d.NumberOfFrames);
        Assert.True(d.IsSubsampled422);
        Assert.Equal(4 * 6 * 2, d.BytesPerFrame);
        Assert.Equal(4 * 6 * 2 * 5, d.NativeLength);
    }

    [Fact]
    public void FromDataset_OneBitFrames_CountsBitsNotBytes()
    {
        PixelDescription d = PixelDescription.FromDataset(TestFiles.ImageDataset(3, 5, 1, 1, 1, false, "MONOCHROME2", 0, 3));
        Assert.Equal(15, d.BitsPerFrame);
        Assert.Equal(2, d.BytesPerFrame);
        Assert.Equal(6, d.NativeLength); // 45 bits
    }

    [Theory]
    [InlineData(7, 7, "MONOCHROME2", 1)]   // Bits Allocated 7
    [InlineData(8, 9, "MONOCHROME2", 1)]   // Bits Stored > Bits Allocated
    [InlineData(8, 8, "RGB", 1)]           // RGB with one sample
    [InlineData(8, 8, "HSV", 1)]           // retired interpretation
    [InlineData(8, 8, "PALETTE COLOR", 3)] // palette with three samples
    public void FromDataset_InconsistentDescription_ThrowsWithoutValues(int bitsAllocated, int bitsStored, string photometric, int samples)
    {
        DicomDataset ds = TestFiles.ImageDataset(2, 2, samples, bitsAllocated, bitsStored, false, photometric);
        var ex = Assert.Throws<UnsupportedPixelDataException>(() => PixelDescription.FromDataset(ds));
        Assert.DoesNotContain("SECRET", ex.Message);
        Assert.Contains("(0028,", ex.Message);
    }

    [Fact]
    public void FromDataset_MissingRows_Throws()
    {
        DicomDataset ds = TestFiles.ImageDataset(2, 2, 1, 8, 8, false, "MONOCHROME2");
        ds.Remove(PixelDescription.RowsTag);
        Assert.Throws<UnsupportedPixelDataException>(() => PixelDescription.FromDataset(ds));
    }

    [Fact]
    public void Open_PixelDataShorterThanDescribed_ThrowsNamingTheTag()
    {
        DicomFile f = TestFiles.Native(TestFiles.ImageDataset(10, 10, 1, 16, 12, false, "MONOCHROME2", 0, 2), new byte[399]);
        var ex = Assert.Throws<UnsupportedPixelDataException>(() => PixelFrames.Open(f));
        Assert.Contains("(7FE0,0010)", ex.Message);
    }

    [Fact]
    public void Open_NoPixelData_Throws()
    {
        var f = new DicomFile(new DicomDataset(), TestFiles.ImageDataset(2, 2, 1, 8, 8, false, "MONOCHROME2"), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Throws<UnsupportedPixelDataException>(() => PixelFrames.Open(f));
    }

    [Fact]
    public void Open_UnsupportedSyntax_ThrowsNamingTheSyntax()
    {
        // JPEG 2000 and JPEG-LS are cleaned since issue 9; MPEG-2 video never is.
        DicomFile f = TestFiles.Encapsulated(TestFiles.ImageDataset(2, 2, 1, 8, 8, false, "MONOCHROME2"), DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.100"), new byte[0], new[] { new byte[] { 0, 0, 1, 0xB3 } });
        var ex = Assert.Throws<UnsupportedPixelDataException>(() => PixelFrames.Open(f));
        Assert.StartsWith("pixel cleaning is not supported for MPEG2", ex.Message);
    }

    [Fact]
    public void Open_Jpeg2000AndJpegLs_AreCleanedBySyntax()
    {
        foreach (string uid in new[] { "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" })
        {
            DicomFile f = TestFiles.Encapsulated(TestFiles.ImageDataset(2, 2, 1, 8, 8, false, "MONOCHROME2"), DicomTransferSyntax.FromUid(uid), new byte[0], new[] { new byte[] { 0xFF, 0x4F, 0xFF, 0x51 } });
            PixelFrames pf = PixelFrames.Open(f);
            Assert.Equal(uid.EndsWith(".80", StringComparison.Ordinal) || uid.EndsWith(".81", StringComparison.Ordinal) ? PixelEncoding.JpegLs : PixelEncoding.Jpeg2000, pf.Encoding);
        }
    }
}
