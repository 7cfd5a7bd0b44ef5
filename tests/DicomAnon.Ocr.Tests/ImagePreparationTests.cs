// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using Xunit;

namespace DicomAnon.Ocr.Tests;

public sealed class ImagePreparationTests
{
    [Fact]
    public void Resize_ConstantImage_StaysConstantAtNewSize()
    {
        byte[] flat = Enumerable.Repeat((byte)123, 7 * 5).ToArray();

        byte[] big = ImagePreparation.Resize(flat, 7, 5, 3.0, out int w, out int h);

        Assert.Equal((21, 15), (w, h));
        Assert.All(big, p => Assert.Equal(123, p));
    }

    [Fact]
    public void Resize_Edge_InterpolatesBetweenLevels()
    {
        // Left half 0, right half 200: the enlarged row rises monotonically from 0 to 200.
        byte[] row = [0, 0, 200, 200];

        byte[] big = ImagePreparation.Resize(row, 4, 1, 2.0, out int w, out _);

        Assert.Equal(8, w);
        Assert.Equal(0, big[0]);
        Assert.Equal(200, big[7]);
        for (int i = 1; i < 8; i++)
        {
            Assert.True(big[i] >= big[i - 1]);
        }

        Assert.Contains(big, p => p > 0 && p < 200);
    }

    [Fact]
    public void TopHat_ThinBrightLineOnGradient_KeepsLineRemovesGradient()
    {
        const int W = 40, H = 20;
        byte[] img = new byte[W * H];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                img[(y * W) + x] = (byte)(x * 3); // broad gradient, 0..117
            }
        }

        for (int x = 5; x < 35; x++)
        {
            img[(10 * W) + x] = 250; // one-pixel bright stroke
        }

        byte[] hat = ImagePreparation.TopHat(img, W, H, 7, bright: true);

        Assert.True(hat[(10 * W) + 20] > 180);
        Assert.True(hat[(3 * W) + 20] <= 3);
        Assert.True(hat[(17 * W) + 30] <= 3);
    }

    [Fact]
    public void TopHat_DarkStroke_FoundByBlackTopHatOnly()
    {
        const int W = 30, H = 30;
        byte[] img = Enumerable.Repeat((byte)200, W * H).ToArray();
        for (int y = 5; y < 25; y++)
        {
            img[(y * W) + 15] = 20;
        }

        byte[] black = ImagePreparation.TopHat(img, W, H, 5, bright: false);
        byte[] white = ImagePreparation.TopHat(img, W, H, 5, bright: true);

        Assert.Equal(180, black[(12 * W) + 15]);
        Assert.Equal(0, black[(12 * W) + 10]);
        Assert.All(white, p => Assert.Equal(0, p));
    }

    [Fact]
    public void InkFromContrast_RampsFromPaperToInk()
    {
        byte[] result = ImagePreparation.InkFromContrast([0, 40, 70, 100, 255], low: 40, ramp: 60);

        Assert.Equal(new byte[] { 255, 255, 128, 0, 0 }, result);
    }

    [Fact]
    public void OtsuLevel_TwoClusters_SplitsBetweenThem()
    {
        byte[] pixels = [.. Enumerable.Repeat((byte)30, 500), .. Enumerable.Repeat((byte)35, 500), .. Enumerable.Repeat((byte)200, 300)];

        int level = ImagePreparation.OtsuLevel(pixels);

        Assert.InRange(level, 35, 199);
    }

    [Fact]
    public void Threshold_BrightText_IsBlackOnWhite()
    {
        byte[] result = ImagePreparation.Threshold([10, 169, 170, 255], 170, brightText: true);

        Assert.Equal(new byte[] { 255, 255, 0, 0 }, result);
    }

    [Fact]
    public void Quantile_Median_OfKnownValues()
    {
        byte[] values = [.. Enumerable.Range(0, 101).Select(i => (byte)i)];

        Assert.Equal(50, ImagePreparation.Quantile(values, 0.5));
        Assert.Equal(90, ImagePreparation.Quantile(values, 0.9));
    }
}
