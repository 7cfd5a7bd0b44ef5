// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10: a re-check independent of the first pass, and Burned In Annotation NO only when it proves the frames clean.</summary>
public sealed class TextRecheckTests
{
    private const byte Panel = 60;
    private static readonly DicomTag BurnedInAnnotation = new(0x0028, 0x0301);

    private static DicomFile Header() => TestHeaders.File(("Modality", "US"), ("PatientName", "Doe^Jane"), ("BurnedInAnnotation", "YES"));

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void FirstPassMissesAnOutlinedName_TextRemainsWithFrameAndBoxNamed(string targetName)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        var frames = new FakeFrames(320, 200, 2, Panel);
        PixelBox name = DrawOutlined(frames, 1, "DOE JANE", 30, 120, 18);
        DicomFile file = Header();

        // The first pass finds nothing: the name is missed, as an outlined face was on main.
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => frames, new ColourCodedFinder(new Dictionary<byte, string>()));
        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.TextRemains, report.Outcome);
        Assert.Equal(RedactionVerification.TextRemaining, report.Verification);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
        Assert.Empty(report.PerFrame[0].TextRemaining);
        PixelRect named = Assert.Single(report.PerFrame[1].TextRemaining);
        Assert.True(RectangleMath.IntersectionArea(named, new PixelRect(name.X, name.Y, name.Width, name.Height)) * 2 > (long)name.Width * name.Height);
        string warning = Assert.Single(report.Warnings, w => w.Contains("independent re-check", StringComparison.Ordinal));
        Assert.Contains(FormattableString.Invariant($"frame 1 at x={named.X}, y={named.Y}"), warning, StringComparison.Ordinal);
        Assert.DoesNotContain("DOE", string.Join(" ", report.Warnings), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BlackoutCutThroughALine_TheRestIsFound()
    {
        var frames = new FakeFrames(320, 200, 1, 0);
        PixelBox line = DrawOutlined(frames, 0, "NGUYEN LUCAS", 20, 40, 20);
        var first = new PixelRect(line.X, line.Y, line.Width / 2, line.Height); // the first pass covered half of it
        frames.Fill(0, first, 0);
        var recheck = new TextRecheck(null, RedactionTarget.AllText, Array.Empty<PixelRect>());

        List<RecheckFinding> findings = recheck.Check(0, new GrayImage(320, 200, frames.Frames[0]), new[] { first });

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.True(RectangleMath.Intersects(f.Box, new PixelRect(line.X, line.Y, line.Width, line.Height))));
    }

    [Theory]
    [InlineData("17cm", 65f, true)] // a depth with its unit is never an identifier, read less surely
    [InlineData("5MHz", 55f, true)]
    [InlineData("£12-3", 92f, true)] // L read as a pound sign
    [InlineData("MRN12", 65f, false)]
    [InlineData("17", 55f, false)] // a bare number needs the label confidence
    [InlineData("DOE", 95f, false)]
    public void RecheckLabels_ForgivesOnlyWhatNoIdentifierLooksLike(string text, float confidence, bool label) =>
        Assert.Equal(label, RecheckLabels.IsLabelLine(new[] { new TextWord(text, confidence, 0, 0, 30, 12) }, false));

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void CleanedUltrasoundFrames_NoFinding(string targetName)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        using TesseractLineReader reader = TesseractLineReader.Create(null, null);
        foreach (int seed in new[] { 501, 502, 503, 504 })
        {
            // Every text line blacked out with a margin: what a perfect first pass leaves, speckle and Doppler included.
            UltrasoundScene scene = UltrasoundSceneGenerator.Generate(seed);
            var blacked = scene.Texts.Select(t => RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), 2 + (t.PixelHeight / 4)).ClipTo(scene.Width, scene.Height)).ToList();
            var frames = new SceneFrames(new[] { scene });
            frames.Blackout(0, blacked);
            var recheck = new TextRecheck(reader, target, new[] { new PixelRect(scene.SectorBox.X, scene.SectorBox.Y, scene.SectorBox.Width, scene.SectorBox.Height) });

            List<RecheckFinding> findings = recheck.Check(0, frames.RenderGray(0), blacked);

            Assert.True(findings.Count == 0, FormattableString.Invariant($"seed {seed}: {string.Join("; ", findings.Select(f => f.Evidence + " " + f.Box))}"));
        }
    }

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void BoxStoppingWhereTheLastLetterRunsOntoSpeckle_TheLetterIsFound(string targetName)
    {
        // Seed 7531 at 800x600 (the diagnosis set's file 31, not held out): the institution line's last letter, an
        // italic L, runs onto the sector's speckle; a box that stops at the speckle leaves its stem and foot.
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        using TesseractLineReader reader = TesseractLineReader.Create(null, null);
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(7531, 800, 600, 7531, UltrasoundSceneGenerator.Faces);
        SceneText line = Assert.Single(scene.Texts, t => t.Text == "NORTHGATE MEDICAL");
        var shortBox = new PixelRect(0, line.Box.Y - 8, line.Box.Right - 18, line.Box.Height + 16);
        var blacked = scene.Texts.Where(t => t != line).Select(t => RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), 2 + (t.PixelHeight / 4)).ClipTo(scene.Width, scene.Height)).Append(shortBox).ToList();
        var frames = new SceneFrames(new[] { scene });
        frames.Blackout(0, blacked);
        var recheck = new TextRecheck(reader, target, Array.Empty<PixelRect>());

        List<RecheckFinding> findings = recheck.Check(0, frames.RenderGray(0), blacked);

        var rest = new PixelRect(shortBox.Right, line.Box.Y, line.Box.Right - shortBox.Right, line.Box.Height);
        Assert.Contains(findings, f => RectangleMath.Intersects(f.Box, rest));
    }

    [Fact]
    public void FirstPassLeavingTheLastLetterOnSpeckle_BurnedInAnnotationStaysYes()
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(7531, 800, 600, 7531, UltrasoundSceneGenerator.Faces);
        var frames = new SceneFrames(new[] { scene });
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.AllText, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        RedactionReport report = remover.Apply(SceneFrames.Header(scene, false));

        bool phiLeft = scene.Texts.Where(t => t.IsPhi).Any(t => Enumerable.Range(t.Box.Y, t.Box.Height).Any(y => Enumerable.Range(t.Box.X, t.Box.Width).Any(x => !frames.IsBlack(0, x, y))));
        Assert.False(phiLeft && report.BurnedInAnnotationCleared, "Burned In Annotation NO while a PHI box still has unblacked pixels");
    }

    [Fact]
    public void PhiOnly_ARowReadAsLabels_IsNotReported_OtherTextIs()
    {
        var frames = new FakeFrames(320, 200, 1, 0);
        DrawOutlined(frames, 0, "TIS 0.4 MI 1.1", 20, 40, 16);
        var image = new GrayImage(320, 200, frames.Frames[0]);

        var labels = new TextRecheck(new FixedReader("TIS", "0.4", "MI", "1.1"), RedactionTarget.PhiOnly, Array.Empty<PixelRect>());
        var name = new TextRecheck(new FixedReader("DOE", "JANE"), RedactionTarget.PhiOnly, Array.Empty<PixelRect>());
        var allText = new TextRecheck(new FixedReader("TIS", "0.4", "MI", "1.1"), RedactionTarget.AllText, Array.Empty<PixelRect>());

        Assert.Empty(labels.Check(0, image, Array.Empty<PixelRect>()));
        Assert.Equal(RecheckEvidence.TextLikeInk, Assert.Single(name.Check(0, image, Array.Empty<PixelRect>())).Evidence);
        Assert.Single(allText.Check(0, image, Array.Empty<PixelRect>()));
    }

    [Fact]
    public void WithoutOcr_BurnedInAnnotationIsNeverNo()
    {
        var frames = new FakeFrames(64, 48, 1, Panel);
        DicomFile file = Header();
        using var remover = new BurnedTextRemover(new RedactionSettings { Regions = new[] { new PixelRect(0, 0, 10, 10) }, UseKnownLocationRules = false }, _ => frames, null);

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.BlackedOutNotVerified, report.Outcome);
        Assert.Equal(RedactionVerification.NotVerified, report.Verification);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
    }

    [Fact]
    public void OcrWithoutRecheck_FoundNothing_IsNotProvenClean()
    {
        var frames = new FakeFrames(64, 48, 1, Panel);
        DicomFile file = Header();
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Recheck = false, UseKnownLocationRules = false }, _ => frames, new ColourCodedFinder(new Dictionary<byte, string>()));

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.NotCleaned, report.Outcome);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
        Assert.Contains(report.Warnings, w => w.Contains("no re-check ran", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyFrameWithRecheck_IsNoTextFound()
    {
        var frames = new FakeFrames(64, 48, 1, Panel);
        DicomFile file = Header();
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, new ColourCodedFinder(new Dictionary<byte, string>()));

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.NoTextFound, report.Outcome);
        Assert.Equal("NO", file.Dataset.GetString(BurnedInAnnotation));
    }

    [Fact]
    public void PhiOnly_TextInsideALineTheFirstPassKeptAsLabels_IsNotReported_TextBeyondItIs()
    {
        // Issue 10 item 2: the re-check reported the labels the PHI-only pass kept, because its own reading of them
        // (here: a reader that reads nothing it knows) differed. A line the first pass classified is not unclassified text.
        var frames = new FakeFrames(320, 200, 1, 0);
        PixelBox label = DrawOutlined(frames, 0, "TIS 0.4", 20, 40, 16);
        PixelBox beyond = DrawOutlined(frames, 0, "DOE JANE", 20, 120, 16);
        var image = new GrayImage(320, 200, frames.Frames[0]);
        var kept = new[] { new PixelRect(label.X + 1, label.Y + 1, label.Width - 2, label.Height - 2) }; // OCR word boxes sit inside the ink
        var recheck = new TextRecheck(new FixedReader("qzx", "$#"), RedactionTarget.PhiOnly, Array.Empty<PixelRect>());

        List<RecheckFinding> findings = recheck.Check(0, image, Array.Empty<PixelRect>(), kept);

        RecheckFinding finding = Assert.Single(findings);
        Assert.True(RectangleMath.Intersects(finding.Box, new PixelRect(beyond.X, beyond.Y, beyond.Width, beyond.Height)));
        Assert.Contains(recheck.Labels, l => RectangleMath.Intersects(l, new PixelRect(label.X, label.Y, label.Width, label.Height)));

        // A kept span that does not reach the line's end does not vouch for the rest of it.
        var partial = new[] { new PixelRect(label.X, label.Y, label.Width / 3, label.Height) };
        Assert.Equal(2, recheck.Check(0, image, Array.Empty<PixelRect>(), partial).Count);
    }

    [Fact]
    public void AllText_ANumberAfterABlackedLabelWord_IsNamedAsTheRestOfTheLine()
    {
        // Issue 10 item 2 ("Persist 3" -> "3"): the first pass blacked out the word but not the number after it.
        var frames = new FakeFrames(320, 120, 1, Panel);
        PixelBox word = DrawFlat(frames, 0, "Persist", 20, 40, 16, 200);
        PixelBox number = DrawFlat(frames, 0, "3", word.X + word.Width + 10, 40, 16, 201);
        DicomFile file = Header();
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.AllText, UseKnownLocationRules = false }, _ => frames, new ColourCodedFinder(new Dictionary<byte, string> { [200] = "Persist" }));

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.TextRemains, report.Outcome);
        Assert.Contains(report.PerFrame[0].TextRemaining, r => RectangleMath.Intersects(r, new PixelRect(number.X, number.Y, number.Width, number.Height)));
        Assert.Contains(report.Warnings, w => w.Contains("the rest of a line beside a blacked-out box", StringComparison.Ordinal));
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
    }

    [Theory]
    [InlineData(0.3, true)] // blobs climbing along a bright oblique reflector
    [InlineData(-0.25, true)]
    [InlineData(0.0, false)] // a level row, however tall its box
    [InlineData(0.05, false)] // hardly sloping: could be text drawn on a slightly tilted scan
    public void IsOblique_SpeckleAlongASlopedLine_NotLevelText(double slope, bool oblique)
    {
        const int th = 8, w = 120, h = 48;
        byte[] ink = Enumerable.Repeat((byte)255, w * h).ToArray();
        for (int blob = 0; blob < 10; blob++)
        {
            int x0 = 4 + (blob * 11);
            int y0 = (slope >= 0 ? 4 : 40 - th) + (int)Math.Round(slope * x0) + (slope == 0 ? 16 + (blob % 3 * 3) : 0); // level: capitals and descenders
            for (int y = y0; y < y0 + th; y++)
            {
                for (int x = x0; x < x0 + 6; x++)
                {
                    ink[(y * w) + x] = 0;
                }
            }
        }

        var c = new TextLineCandidate(new PixelRect(0, 0, w, h), th, true, 10, 100, true, new PixelRect(0, 0, w, h), ink);

        Assert.Equal(oblique, TextRecheck.IsOblique(c));
    }

    /// <summary>Letters of one flat grey (no anti-aliasing), drawn on frame <paramref name="frame"/>; the box of every pixel changed.</summary>
    private static PixelBox DrawFlat(FakeFrames frames, int frame, string text, int x, int y, int px, byte value)
    {
        GrayTextImage glyphs = TextImageRenderer.Render(frames.Columns, frames.Rows, new Background(0), new[] { new TextSpec(text, x, y, px, true) });
        int w = frames.Columns;
        int x0 = w, y0 = frames.Rows, x1 = -1, y1 = -1;
        for (int i = 0; i < glyphs.Pixels.Length; i++)
        {
            if (glyphs.Pixels[i] >= 128)
            {
                frames.Frames[frame][i] = value;
                x0 = Math.Min(x0, i % w);
                y0 = Math.Min(y0, i / w);
                x1 = Math.Max(x1, i % w);
                y1 = Math.Max(y1, i / w);
            }
        }

        return new PixelBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>White letters with a black one-pixel outline, drawn on frame <paramref name="frame"/>; the box of every pixel changed.</summary>
    private static PixelBox DrawOutlined(FakeFrames frames, int frame, string text, int x, int y, int px)
    {
        GrayTextImage glyphs = TextImageRenderer.Render(frames.Columns, frames.Rows, new Background(0), new[] { new TextSpec(text, x, y, px, true) });
        int w = frames.Columns, h = frames.Rows;
        byte[] target = frames.Frames[frame];
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int yy = 1; yy < h - 1; yy++)
        {
            for (int xx = 1; xx < w - 1; xx++)
            {
                int a = glyphs.Pixels[(yy * w) + xx];
                int around = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        around = Math.Max(around, glyphs.Pixels[((yy + dy) * w) + xx + dx]);
                    }
                }

                if (around < 64)
                {
                    continue;
                }

                target[(yy * w) + xx] = a >= 128 ? (byte)255 : (byte)0;
                x0 = Math.Min(x0, xx);
                y0 = Math.Min(y0, yy);
                x1 = Math.Max(x1, xx);
                y1 = Math.Max(y1, yy);
            }
        }

        return new PixelBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>Reads every crop as the same words, confidently.</summary>
    private sealed class FixedReader : ILineReader
    {
        private readonly string[] _words;

        public FixedReader(params string[] words) => _words = words;

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight) =>
            _words.Select((t, i) => new TextWord(t, 92, i * 10, 0, 8, height)).ToList();

        public void Dispose()
        {
        }
    }
}
