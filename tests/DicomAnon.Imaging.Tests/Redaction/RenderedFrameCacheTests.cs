// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10, cines: a frame is rendered once until a box is added to it, and always shows its boxes.</summary>
public sealed class RenderedFrameCacheTests
{
    [Fact]
    public void RenderGray_Unchanged_RenderedOnce_ThenAgainAfterBlackout()
    {
        var source = new FakeFrames(16, 8, 3, background: 90);
        var frames = new RenderedFrameCache(source, long.MaxValue);

        GrayImage a = frames.RenderGray(1);
        GrayImage b = frames.RenderGray(1);
        Assert.Same(a, b);
        Assert.Equal(1, source.Renders);

        frames.Blackout(1, new[] { new PixelRect(2, 2, 4, 4) });
        GrayImage c = frames.RenderGray(1);
        Assert.Equal(2, source.Renders);
        Assert.Equal(source.RenderGray(1).Pixels, c.Pixels);
        Assert.Equal(0, c.Pixels[(3 * 16) + 3]);
        Assert.Equal(90, a.Pixels[(3 * 16) + 3]);

        // Other frames were not touched by that box.
        frames.RenderGray(0);
        frames.RenderGray(0);
        Assert.Equal(4, source.Renders);
    }

    [Fact]
    public void RenderGray_AfterCommit_RenderedAgain()
    {
        var source = new FakeFrames(16, 8, 2);
        var frames = new RenderedFrameCache(source, long.MaxValue);
        frames.RenderGray(0);

        frames.Commit();
        frames.RenderGray(0);

        Assert.Equal(1, source.Commits);
        Assert.Equal(2, source.Renders);
    }

    [Fact]
    public void RenderGray_BeyondThePixelLimit_RenderedEveryTime()
    {
        var source = new FakeFrames(16, 8, 3);
        var frames = new RenderedFrameCache(source, 2 * 16 * 8);

        for (int k = 0; k < 2; k++)
        {
            frames.RenderGray(0);
            frames.RenderGray(1);
            frames.RenderGray(2);
        }

        Assert.Equal(4, source.Renders);
    }

    /// <summary>The remover with both keeps (frames rendered once, candidates searched once and ahead) cleans a clip exactly as without them.</summary>
    [Fact]
    public void Apply_Clip_KeepingFramesAndCandidates_SameAsWithout()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        List<UltrasoundScene> scenes = Enumerable.Range(0, 4).Select(f => UltrasoundSceneGenerator.Generate(7779, 640, 480, 7779 + (1000 * f), UltrasoundSceneGenerator.TuningFaces, reflectors: true)).ToList();
        RedactionReport Clean(bool keep, out SceneFrames frames)
        {
            SceneFrames mine = new(scenes);
            frames = mine;
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => mine, TesseractTextFinder.Create(null, null)) { KeepCandidates = keep, KeepRenderedFrames = keep };
            return remover.Apply(SceneFrames.Header(scenes[0], true));
        }

        DicomAnon.Ocr.LineReadingCache.Shared.Clear();
        RedactionReport without = Clean(false, out SceneFrames withoutFrames);
        DicomAnon.Ocr.LineReadingCache.Shared.Clear();
        RedactionReport with = Clean(true, out SceneFrames withFrames);

        Assert.Contains(without.PerFrame, f => f.Regions.Count > 0);
        Assert.Equal(without.Outcome, with.Outcome);
        Assert.Equal(without.Warnings, with.Warnings);
        for (int f = 0; f < scenes.Count; f++)
        {
            Assert.Equal(without.PerFrame[f].Regions, with.PerFrame[f].Regions);
            Assert.Equal(without.PerFrame[f].TextRemaining, with.PerFrame[f].TextRemaining);
            Assert.Equal(withoutFrames.RenderGray(f).Pixels, withFrames.RenderGray(f).Pixels);
        }
    }
}
