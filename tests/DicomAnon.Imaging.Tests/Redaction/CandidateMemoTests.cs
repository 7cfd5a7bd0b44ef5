// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10, cines: a frame's candidate lines are searched once per distinct pixels, and are the search's own.</summary>
public sealed class CandidateMemoTests
{
    private static GrayImage Frame(int seed) =>
        GrayImage.FromRgb24(640, 480, UltrasoundSceneGenerator.Generate(seed, 640, 480, seed, UltrasoundSceneGenerator.TuningFaces, reflectors: true).Rgb, RgbToGray.Luma);

    private static GrayImage Copy(GrayImage image) => new(image.Width, image.Height, (byte[])image.Pixels.Clone());

    [Fact]
    public void Find_SamePixelsTwice_SearchesOnceAndGivesTheSearchsLines()
    {
        GrayImage frame = Frame(7101);
        var memo = new CandidateMemo(4);

        List<TextLineCandidate> first = memo.Find(frame);
        List<TextLineCandidate> again = memo.Find(Copy(frame));
        List<TextLineCandidate> direct = TextCandidateFinder.Find(frame);

        Assert.NotEmpty(direct);
        Assert.Equal(direct.Select(c => (c.Box, c.Crop, c.TextHeight, c.BrightInk, c.Characters)), first.Select(c => (c.Box, c.Crop, c.TextHeight, c.BrightInk, c.Characters)));
        Assert.Equal(direct.Select(c => c.Ink), first.Select(c => c.Ink));
        Assert.Equal(first, again);
        Assert.NotSame(first, again);
        Assert.Equal(1, memo.Searches);
        Assert.Equal(1, memo.Hits);
    }

    [Fact]
    public void Find_OnePixelDifferent_SearchesAgain()
    {
        int searches = 0;
        var memo = new CandidateMemo(4, i => { searches++; return new List<TextLineCandidate>(); });
        var a = new GrayImage(8, 8, new byte[64]);
        byte[] changed = new byte[64];
        changed[63] = 1;

        memo.Find(a);
        memo.Find(new GrayImage(8, 8, changed));
        memo.Find(new GrayImage(8, 8, new byte[64]));

        Assert.Equal(2, searches);
    }

    [Fact]
    public void Find_CallerChangesItsPixelsAfterwards_TheKeptFrameDoesNotChange()
    {
        int searches = 0;
        var memo = new CandidateMemo(4, i => { searches++; return new List<TextLineCandidate>(); });
        byte[] pixels = new byte[64];
        memo.Find(new GrayImage(8, 8, pixels));

        pixels[10] = 200;
        memo.Find(new GrayImage(8, 8, pixels));

        Assert.Equal(2, searches);
    }

    [Fact]
    public void Find_MoreFramesThanCapacity_LeastRecentlyUsedGoesFirst()
    {
        int searches = 0;
        var memo = new CandidateMemo(2, i => { searches++; return new List<TextLineCandidate>(); });
        GrayImage Of(byte v) => new(4, 4, Enumerable.Repeat(v, 16).ToArray());

        memo.Find(Of(1));
        memo.Find(Of(2));
        memo.Find(Of(1)); // 1 is now the most recent
        memo.Find(Of(3)); // 2 goes
        Assert.Equal(3, searches);

        memo.Find(Of(1));
        Assert.Equal(3, searches);
        memo.Find(Of(2));
        Assert.Equal(4, searches);
    }

    [Fact]
    public async Task Prefetch_OnAnotherThread_TheReaderWaitsForItInsteadOfSearchingAgain()
    {
        int searches = 0;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var memo = new CandidateMemo(4, i =>
        {
            Interlocked.Increment(ref searches);
            started.Set();
            release.Wait();
            return new List<TextLineCandidate>();
        });
        var frame = new GrayImage(4, 4, new byte[16]);

        Task ahead = Task.Run(() => memo.Prefetch(frame));
        started.Wait();
        Task<List<TextLineCandidate>> reader = Task.Run(() => memo.Find(Copy(frame)));
        await Task.Delay(50);
        Assert.False(reader.IsCompleted);
        release.Set();
        await Task.WhenAll(ahead, reader);

        Assert.Equal(1, searches);
        Assert.Equal(1, memo.Hits);
    }
}
