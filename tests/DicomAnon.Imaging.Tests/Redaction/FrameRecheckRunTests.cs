// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10, cines: the re-check of a clip on two threads finds, frame for frame, what one thread finds.</summary>
public sealed class FrameRecheckRunTests
{
    /// <summary>A 6-frame 640x480 clip of our generator: speckle changes every frame, overlays stay.</summary>
    private static List<UltrasoundScene> Clip() => Enumerable.Range(0, 6).Select(f => UltrasoundSceneGenerator.Generate(7777, 640, 480, 7777 + (1000 * f), UltrasoundSceneGenerator.TuningFaces, reflectors: true)).ToList();

    [Fact]
    public void Run_TwoReaders_SameFindingsAsOne()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        List<UltrasoundScene> scenes = Clip();
        var frames = new SceneFrames(scenes);

        // Half the text blacked out: the rest, and the cut edges, are for the re-check to find.
        var blacked = new IReadOnlyList<PixelRect>[scenes.Count];
        for (int f = 0; f < scenes.Count; f++)
        {
            blacked[f] = scenes[f].Texts.Where((t, k) => k % 2 == 0).Select(t => new PixelRect(t.Box.X + (t.Box.Width / 3), t.Box.Y - 2, t.Box.Width, t.Box.Height + 4).ClipTo(640, 480)).ToList();
            frames.Blackout(f, blacked[f]);
        }

        var none = Enumerable.Range(0, scenes.Count).Select(_ => (IReadOnlyList<PixelRect>)new List<PixelRect>()).ToArray();
        PixelBox s = scenes[0].SectorBox;
        var regions = new[] { new PixelRect(s.X, s.Y, s.Width, s.Height) };
        using TesseractLineReader a = TesseractLineReader.Create(null, null), b = TesseractLineReader.Create(null, null), c = TesseractLineReader.Create(null, null);

        FrameRecheckResult[] one = FrameRecheckRun.Run(scenes.Count, frames.RenderGray, new ILineReader?[] { a }, RedactionTarget.AllText, regions, blacked, none, true, out int readOne, out _);
        FrameRecheckResult[] two = FrameRecheckRun.Run(scenes.Count, frames.RenderGray, new ILineReader?[] { b, c }, RedactionTarget.AllText, regions, blacked, none, true, out int readTwo, out _);

        Assert.Contains(one, r => r.Findings.Count > 0);
        Assert.True(readOne > 0);
        for (int f = 0; f < scenes.Count; f++)
        {
            Assert.Equal(one[f].Findings.Select(x => (x.Frame, x.Box, x.Evidence)), two[f].Findings.Select(x => (x.Frame, x.Box, x.Evidence)));
            Assert.Equal(one[f].Streaks, two[f].Streaks);
            Assert.Equal(one[f].Labels, two[f].Labels);
        }

        // Each thread reads what its own frames need (a crop seen by the other thread is read again, never skipped).
        Assert.True(readTwo >= readOne, $"{readTwo} reads on two threads, {readOne} on one");
    }

    [Fact]
    public void Run_HelperReaderFails_TheFailureReachesTheCaller()
    {
        List<UltrasoundScene> scenes = Clip();
        var frames = new SceneFrames(scenes);
        var none = Enumerable.Range(0, scenes.Count).Select(_ => (IReadOnlyList<PixelRect>)new List<PixelRect>()).ToArray();
        PixelBox s = scenes[0].SectorBox;
        var regions = new[] { new PixelRect(s.X, s.Y, s.Width, s.Height) };

        Assert.Throws<InvalidOperationException>(() => FrameRecheckRun.Run(scenes.Count, frames.RenderGray, new ILineReader?[] { new SlowReader(), new FailingReader() }, RedactionTarget.AllText, regions, none, none, true, out int _, out _));
    }

    [Fact]
    public void Apply_ClipOnTwoThreads_SameBlackoutAndFindingsAsOnOne()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        List<UltrasoundScene> scenes = Clip();
        RedactionReport Clean(int threads, out SceneFrames frames)
        {
            SceneFrames mine = new(scenes);
            frames = mine;
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => mine, TesseractTextFinder.Create(null, null)) { RecheckThreads = threads };
            return remover.Apply(SceneFrames.Header(scenes[0], true));
        }

        RedactionReport one = Clean(1, out SceneFrames oneFrames);
        RedactionReport two = Clean(2, out SceneFrames twoFrames);

        Assert.Equal(one.Outcome, two.Outcome);
        Assert.Equal(one.Warnings, two.Warnings);
        for (int f = 0; f < scenes.Count; f++)
        {
            Assert.Equal(one.PerFrame[f].Regions, two.PerFrame[f].Regions);
            Assert.Equal(one.PerFrame[f].TextRemaining, two.PerFrame[f].TextRemaining);
            Assert.Equal(oneFrames.RenderGray(f).Pixels, twoFrames.RenderGray(f).Pixels);
        }
    }

    /// <summary>Reads nothing, slowly: the other thread gets frames of its own.</summary>
    private sealed class SlowReader : ILineReader
    {
        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
        {
            Thread.Sleep(50);
            return Array.Empty<TextWord>();
        }

        public void Dispose()
        {
        }
    }

    private sealed class FailingReader : ILineReader
    {
        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight) => throw new InvalidOperationException("reader failed");

        public void Dispose()
        {
        }
    }
}
