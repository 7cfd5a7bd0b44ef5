// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>Readings cached by exact crop content (issue 10, speed): a hit only for the very same pixels and settings.</summary>
public sealed class LineReadingCacheTests
{
    private const string Settings = "engine A";

    private static readonly OcrWord[] Reading = [new("DOE", 91, 2, 1, 20, 9), new("1974", 88, 26, 1, 24, 9)];

    [Fact]
    public void TryGet_SamePixelsAgain_ReturnsTheSameReading()
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        cache.Add(Settings, crop, 30, 12, 9, Reading);

        Assert.True(cache.TryGet(Settings, (byte[])crop.Clone(), 30, 12, 9, out IReadOnlyList<OcrWord>? words));

        Assert.Equal(Reading, words);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public void TryGet_OnePixelDifferent_FindsNothing()
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        cache.Add(Settings, crop, 30, 12, 9, Reading);
        byte[] other = (byte[])crop.Clone();
        other[200] ^= 1;

        Assert.False(cache.TryGet(Settings, other, 30, 12, 9, out IReadOnlyList<OcrWord>? words));
        Assert.Null(words);
        Assert.Equal(1, cache.Misses);
    }

    [Theory]
    [InlineData(12, 30, 8, Settings)] // letter height
    [InlineData(30, 12, 9, Settings)] // same bytes, other shape
    [InlineData(12, 30, 9, "engine B")] // another model or word filter
    public void TryGet_SamePixelsOtherShapeHeightOrSettings_FindsNothing(int height, int width, int textHeight, string settings)
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        cache.Add(Settings, crop, 30, 12, 9, Reading);

        Assert.False(cache.TryGet(settings, crop, width, height, textHeight, out _));
    }

    [Fact]
    public void TryGet_EveryHashCollides_StillOnlyTheSamePixelsShareAReading()
    {
        // All crops get one hash: the byte comparison alone keeps readings apart.
        var cache = new LineReadingCache(1 << 20, _ => 42UL);
        byte[] a = Crop(12, 30, 7), b = Crop(12, 30, 8);
        OcrWord[] other = [new("SMITH", 90, 0, 0, 30, 9)];
        cache.Add(Settings, a, 30, 12, 9, Reading);
        cache.Add(Settings, b, 30, 12, 9, other);

        Assert.True(cache.TryGet(Settings, a, 30, 12, 9, out IReadOnlyList<OcrWord>? fromA));
        Assert.True(cache.TryGet(Settings, b, 30, 12, 9, out IReadOnlyList<OcrWord>? fromB));
        Assert.Equal(Reading, fromA);
        Assert.Equal(other, fromB);
        Assert.False(cache.TryGet(Settings, Crop(12, 30, 9), 30, 12, 9, out _));
    }

    [Fact]
    public void Add_CallerChangesItsArrayAfterwards_TheKeptReadingStaysWithTheOriginalPixels()
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        byte[] original = (byte[])crop.Clone();
        cache.Add(Settings, crop, 30, 12, 9, Reading);
        crop[0] ^= 0xFF;

        Assert.False(cache.TryGet(Settings, crop, 30, 12, 9, out _));
        Assert.True(cache.TryGet(Settings, original, 30, 12, 9, out _));
    }

    [Fact]
    public void Add_BeyondTheByteLimit_ForgetsTheOldestFirst()
    {
        // Room for two 360-byte crops.
        var cache = new LineReadingCache(800);
        byte[] first = Crop(12, 30, 1), second = Crop(12, 30, 2), third = Crop(12, 30, 3);
        cache.Add(Settings, first, 30, 12, 9, Reading);
        cache.Add(Settings, second, 30, 12, 9, Reading);
        cache.Add(Settings, third, 30, 12, 9, Reading);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(Settings, first, 30, 12, 9, out _));
        Assert.True(cache.TryGet(Settings, second, 30, 12, 9, out _));
        Assert.True(cache.TryGet(Settings, third, 30, 12, 9, out _));
    }

    [Fact]
    public void Add_SameCropTwice_KeepsOneEntry()
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        cache.Add(Settings, crop, 30, 12, 9, Reading);
        cache.Add(Settings, crop, 30, 12, 9, Reading);

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Clear_ForgetsEveryReading()
    {
        var cache = new LineReadingCache(1 << 20);
        byte[] crop = Crop(12, 30, 7);
        cache.Add(Settings, crop, 30, 12, 9, Reading);

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Settings, crop, 30, 12, 9, out _));
    }

    [Fact]
    public void Constructor_NoRoom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineReadingCache(0));
    }

    /// <summary>A crop of pseudo-random grey levels, different for each seed.</summary>
    private static byte[] Crop(int height, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, width * height).Select(_ => (byte)random.Next(256)).ToArray();
    }
}
