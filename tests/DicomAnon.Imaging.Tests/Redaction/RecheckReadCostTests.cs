// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, item 5: the re-check reads speckle only where something there looks like text. Reading the strips
/// beside every blacked-out box on speckle (up to eight readings a box) was 86% of a clip's CPU and found nothing
/// true there on the tuning sets; the rest of a cut line makes a candidate line beside the cut, speckle seldom does.
/// </summary>
public sealed class RecheckReadCostTests
{
    private readonly ITestOutputHelper _output;

    public RecheckReadCostTests(ITestOutputHelper output) => _output = output;

    /// <summary>Boxes a first pass blacked out on plain speckle (false boxes), beside which no text runs on: nothing beside them is read, and nothing is found.</summary>
    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void BoxesOnSpeckle_TheSpeckleBesideThemIsNotRead(string targetName)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        var counting = new KindCountingReader(TesseractLineReader.Create(null, null));
        int boxes = 0;
        try
        {
            TextRecheck.ReadObserver = counting.Next;
            foreach (int seed in new[] { 501, 502, 503, 504 })
            {
                UltrasoundScene scene = UltrasoundSceneGenerator.Generate(seed);
                var text = scene.Texts.Select(t => RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), 2 + (t.PixelHeight / 4)).ClipTo(scene.Width, scene.Height)).ToList();
                PixelRect s = new(scene.SectorBox.X, scene.SectorBox.Y, scene.SectorBox.Width, scene.SectorBox.Height);

                // Word-sized boxes in the sector, clear of any text: what a first pass leaves on speckle.
                var onSpeckle = new[] { 0.3, 0.45, 0.6, 0.75 }
                    .SelectMany(fy => new[] { 0.3, 0.55 }.Select(fx => new PixelRect(s.X + (int)(s.Width * fx), s.Y + (int)(s.Height * fy), 80, 18)))
                    .Where(b => !text.Any(t => RectangleMath.Intersects(RectangleMath.Pad(t, 30), b)))
                    .ToList();
                boxes += onSpeckle.Count;
                var blacked = text.Concat(onSpeckle).ToList();
                var frames = new SceneFrames(new[] { scene });
                frames.Blackout(0, blacked);
                var recheck = new TextRecheck(counting, target, new[] { s });

                List<RecheckFinding> findings = recheck.Check(0, frames.RenderGray(0), blacked);

                Assert.DoesNotContain(findings, f => onSpeckle.Any(b => RectangleMath.Intersects(RectangleMath.Pad(b, b.Height * 5), f.Box)));
            }
        }
        finally
        {
            TextRecheck.ReadObserver = null;
            counting.Dispose();
        }

        _output.WriteLine(FormattableString.Invariant($"{boxes} boxes on speckle; readings beside boxes: {counting.Count("beside")}, of candidates: {counting.Count("candidate")}"));
        Assert.True(boxes >= 6, "the scenes leave room for boxes on speckle");

        // Eight readings a box on speckle before (two sides, two lengths, two preparations): now at most one box's worth in all.
        Assert.True(counting.Count("beside") <= 8, FormattableString.Invariant($"{counting.Count("beside")} readings beside {boxes} boxes on speckle"));
    }

    /// <summary>Counts the reader's calls by the kind of reading the re-check says it is making (<see cref="TextRecheck.ReadObserver"/>).</summary>
    private sealed class KindCountingReader : ILineReader
    {
        private readonly ILineReader _inner;
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private string _kind = "other";

        public KindCountingReader(ILineReader inner) => _inner = inner;

        public void Next(string kind) => _kind = kind;

        public int Count(string kind) => _counts.TryGetValue(kind, out int n) ? n : 0;

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
        {
            _counts[_kind] = Count(_kind) + 1;
            _kind = "other";
            return _inner.ReadLine(ink, width, height, textHeight);
        }

        public void Dispose() => _inner.Dispose();
    }
}
