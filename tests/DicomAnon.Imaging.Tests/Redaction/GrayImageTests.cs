// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class GrayImageTests
{
    [Fact]
    public void FromRgb24_MaxChannel_KeepsBlueTextBright()
    {
        GrayImage gray = GrayImage.FromRgb24(2, 1, [0, 0, 255, 10, 20, 30]);

        Assert.Equal(new byte[] { 255, 30 }, gray.Pixels);
    }

    [Fact]
    public void FromRgb24_Luma_WeighsGreenMost()
    {
        GrayImage gray = GrayImage.FromRgb24(3, 1, [255, 0, 0, 0, 255, 0, 0, 0, 255], RgbToGray.Luma);

        Assert.Equal(new byte[] { 76, 150, 29 }, gray.Pixels);
    }

    [Fact]
    public void FromRgb24_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => GrayImage.FromRgb24(2, 2, new byte[11]));
    }
}
