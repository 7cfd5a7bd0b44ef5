// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>A line the candidate finder split keeps its other part (a clock's hour, a date's last digits) in the blackout.</summary>
public sealed class LineExtentTests
{
    private const int Width = 240, Height = 80;

    [Fact]
    public void Grow_SplitLineOnBlack_ReachesBothEnds()
    {
        GrayImage image = Panel();
        Strokes(image, 20, 100, 30, 11, 200);

        PixelRect grown = LineExtent.Grow(image, new PixelRect(50, 30, 30, 11), 11);

        Assert.Equal(new PixelRect(20, 30, 80, 11), grown);
    }

    [Fact]
    public void Grow_StopsAtAGapWiderThanALetter_AtSpeckle_AndAtABar()
    {
        GrayImage image = Panel();
        Strokes(image, 50, 80, 30, 11, 200);
        Strokes(image, 100, 130, 30, 11, 200); // another line, 20 px (more than a letter height) away
        for (int y = 10; y < 70; y++)
        {
            for (int x = 10; x < 16; x++)
            {
                image.Pixels[(y * Width) + x] = 220; // a tall bar, 30 px left of the line
            }

            for (int x = 16; x < 45; x++)
            {
                image.Pixels[(y * Width) + x] = (byte)(60 + ((x * 7 + y * 13) % 90)); // speckle between them
            }
        }

        Assert.Equal(new PixelRect(50, 30, 30, 11), LineExtent.Grow(image, new PixelRect(50, 30, 30, 11), 11));
    }

    [Fact]
    public void Grow_TallInkBeside_IsNotTakenIn()
    {
        GrayImage image = Panel();
        Strokes(image, 50, 80, 30, 11, 200);
        for (int y = 5; y < 75; y++)
        {
            image.Pixels[(y * Width) + 84] = 220; // a depth-scale tick line right of the text
        }

        Assert.Equal(new PixelRect(50, 30, 30, 11), LineExtent.Grow(image, new PixelRect(50, 30, 30, 11), 11));
    }

    [Fact]
    public void Apply_ClockFoundAfterItsColonOnly_IsBlackedWhole()
    {
        // "10:21:33": the finder vouched for "21:33" alone; the hour and its colon are the same ink on the same rows.
        var frames = new FakeFrames(Width, Height, 1, 0);
        var image = new GrayImage(Width, Height, frames.Frames[0]);
        Strokes(image, 100, 124, 20, 11, 210); // "10"
        Strokes(image, 128, 130, 22, 2, 210); // the colon's dots
        Strokes(image, 128, 130, 27, 2, 210);
        Strokes(image, 134, 190, 20, 11, 210); // "21:33"
        var finder = new FixedFinder(new TextWord("21:33", 90, 134, 20, 56, 11) { Line = 0, TextHeight = 11, LineBox = new PixelRect(134, 20, 56, 11) });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false }, _ => frames, finder);

        remover.Apply(TestHeaders.File(("Modality", "US"), ("StudyTime", "102133"), ("BurnedInAnnotation", "YES")));

        Assert.True(frames.AllEqual(0, new PixelRect(100, 20, 90, 11), 0), "the whole clock, hour included");
    }

    private static GrayImage Panel() => new(Width, Height, new byte[Width * Height]);

    /// <summary>Vertical strokes one pixel apart, a stand-in for glyphs, from x0 (inclusive) to x1 (exclusive).</summary>
    private static void Strokes(GrayImage image, int x0, int x1, int y, int height, byte ink)
    {
        for (int x = x0; x < x1; x += 2)
        {
            for (int r = y; r < y + height; r++)
            {
                image.Pixels[(r * Width) + x] = ink;
            }
        }

        // The last column is ink too, so the line ends exactly at x1.
        for (int r = y; r < y + height; r++)
        {
            image.Pixels[(r * Width) + x1 - 1] = ink;
        }
    }

    /// <summary>A finder that reports the same words in every frame.</summary>
    private sealed class FixedFinder : ITextFinder
    {
        private readonly TextWord[] _words;

        public FixedFinder(params TextWord[] words) => _words = words;

        public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions) => _words;

        public void Dispose()
        {
        }
    }
}
