// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, cines: the re-check carries a reading to a later frame only when the crop it would read is the same
/// within <see cref="RecheckReadingCarry.MaxPixelDifference"/> grey levels at every pixel; text that appears or a digit
/// that ticks is read again in every frame.
/// </summary>
public sealed class RecheckReadingCarryTests
{
    private const int Frames = 6, Width = 640, Height = 480;

    /// <summary>What Tesseract makes of speckle: a word far below every threshold the re-check judges by.</summary>
    private static readonly IReadOnlyList<TextWord> Reading = new[] { new TextWord("ABC", 30f, 1, 1, 10, 8) };

    [Fact]
    public void TryGet_EveryPixelWithinTolerance_CarriesTheReading()
    {
        var carry = new RecheckReadingCarry();
        byte[] read = Crop(100);
        carry.Add(read, new PixelRect(10, 20, 8, 4), 6, Reading);

        byte[] later = read.Select((v, i) => (byte)(v + (i % 2 == 0 ? RecheckReadingCarry.MaxPixelDifference : -RecheckReadingCarry.MaxPixelDifference))).ToArray();

        Assert.True(carry.TryGet(later, new PixelRect(10, 20, 8, 4), 6, out IReadOnlyList<TextWord> words));
        Assert.Same(Reading, words);
        Assert.Equal(1, carry.Carried);
    }

    [Theory]
    [InlineData("ABC", 40f)]
    [InlineData("1.5", 55f)]
    [InlineData("TIS", 95f)]
    public void TryGet_ReadingNearAThreshold_NeverCarried(string text, float confidence)
    {
        var carry = new RecheckReadingCarry();
        byte[] read = Crop(100);
        carry.Add(read, new PixelRect(10, 20, 8, 4), 6, new[] { new TextWord(text, confidence, 1, 1, 10, 8) });

        Assert.False(carry.TryGet((byte[])read.Clone(), new PixelRect(10, 20, 8, 4), 6, out _));
    }

    [Fact]
    public void TryGet_OnePixelBeyondTolerance_NotCarried()
    {
        var carry = new RecheckReadingCarry();
        byte[] read = Crop(100);
        carry.Add(read, new PixelRect(10, 20, 8, 4), 6, Reading);

        byte[] later = (byte[])read.Clone();
        later[13] = (byte)(read[13] + RecheckReadingCarry.MaxPixelDifference + 1);

        Assert.False(carry.TryGet(later, new PixelRect(10, 20, 8, 4), 6, out _));
        Assert.Equal(0, carry.Carried);
    }

    [Fact]
    public void TryGet_OtherPlaceSizeOrLetterHeight_NotCarried()
    {
        var carry = new RecheckReadingCarry();
        byte[] read = Crop(100);
        carry.Add(read, new PixelRect(10, 20, 8, 4), 6, Reading);

        Assert.False(carry.TryGet(read, new PixelRect(11, 20, 8, 4), 6, out _));
        Assert.False(carry.TryGet(read, new PixelRect(10, 20, 8, 4), 7, out _));
        Assert.False(carry.TryGet(read, new PixelRect(10, 20, 4, 8), 6, out _));
        Assert.False(carry.TryGet(read.Take(16).ToArray(), new PixelRect(10, 20, 8, 4), 6, out _));
    }

    [Fact]
    public void TryGet_BinarizedCropWithOnePixelFlipped_NotCarried()
    {
        var carry = new RecheckReadingCarry();
        byte[] read = Enumerable.Range(0, 32).Select(i => i % 3 == 0 ? (byte)0 : (byte)255).ToArray();
        carry.Add(read, new PixelRect(0, 0, 8, 4), 6, Reading);

        byte[] flipped = (byte[])read.Clone();
        flipped[5] = (byte)(255 - flipped[5]);

        Assert.True(carry.TryGet((byte[])read.Clone(), new PixelRect(0, 0, 8, 4), 6, out _));
        Assert.False(carry.TryGet(flipped, new PixelRect(0, 0, 8, 4), 6, out _));
    }

    /// <summary>
    /// A clip whose speckle changes by noise only (as exam cines do), its static text blacked out: whatever the re-check
    /// carries from frame to frame, a line that appears in the sector at frame 3 and a
    /// clock whose seconds tick every frame are found in every frame where reading every frame finds them (the clock:
    /// in every frame), and the line never before it arrives.
    /// </summary>
    [Fact]
    public void Run_NoisyClip_CarriesReadings_TextThatAppearsOrTicksFoundInEveryFrame()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(7777, Width, Height, 7777, UltrasoundSceneGenerator.TuningFaces, reflectors: true);
        List<byte[]> rgb = NoisyClip(scene);
        string face = Path.Combine(UltrasoundSceneGenerator.FontFolder, "DejaVuSans-Bold.ttf");
        PixelRect s = Rect(scene.SectorBox);
        (int X, int Y) first = FreePlaceInSector(scene, new List<PixelRect>());
        PixelRect arrives = Draw(rgb, Enumerable.Range(0, Frames).Select(f => f >= 3 ? "KOWALSKI" : null).ToList(), face, first.X, first.Y, scene);
        (int X, int Y) second = FreePlaceInSector(scene, new List<PixelRect> { arrives });
        PixelRect clock = Draw(rgb, Enumerable.Range(0, Frames).Select(f => "10:42:0" + f.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), face, second.X, second.Y, scene);

        var frames = new SceneFrames(rgb.Select(p => scene with { Rgb = p }).ToList());
        var blacked = new IReadOnlyList<PixelRect>[Frames];
        for (int f = 0; f < Frames; f++)
        {
            blacked[f] = scene.Texts.Select(t => RectangleMath.Pad(Rect(t.Box), 3).ClipTo(Width, Height)).ToList();
            frames.Blackout(f, blacked[f]);
        }

        var none = Enumerable.Range(0, Frames).Select(_ => (IReadOnlyList<PixelRect>)new List<PixelRect>()).ToArray();
        var regions = new[] { s };
        using TesseractLineReader a = TesseractLineReader.Create(null, null), b = TesseractLineReader.Create(null, null);
        FrameRecheckResult[] every = FrameRecheckRun.Run(Frames, frames.RenderGray, new ILineReader?[] { a }, RedactionTarget.AllText, regions, blacked, none, false, out int readEvery, out int carriedNone);
        FrameRecheckResult[] carried = FrameRecheckRun.Run(Frames, frames.RenderGray, new ILineReader?[] { a, b }, RedactionTarget.AllText, regions, blacked, none, true, out int readCarried, out int carriedCount);

        Assert.Equal(0, carriedNone);
        // Since the re-check reads beside a box only where a candidate line reaches it, this clip's reads are mostly its
        // text lines, read confidently and so never carried: the carry may save nothing here, but never adds a read.
        Assert.True(readCarried <= readEvery && readCarried + carriedCount >= readEvery, $"{readCarried} reads with the carry ({carriedCount} carried), {readEvery} without");
        bool Finds(FrameRecheckResult r, PixelRect box) => r.Findings.Any(x => RectangleMath.Intersects(x.Box, box));
        for (int f = 0; f < Frames; f++)
        {
            Assert.True(Finds(carried[f], clock), $"clock, frame {f}");
            Assert.False(f < 3 && Finds(carried[f], arrives), $"frame {f}: found before it arrives");

            // Whatever reading every frame finds, the carry finds (the re-check itself may miss a line on speckle in a frame).
            Assert.True(!Finds(every[f], arrives) || Finds(carried[f], arrives), $"frame {f}: the arriving line, found reading every frame, missed with the carry");
            Assert.True(!Finds(every[f], clock) || Finds(carried[f], clock), $"frame {f}: the clock");
        }

        Assert.Contains(Enumerable.Range(3, Frames - 3), f => Finds(carried[f], arrives));
    }

    /// <summary>
    /// The whole remover on a noisy clip with a clock whose seconds tick: the clock is blacked out in every frame, the
    /// blackout is the same pixel for pixel as when every frame's crops are read, and the outcome is as safe.
    /// </summary>
    [Fact]
    public void Apply_NoisyClipWithTickingClock_ClockBlackedInEveryFrame_SameBlackoutAsReadingEveryFrame()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(7777, Width, Height, 7777, UltrasoundSceneGenerator.TuningFaces, reflectors: true);
        List<byte[]> rgb = NoisyClip(scene);
        string face = Path.Combine(UltrasoundSceneGenerator.FontFolder, "DejaVuSans.ttf");
        PixelRect clock = Draw(rgb, Enumerable.Range(0, Frames).Select(f => "10:42:1" + f.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), face, Width - 150, Height - 30, scene);

        RedactionReport Clean(bool carry, out SceneFrames frames)
        {
            SceneFrames mine = new(rgb.Select(p => scene with { Rgb = (byte[])p.Clone() }).ToList());
            frames = mine;
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => mine, TesseractTextFinder.Create(null, null)) { CarryRecheckReadings = carry };
            return remover.Apply(SceneFrames.Header(scene, true));
        }

        RedactionReport every = Clean(false, out SceneFrames everyFrames);
        RedactionReport carried = Clean(true, out SceneFrames carriedFrames);

        Assert.True(carried.OcrCalls < every.OcrCalls, $"{carried.OcrCalls} OCR calls with the carry, {every.OcrCalls} without");
        Assert.True(every.Outcome != PixelOutcome.TextRemains || carried.Outcome == PixelOutcome.TextRemains, $"{carried.Outcome} with the carry, {every.Outcome} without");
        for (int f = 0; f < Frames; f++)
        {
            Assert.True(AllBlack(carriedFrames, f, clock), $"clock, frame {f}");
            Assert.Equal(every.PerFrame[f].Regions, carried.PerFrame[f].Regions);
            Assert.Equal(everyFrames.RenderGray(f).Pixels, carriedFrames.RenderGray(f).Pixels);
        }
    }

    private static byte[] Crop(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 32).Select(_ => (byte)random.Next(30, 220)).ToArray();
    }

    /// <summary>
    /// Frames of one scene whose sector changes by blurred noise of about 5 grey levels from frame to frame, as the
    /// speckle of the exam's cines does; everything outside the sector stays.
    /// </summary>
    private static List<byte[]> NoisyClip(UltrasoundScene scene)
    {
        var random = new Random(4242);
        var clip = new List<byte[]>();
        for (int f = 0; f < Frames; f++)
        {
            double[] noise = Enumerable.Range(0, Width * Height).Select(_ => random.NextDouble() - 0.5).ToArray();
            noise = Blur(Blur(noise));
            double sd = Math.Sqrt(noise.Average(v => v * v));
            byte[] rgb = (byte[])scene.Rgb.Clone();
            for (int i = 0; i < noise.Length; i++)
            {
                if (scene.Sector[i])
                {
                    int d = (int)Math.Round(noise[i] / sd * 4);
                    for (int c = 0; c < 3; c++)
                    {
                        rgb[(3 * i) + c] = (byte)Math.Clamp(rgb[(3 * i) + c] + d, 0, 255);
                    }
                }
            }

            clip.Add(rgb);
        }

        return clip;
    }

    private static double[] Blur(double[] v)
    {
        double[] r = new double[v.Length];
        for (int y = 1; y < Height - 1; y++)
        {
            for (int x = 1; x < Width - 1; x++)
            {
                double sum = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        sum += v[((y + dy) * Width) + x + dx];
                    }
                }

                r[(y * Width) + x] = sum / 9;
            }
        }

        return r;
    }

    /// <summary>White 16 px text, per frame (null: none), its ink's top-left at x, y; returns the union of the ink boxes.</summary>
    private static PixelRect Draw(List<byte[]> clip, IReadOnlyList<string?> perFrame, string face, int x, int y, UltrasoundScene scene)
    {
        PixelRect all = default;
        for (int f = 0; f < clip.Count; f++)
        {
            if (perFrame[f] is not string text)
            {
                continue;
            }

            byte[] coverage = UltrasoundSceneGenerator.LineCoverage(Width, Height, text, face, 16, x, y, out PixelBox box);
            Assert.DoesNotContain(scene.Texts, t => RectangleMath.Intersects(RectangleMath.Pad(Rect(t.Box), 4), Rect(box)));
            for (int i = 0; i < coverage.Length; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int p = (3 * i) + c;
                    clip[f][p] = (byte)(((clip[f][p] * (255 - coverage[i])) + (255 * coverage[i]) + 127) / 255);
                }
            }

            all = all.Width == 0 ? Rect(box) : RectangleMath.Union(all, Rect(box));
        }

        return all;
    }

    private static PixelRect Rect(PixelBox b) => new(b.X, b.Y, b.Width, b.Height);

    /// <summary>The top-left of a 120 x 24 px place wholly on the sector's speckle, clear of the scene's text and of <paramref name="taken"/>.</summary>
    private static (int X, int Y) FreePlaceInSector(UltrasoundScene scene, List<PixelRect> taken)
    {
        PixelRect s = Rect(scene.SectorBox);
        for (int y = s.Y + 40; y + 24 < s.Bottom; y += 4)
        {
            for (int x = s.X; x + 120 < s.Right; x += 8)
            {
                var place = new PixelRect(x, y, 120, 24);
                bool onSector = Enumerable.Range(y, 24).All(py => Enumerable.Range(x, 120).All(px => scene.Sector[(py * Width) + px]));
                if (onSector && !scene.Texts.Any(t => RectangleMath.Intersects(RectangleMath.Pad(Rect(t.Box), 8), place)) && !taken.Any(t => RectangleMath.Intersects(RectangleMath.Pad(t, 8), place)))
                {
                    return (x + 4, y + 4);
                }
            }
        }

        throw new InvalidOperationException("no free place on the sector");
    }

    private static bool AllBlack(SceneFrames frames, int frame, PixelRect box)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                if (!frames.IsBlack(frame, x, y))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
