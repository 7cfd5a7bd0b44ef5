// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Imaging.Tests.Redaction;
using DicomAnon.Imaging.Verification;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Verification;

/// <summary>Issue 10: Test-DicomDeidentified -Pixels judges text with the re-check's own detection, and names frame and box only.</summary>
public sealed class PixelTextInspectorTests
{
    [Fact]
    public void TextOnAPanel_IsOneBoxOnItsFrame_AndOnlyThePredicateSeesTheText()
    {
        var frames = new FakeFrames(320, 120, 2, 0);
        GrayTextImage glyphs = TextImageRenderer.Render(320, 120, new Background(0), new[] { new TextSpec("DOE JANE 1970", 20, 40, 18, true) });
        Array.Copy(glyphs.Pixels, frames.Frames[1], glyphs.Pixels.Length);
        var seen = new List<string>();
        using var inspector = new PixelTextInspector(new WordsReader("DOE", "JANE", "1970"));
        var recheck = new TextRecheck(new WordsReader("DOE", "JANE", "1970"), RedactionTarget.AllText, Array.Empty<PixelRect>());

        List<PixelTextBox> clean = inspector.InspectFrame(recheck, 0, frames.RenderGray(0), t => { seen.Add(t); return true; }).ToList();
        List<PixelTextBox> text = inspector.InspectFrame(recheck, 1, frames.RenderGray(1), t => { seen.Add(t); return t.Contains("DOE", StringComparison.Ordinal); }).ToList();

        Assert.Empty(clean);
        PixelTextBox box = Assert.Single(text);
        Assert.Equal(1, box.Frame);
        Assert.True(box.MatchesIdentifier);
        Assert.Equal(RecheckEvidence.TextLikeInk, box.Evidence);
        Assert.InRange(box.Box.Y, 30, 50);
        Assert.Equal("DOE JANE 1970", Assert.Single(seen));
    }

    [Fact]
    public void BlackBoxes_AreSolidRectangles_NotTheBlackBackground()
    {
        var frames = new FakeFrames(100, 80, 1, 0);
        frames.Fill(0, new PixelRect(20, 20, 60, 40), 90); // a grey panel on a black surround
        frames.Fill(0, new PixelRect(30, 30, 12, 8), 0); // a blackout inside it
        frames.Fill(0, new PixelRect(50, 30, 2, 2), 0); // too small to be a box

        List<PixelRect> boxes = PixelTextInspector.BlackBoxes(frames.RenderGray(0));

        Assert.Equal(new[] { new PixelRect(30, 30, 12, 8) }, boxes);
    }

    [Fact]
    public void CleanedUltrasoundFrames_AgreeWithTheRecheck_NoBox()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        using var inspector = new PixelTextInspector();
        foreach (int seed in new[] { 501, 502 })
        {
            UltrasoundScene scene = UltrasoundSceneGenerator.Generate(seed);
            var blacked = scene.Texts.Select(t => RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), 2 + (t.PixelHeight / 4)).ClipTo(scene.Width, scene.Height)).ToList();
            var frames = new SceneFrames(new[] { scene });
            frames.Blackout(0, blacked);
            using TesseractLineReader reader = TesseractLineReader.Create(null, null);
            var recheck = new TextRecheck(reader, RedactionTarget.AllText, Array.Empty<PixelRect>());

            List<PixelTextBox> boxes = inspector.InspectFrame(recheck, 0, frames.RenderGray(0), _ => true).ToList();

            Assert.True(boxes.Count == 0, FormattableString.Invariant($"seed {seed}: {string.Join("; ", boxes.Select(b => b.Evidence + " " + b.Box))}"));
        }
    }

    /// <summary>Reads every crop as the same words, confidently.</summary>
    private sealed class WordsReader : ILineReader
    {
        private readonly string[] _words;

        public WordsReader(params string[] words) => _words = words;

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight) =>
            _words.Select((t, i) => new TextWord(t, 92, i * 10, 0, 8, height)).ToList();

        public void Dispose()
        {
        }
    }
}
