// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Ocr;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class TextScannerTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void SampleIndexes_FirstLastAndAboutSixInAll(int n)
    {
        var s = TextScanner.SampleIndexes(n);

        Assert.Contains(0, s);
        Assert.Contains(n - 1, s);
        Assert.InRange(s.Count, Math.Min(n, 3), TextScanner.SampledFrames + 2);
        Assert.All(s, i => Assert.InRange(i, 0, n - 1));
    }

    [Fact]
    public void ChangedRegions_SmallChangeIsTextSized_LargeChangeIsAnatomy()
    {
        var a = new GrayImage(200, 160, new byte[200 * 160]);
        byte[] pb = new byte[200 * 160];
        for (int y = 5; y < 15; y++)
        {
            for (int x = 150; x < 190; x++)
            {
                pb[(y * 200) + x] = 200;
            }
        }

        for (int y = 60; y < 160; y++)
        {
            for (int x = 0; x < 120; x++)
            {
                pb[(y * 200) + x] = 100;
            }
        }

        var regions = TextScanner.ChangedRegions(a, new GrayImage(200, 160, pb), out bool anatomy);

        PixelRect r = Assert.Single(regions);
        Assert.True(anatomy);
        Assert.True(r.X <= 150 && r.Right >= 190 && r.Y <= 5 && r.Bottom >= 15, r.ToString());
        Assert.True(r.Area <= 64 * 24, r.ToString());
    }

    [Fact]
    public void RectangleMath_Complement_CoversExactlyTheRestOfTheFrame()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var keep = Enumerable.Range(0, rng.Next(0, 5)).Select(_ => new PixelRect(rng.Next(-5, 40), rng.Next(-5, 30), rng.Next(1, 30), rng.Next(1, 30))).ToArray();
            var comp = RectangleMath.Complement(keep, 40, 30);
            for (int y = 0; y < 30; y++)
            {
                for (int x = 0; x < 40; x++)
                {
                    bool kept = keep.Any(k => x >= k.X && x < k.Right && y >= k.Y && y < k.Bottom);
                    int covering = comp.Count(c => x >= c.X && x < c.Right && y >= c.Y && y < c.Bottom);
                    Assert.Equal(kept ? 0 : 1, covering);
                }
            }
        }
    }
}
