// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Static text of a clip is blacked out in every frame that shows it, even where the detector missed it.</summary>
public sealed class StaticTextCarryTests
{
    private const byte Date = 200, Clock = 230;
    private const int Width = 200, Height = 160;
    private static readonly PixelRect Speckle = new(40, 30, 150, 120);

    /// <summary>The birth date's line: glyph-like strokes over the speckle, inside <see cref="Speckle"/>.</summary>
    private static readonly PixelRect DateLine = new(60, 60, 60, 12);
    private static readonly PixelRect ClockLine = new(140, 5, 48, 10);

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    public void Apply_StaticBirthDateMissedInTwoFramesOfAClip_IsBlackedInEveryFrame(int speckleChange)
    {
        FakeFrames frames = Clip(6, speckleChange, f => true);
        var finder = new ForgetfulFinder(new ColourCodedFinder(new Dictionary<byte, string> { [Date] = "12/03/1961" }), missed: new[] { 2, 4 });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false }, _ => frames, finder);

        remover.Apply(Header());

        for (int f = 0; f < 6; f++)
        {
            Assert.True(frames.AllEqual(f, DateLine, 0), $"birth date, frame {f}");
        }
    }

    [Fact]
    public void Apply_TextGoneFromSomeFrames_IsNotCarriedThere()
    {
        FakeFrames frames = Clip(6, 6, f => f < 3);
        byte[][] before = frames.Snapshot();
        var finder = new ColourCodedFinder(new Dictionary<byte, string> { [Date] = "12/03/1961" });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false }, _ => frames, finder);

        remover.Apply(Header());

        for (int f = 0; f < 3; f++)
        {
            Assert.True(frames.AllEqual(f, DateLine, 0), $"birth date, frame {f}");
        }

        for (int f = 3; f < 6; f++)
        {
            Assert.Equal(before[f], frames.Frames[f]);
        }
    }

    [Fact]
    public void Apply_TickingClockMissedInTwoFrames_IsBlackedInEveryFrame()
    {
        // The seconds change every frame (one digit's strokes), the hours and minutes stay.
        FakeFrames frames = Clip(6, 6, f => false);
        for (int f = 0; f < 6; f++)
        {
            Glyphs(frames, f, ClockLine, Clock);
            frames.Fill(f, new PixelRect(ClockLine.Right - 6 + (f % 2), ClockLine.Y + 1, 3, 7), 0);
        }

        var finder = new ForgetfulFinder(new ColourCodedFinder(new Dictionary<byte, string> { [Clock] = "10:21:33" }), missed: new[] { 1, 4 });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false }, _ => frames, finder);

        remover.Apply(Header());

        for (int f = 0; f < 6; f++)
        {
            Assert.True(frames.AllEqual(f, ClockLine, 0), $"clock, frame {f}");
        }
    }

    [Fact]
    public void Apply_DetectionFoundInOneFrameOfSix_IsNotCopiedToTheOthers()
    {
        // The same pixels in every frame, but found once: a detection on speckle, not the clip's static text.
        FakeFrames frames = Clip(6, 0, f => true);
        byte[][] before = frames.Snapshot();
        var finder = new ForgetfulFinder(new ColourCodedFinder(new Dictionary<byte, string> { [Date] = "x7Kq" }), missed: new[] { 0, 1, 2, 4, 5 });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false }, _ => frames, finder);

        remover.Apply(Header());

        Assert.True(frames.AllEqual(3, DateLine, 0));
        foreach (int f in new[] { 0, 1, 2, 4, 5 })
        {
            Assert.Equal(before[f], frames.Frames[f]);
        }
    }

    [Fact]
    public void Carry_OneFrameOrNoBoxes_ChangesNothing()
    {
        var one = new[] { new List<PixelRect> { new(1, 1, 5, 5) } };
        Assert.Equal(0, StaticTextCarry.Carry(one, _ => throw new InvalidOperationException("no frame needed")));
        Assert.Single(one[0]);

        var none = new[] { new List<PixelRect>(), new List<PixelRect>() };
        Assert.Equal(0, StaticTextCarry.Carry(none, _ => throw new InvalidOperationException("no frame needed")));
    }

    [Fact]
    public void Carry_BoxFoundInEveryFrame_RendersNothing()
    {
        var box = new PixelRect(1, 1, 5, 5);
        List<PixelRect>[] boxes = Enumerable.Range(0, 4).Select(_ => new List<PixelRect> { box }).ToArray();

        Assert.Equal(0, StaticTextCarry.Carry(boxes, _ => throw new InvalidOperationException("no frame needed")));
        Assert.All(boxes, b => Assert.Equal(new[] { box }, b));
    }

    [Fact]
    public void Same_BackgroundMovedButInkKept_IsTheSame_InkGone_IsNot()
    {
        var box = new PixelRect(0, 0, 20, 10);
        byte[] source = new byte[200];
        byte[] moved = new byte[200];
        byte[] gone = new byte[200];
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            bool ink = i % 20 % 4 == 1;
            source[i] = ink ? (byte)220 : (byte)rng.Next(0, 90);
            moved[i] = ink ? (byte)214 : (byte)rng.Next(0, 90);
            gone[i] = (byte)rng.Next(0, 90);
        }

        Assert.True(StaticTextCarry.Same(source, new GrayImage(20, 10, moved), box));
        Assert.False(StaticTextCarry.Same(source, new GrayImage(20, 10, gone), box));
        Assert.True(StaticTextCarry.Same(source, new GrayImage(20, 10, (byte[])source.Clone()), box));
    }

    private static DicomFile Header() => TestHeaders.File(
        ("Modality", "US"), ("PatientName", "Doe^Jane"), ("PatientBirthDate", "19610312"), ("BurnedInAnnotation", "YES"));

    /// <summary>
    /// A clip of speckle (each frame the last one's speckle changed by up to <paramref name="speckleChange"/> grey
    /// levels) with the birth date's strokes in the frames <paramref name="dateShown"/> picks.
    /// </summary>
    private static FakeFrames Clip(int count, int speckleChange, Func<int, bool> dateShown)
    {
        var frames = new FakeFrames(Width, Height, count, 0);
        var rng = new Random(1961);
        int[] speckle = Enumerable.Range(0, Speckle.Width * Speckle.Height).Select(_ => rng.Next(20, 120)).ToArray();
        for (int f = 0; f < count; f++)
        {
            for (int k = 0; k < speckle.Length; k++)
            {
                speckle[k] = Math.Clamp(speckle[k] + rng.Next(-speckleChange, speckleChange + 1), 20, 120);
                frames.Frames[f][((Speckle.Y + (k / Speckle.Width)) * Width) + Speckle.X + (k % Speckle.Width)] = (byte)speckle[k];
            }

            if (dateShown(f))
            {
                Glyphs(frames, f, DateLine, Date);
            }
        }

        return frames;
    }

    /// <summary>Vertical strokes one pixel apart across <paramref name="line"/>, a stand-in for the glyphs of a text line.</summary>
    private static void Glyphs(FakeFrames frames, int frame, PixelRect line, byte ink)
    {
        for (int x = line.X; x < line.Right; x += 2)
        {
            frames.Fill(frame, new PixelRect(x, line.Y, 1, line.Height), ink);
        }
    }

    /// <summary>A finder that misses everything in the calls listed (the frames where the real detector lost the line).</summary>
    private sealed class ForgetfulFinder : ITextFinder
    {
        private readonly ITextFinder _inner;
        private readonly HashSet<int> _missed;
        private int _call;

        public ForgetfulFinder(ITextFinder inner, int[] missed)
        {
            _inner = inner;
            _missed = new HashSet<int>(missed);
        }

        public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
        {
            IReadOnlyList<TextWord> words = _inner.Detect(image, imagingRegions);
            return _missed.Contains(_call++) ? Array.Empty<TextWord>() : words;
        }

        public void Dispose() => _inner.Dispose();
    }
}
