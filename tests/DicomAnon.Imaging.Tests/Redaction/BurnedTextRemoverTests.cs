// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class BurnedTextRemoverTests
{
    private const byte Name = 130, Label = 170, ClockA = 210, ClockB = 250, Transient = 230;

    private static readonly DicomTag BurnedInAnnotation = new(0x0028, 0x0301);

    private static Dictionary<byte, string> Words() => new()
    {
        [Name] = "DOE^JANE",
        [Label] = "KIDNEY",
        [ClockA] = "10:00:01",
        [ClockB] = "10:00:02",
        [Transient] = "MRN4471902",
    };

    private static DicomFile Header() => TestHeaders.File(
        ("Modality", "US"), ("PatientName", "Doe^Jane"), ("PatientID", "MRN4471902"), ("BurnedInAnnotation", "YES"));

    private static BurnedTextRemover Remover(RedactionSettings s, FakeFrames frames, ITextFinder? finder = null) =>
        new(s, _ => frames, finder);

    [Fact]
    public void Apply_Regions_BlackOnEveryFrameAndNothingElse()
    {
        var frames = new FakeFrames(64, 48, 3, 99);
        var r = new PixelRect(10, 12, 20, 8);
        using var remover = Remover(new RedactionSettings { Regions = new[] { r }, UseKnownLocationRules = false }, frames);

        RedactionReport report = remover.Apply(Header());

        for (int i = 0; i < 3; i++)
        {
            Assert.True(frames.AllEqual(i, r, 0));
            Assert.Equal(64 * 48 - (20 * 8), frames.Frames[i].Count(v => v == 99));
            Assert.Equal(new[] { r }, report.PerFrame[i].Regions);
        }

        Assert.Equal(1, frames.Commits);
        Assert.Equal(3, report.FramesChanged);
    }

    [Fact]
    public void Apply_WithoutOcr_IsNotVerifiedAndLeavesBurnedInAnnotation()
    {
        var frames = new FakeFrames(64, 48, 1);
        DicomFile file = Header();
        using var remover = Remover(new RedactionSettings { Regions = new[] { new PixelRect(0, 0, 5, 5) } }, frames);

        RedactionReport report = remover.Apply(file);

        Assert.Equal(RedactionVerification.NotVerified, report.Verification);
        Assert.Equal(PixelOutcome.BlackedOutNotVerified, report.Outcome);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.False(report.OcrUsed);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
    }

    // Issue 9: with neither regions nor OCR and no rule for the device, the remover said "Cleaned" and changed nothing.
    [Fact]
    public void Apply_NothingToApply_IsNotCleanedWithAWarningAndChangesNothing()
    {
        var frames = new FakeFrames(64, 48, 2, 99);
        DicomFile file = Header();
        using var remover = Remover(new RedactionSettings(), frames);

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.NotCleaned, report.Outcome);
        Assert.Contains(report.Warnings, w => w.Contains("Nothing was applied", StringComparison.Ordinal));
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
        Assert.Equal(0, frames.Commits);
        Assert.All(frames.Frames[1], v => Assert.Equal(99, v));
    }

    // Issue 9: an SR, RT plan or PDF has no pixels: the remover leaves it alone instead of rejecting it.
    [Fact]
    public void Apply_NoPixelData_IsNoPixelDataAndLeavesTheDatasetAlone()
    {
        DicomFile file = TestHeaders.File(("Modality", "SR"), ("BurnedInAnnotation", "YES"));
        using var remover = new BurnedTextRemover(new RedactionSettings());

        RedactionReport report = remover.Apply(file);

        Assert.Equal(PixelOutcome.NoPixelData, report.Outcome);
        Assert.Equal(0, report.Frames);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
    }

    // Float pixel data is pixel data: it is refused, never reported as NoPixelData.
    [Fact]
    public void Apply_FloatPixelDataOnly_IsRefusedNotNoPixelData()
    {
        DicomFile file = TestHeaders.File(("Modality", "MR"));
        file.Dataset.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0008), DicomVR.OF, new byte[16], null));
        using var remover = new BurnedTextRemover(new RedactionSettings());

        var ex = Assert.Throws<global::DicomAnon.Imaging.Pixels.UnsupportedPixelDataException>(() => remover.Apply(file));

        Assert.Contains("Float Pixel Data", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RedactionVerification.Clean), false, PixelOutcome.NoTextFound)]
    [InlineData(nameof(RedactionVerification.Clean), true, PixelOutcome.Cleaned)]
    [InlineData(nameof(RedactionVerification.TextRemaining), true, PixelOutcome.TextRemains)]
    [InlineData(nameof(RedactionVerification.TextRemaining), false, PixelOutcome.TextRemains)]
    [InlineData(nameof(RedactionVerification.NotVerified), true, PixelOutcome.BlackedOutNotVerified)] // issue 10: regions, rules or a first pass without re-check prove nothing
    [InlineData(nameof(RedactionVerification.NotVerified), false, PixelOutcome.NotCleaned)]
    public void Decide_ClaimsOnlyWhatWasProven(string verification, bool changed, PixelOutcome expected)
    {
        Assert.Equal(expected, BurnedTextRemover.Decide(Enum.Parse<RedactionVerification>(verification), changed));
    }

    [Fact]
    public void Apply_RegionPartlyOutsideFrame_IsClipped()
    {
        var frames = new FakeFrames(64, 48, 1, 99);
        using var remover = Remover(new RedactionSettings { Regions = new[] { new PixelRect(50, 40, 100, 100) } }, frames);

        RedactionReport report = remover.Apply(Header());

        Assert.Equal(new[] { new PixelRect(50, 40, 14, 8) }, report.PerFrame[0].Regions);
    }

    [Fact]
    public void Apply_FrameRegions_OnlyTheirFrame_OutOfRangeWarns()
    {
        var frames = new FakeFrames(64, 48, 3, 99);
        var r = new PixelRect(1, 1, 4, 4);
        using var remover = Remover(new RedactionSettings { FrameRegions = new[] { new FrameRegion(1, r), new FrameRegion(7, r) } }, frames);

        RedactionReport report = remover.Apply(Header());

        Assert.True(frames.AllEqual(1, r, 0));
        Assert.True(frames.AllEqual(0, r, 99));
        Assert.True(frames.AllEqual(2, r, 99));
        Assert.Single(report.Warnings);
        Assert.Equal(1, report.FramesChanged);
    }

    [Fact]
    public void Apply_OutsideUltrasoundRegions_KeepsExactlyTheRegionBoxes()
    {
        var frames = new FakeFrames(100, 80, 2, 77);
        DicomFile file = Header();
        file.Dataset.Set(TestHeaders.UltrasoundRegions((10, 10, 49, 39), (40, 30, 89, 69)));
        using var remover = Remover(new RedactionSettings { OutsideUltrasoundRegions = true }, frames);

        remover.Apply(file);

        for (int f = 0; f < 2; f++)
        {
            for (int y = 0; y < 80; y++)
            {
                for (int x = 0; x < 100; x++)
                {
                    bool inside = (x >= 10 && x <= 49 && y >= 10 && y <= 39) || (x >= 40 && x <= 89 && y >= 30 && y <= 69);
                    Assert.Equal(inside ? 77 : 0, frames.Frames[f][(y * 100) + x]);
                }
            }
        }
    }

    [Fact]
    public void Apply_OutsideUltrasoundRegionsWithoutSequence_WarnsAndChangesNothing()
    {
        var frames = new FakeFrames(100, 80, 1, 77);
        using var remover = Remover(new RedactionSettings { OutsideUltrasoundRegions = true }, frames);

        RedactionReport report = remover.Apply(Header());

        Assert.Contains(report.Warnings, w => w.Contains("(0018,6011)", StringComparison.Ordinal));
        Assert.All(frames.Frames[0], v => Assert.Equal(77, v));
        Assert.Equal(0, frames.Commits);
    }

    [Fact]
    public void Apply_KnownLocationRule_BlacksTheLibraryRectangle()
    {
        var frames = new FakeFrames(640, 480, 1, 99);
        DicomFile file = Header();
        TestHeaders.Set(file.Dataset, "ManufacturerModelName", "LOGIQ9");
        using var remover = Remover(new RedactionSettings(), frames);

        RedactionReport report = remover.Apply(file);

        Assert.True(frames.AllEqual(0, new PixelRect(0, 0, 640, 40), 0));
        Assert.True(frames.AllEqual(0, new PixelRect(0, 40, 640, 440), 99));
        Assert.Single(report.RulesApplied);
        Assert.StartsWith("builtin:DicomPixelAnonymizer.script:", report.RulesApplied[0], StringComparison.Ordinal);
        // Issue 10: the rule says where this device usually puts its text; without a re-check nothing proves none is left.
        Assert.Equal(PixelOutcome.BlackedOutNotVerified, report.Outcome);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
        Assert.Contains(report.Warnings, w => w.Contains("Known-location rules", StringComparison.Ordinal) && w.Contains("stays as it was", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_KnownLocationRulesOff_LibraryIgnoredButUserRuleFileApplies()
    {
        string path = Path.Combine(Path.GetTempPath(), "dicomanon-rules-" + Guid.NewGuid().ToString("N") + ".script");
        File.WriteAllText(path, "Our cart\n{ Modality.equals(\"US\") * ManufacturerModelName.containsIgnoreCase(\"logiq\") }\n(0,0,10,10)\n");
        try
        {
            var frames = new FakeFrames(640, 480, 1, 99);
            DicomFile file = Header();
            TestHeaders.Set(file.Dataset, "ManufacturerModelName", "LOGIQ9");
            using var remover = Remover(new RedactionSettings { UseKnownLocationRules = false, RuleFiles = new[] { path } }, frames);

            RedactionReport report = remover.Apply(file);

            Assert.Equal(new[] { new PixelRect(0, 0, 10, 10) }, report.PerFrame[0].Regions);
            Assert.Equal(path + ":2 (Our cart)", Assert.Single(report.RulesApplied));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Constructor_BadRuleFile_ThrowsRuleSyntaxException()
    {
        string path = Path.Combine(Path.GetTempPath(), "dicomanon-rules-" + Guid.NewGuid().ToString("N") + ".script");
        File.WriteAllText(path, "{ Modality.equals(\"US\") }\n(0,0,10)\n");
        try
        {
            var ex = Assert.Throws<RuleSyntaxException>(() => new BurnedTextRemover(new RedactionSettings { RuleFiles = new[] { path } }));
            Assert.Equal(2, ex.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Constructor_OcrRequestedAndEngineMissing_ThrowsOcrEngineNotFound()
    {
        var settings = new RedactionSettings { UseOcr = true, TesseractLibraryPath = "/nonexistent/dicomanon/libtesseract.so.5" };

        var ex = Assert.Throws<OcrEngineNotFoundException>(() => new BurnedTextRemover(settings));

        Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
        Assert.Contains(ex.Reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoOcrRequested_DoesNotNeedTheEngine()
    {
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = false, TesseractLibraryPath = "/nonexistent/libtesseract.so" });

        Assert.False(remover.Settings.UseOcr);
    }

    [Fact]
    public void Apply_OcrAllText_BlacksPaddedWordsProvesCleanAndClearsBurnedInAnnotation()
    {
        var frames = new FakeFrames(120, 90, 1);
        var name = new PixelRect(10, 10, 40, 10);
        var label = new PixelRect(60, 60, 30, 10);
        frames.Fill(0, name, Name);
        frames.Fill(0, label, Label);
        DicomFile file = Header();
        var finder = new ColourCodedFinder(Words());
        using (var remover = Remover(new RedactionSettings { UseOcr = true, TextPadding = 2 }, frames, finder))
        {
            RedactionReport report = remover.Apply(file);

            // 10 px text: the margin grows with the text (2 + a quarter of its height = 5), above TextPadding 2.
            Assert.Equal(5, BurnedTextRemover.Margin(10, 2));
            Assert.True(frames.AllEqual(0, new PixelRect(5, 5, 50, 20), 0));
            Assert.True(frames.AllEqual(0, new PixelRect(55, 55, 40, 20), 0));
            Assert.Equal(120 * 90 - (50 * 20) - (40 * 20), frames.Frames[0].Count(v => v == 20));
            Assert.Equal(RedactionVerification.Clean, report.Verification);
            Assert.Equal(PixelOutcome.Cleaned, report.Outcome);
            Assert.True(report.BurnedInAnnotationCleared);
            Assert.True(report.OcrUsed);
            Assert.Empty(report.PerFrame[0].TextRemaining);
            Assert.Equal("NO", file.Dataset.GetString(BurnedInAnnotation));
            Assert.Equal(1, frames.Commits);
        }

        Assert.True(finder.Disposed);
    }

    [Fact]
    public void Apply_PhiOnly_BlacksTheNameAndKeepsTheLabel()
    {
        var frames = new FakeFrames(120, 90, 1);
        var name = new PixelRect(10, 10, 40, 10);
        var label = new PixelRect(60, 60, 30, 10);
        frames.Fill(0, name, Name);
        frames.Fill(0, label, Label);
        using var remover = Remover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly }, frames, new ColourCodedFinder(Words()));

        RedactionReport report = remover.Apply(Header());

        Assert.True(frames.AllEqual(0, name, 0));
        Assert.True(frames.AllEqual(0, label, Label));
        Assert.Equal(RedactionVerification.Clean, report.Verification); // the label is not PHI
    }

    [Fact]
    public void Apply_PhiOnlyAfterDeidentification_UnknownTextGoesEvenWithoutTheCapturedValues()
    {
        var name = new PixelRect(10, 10, 40, 10);
        var settings = new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly };

        DicomFile file = Header();
        PhiValues phi = PhiValues.Capture(file);
        file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, string.Empty); // de-identified header
        file.Dataset.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "PSEUDO01");

        var late = new FakeFrames(120, 90, 1);
        late.Fill(0, name, Name);
        using (var remover = Remover(settings, late, new ColourCodedFinder(Words())))
        {
            remover.Apply(file);
        }

        var captured = new FakeFrames(120, 90, 1);
        captured.Fill(0, name, Name);
        using (var remover = Remover(settings, captured, new ColourCodedFinder(Words())))
        {
            remover.Apply(file, phi);
        }

        // Not a label, so PHI whether or not the header still names the patient.
        Assert.True(late.AllEqual(0, name, 0));
        Assert.True(captured.AllEqual(0, name, 0));
    }

    [Fact]
    public void Apply_TextStillRead_ReportsBoxesAndKeepsBurnedInAnnotation()
    {
        var frames = new FakeFrames(120, 90, 1);
        var finder = new ColourCodedFinder(Words());
        finder.Stubborn.Add(new TextWord("GHOST", 95, 70, 5, 20, 10));
        DicomFile file = Header();
        using var remover = Remover(new RedactionSettings { UseOcr = true }, frames, finder);

        RedactionReport report = remover.Apply(file);

        Assert.Equal(RedactionVerification.TextRemaining, report.Verification);
        Assert.Equal(PixelOutcome.TextRemains, report.Outcome);
        Assert.Equal(new[] { RectangleMath.Pad(new PixelRect(70, 5, 20, 10), BurnedTextRemover.Margin(10, 3)) }, report.PerFrame[0].TextRemaining);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
        Assert.Equal(1, frames.Commits);
    }

    [Fact]
    public void Apply_UnconfirmedTextOnSpeckleTheRecheckCannotRead_IsNotBlackedButKeepsBurnedInAnnotation()
    {
        var frames = new FakeFrames(120, 90, 1);
        uint state = 12345;
        for (int y = 24; y < 72; y++)
        {
            for (int x = 24; x < 96; x++)
            {
                state = unchecked((state * 1103515245) + 12345);
                frames.Frames[0][(y * 120) + x] = (byte)(40 + ((state >> 16) % 80)); // speckle: no reserved value, no flat background
            }
        }

        byte[] before = (byte[])frames.Frames[0].Clone();
        var finder = new ColourCodedFinder(Words());
        finder.Stubborn.Add(new TextWord(string.Empty, 0, 40, 40, 30, 10) { Line = 0, Readable = false, Unconfirmed = true });
        DicomFile file = Header();
        using var remover = Remover(new RedactionSettings { UseOcr = true }, frames, finder); // a stand-in finder: the re-check has no reader

        RedactionReport report = remover.Apply(file);

        Assert.Equal(before, frames.Frames[0]); // nothing blacked out on a guess
        Assert.Equal(RedactionVerification.TextRemaining, report.Verification);
        Assert.True(report.UnclassifiedTextRemains);
        Assert.Contains(new PixelRect(40, 40, 30, 10), report.PerFrame[0].TextRemaining);
        Assert.Contains(report.Warnings, w => w.Contains("frame 0 at x=40, y=40", System.StringComparison.Ordinal));
        Assert.Equal("YES", file.Dataset.GetString(BurnedInAnnotation));
    }

    [Fact]
    public void ReviewImage_TextRemaining_WritesSideBySideNamedByOutputPath()
    {
        var frames = new FakeFrames(120, 90, 2);
        frames.Fill(1, new PixelRect(10, 10, 40, 10), Name);
        var finder = new ColourCodedFinder(Words());
        finder.Stubborn.Add(new TextWord("GHOST", 95, 70, 5, 20, 10));
        using var remover = Remover(new RedactionSettings { UseOcr = true, KeepReviewFrames = true }, frames, finder);
        RedactionReport report = remover.Apply(Header());
        string folder = System.IO.Directory.CreateTempSubdirectory("dicomanon-review-").FullName;
        try
        {
            IReadOnlyList<string> written = ReviewImage.Write(folder, "/out/us/Doe-free name.dcm", report);

            Assert.Equal(2, written.Count);
            Assert.Equal("out_us_Doe-free name.dcm.f0.review.png", System.IO.Path.GetFileName(written[0]));
            using var png = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(written[1]);
            Assert.Equal((2 * 120) + 8, png.Width);
            Assert.Equal(Name, png[20, 15].R); // before: the name is still there on the left
            Assert.Equal(0, png[120 + 8 + 20, 15].R); // after: blacked out on the right
            Assert.Equal(new SixLabors.ImageSharp.PixelFormats.Rgb24(255, 255, 0), png[120 + 8 + 65, 0]); // remaining text outlined
        }
        finally
        {
            System.IO.Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Apply_RecheckOff_IsNotVerified()
    {
        var frames = new FakeFrames(120, 90, 1);
        frames.Fill(0, new PixelRect(10, 10, 40, 10), Name);
        var finder = new ColourCodedFinder(Words());
        using var remover = Remover(new RedactionSettings { UseOcr = true, Recheck = false }, frames, finder);

        RedactionReport report = remover.Apply(Header());

        Assert.Equal(RedactionVerification.NotVerified, report.Verification);
        Assert.Equal(PixelOutcome.BlackedOutNotVerified, report.Outcome);
        Assert.False(report.BurnedInAnnotationCleared);
        Assert.Equal(1, finder.Calls);
    }

    [Fact]
    public void Apply_LowConfidencePunctuationOnlyAndGiantWords_AreIgnored()
    {
        var frames = new FakeFrames(200, 150, 1, 99);
        var finder = new ColourCodedFinder(new Dictionary<byte, string>());
        finder.Stubborn.Add(new TextWord("XQ7", 5, 10, 10, 20, 10));
        finder.Stubborn.Add(new TextWord("~-.", 95, 40, 40, 20, 10));
        finder.Stubborn.Add(new TextWord("W1ll1", 80, 0, 0, 200, 150)); // garbage "word" over the whole image
        using var remover = Remover(new RedactionSettings { UseOcr = true }, frames, finder);

        RedactionReport report = remover.Apply(Header());

        Assert.All(frames.Frames[0], v => Assert.Equal(99, v));
        Assert.Equal(RedactionVerification.Clean, report.Verification);
        Assert.Equal(PixelOutcome.NoTextFound, report.Outcome);
        Assert.Equal(0, frames.Commits);
    }

    /// <summary>
    /// A 40-frame cine: static name and label, a clock that changes every frame, an ID shown only in frames
    /// 15-19 (none of them sampled), and anatomy that changes everywhere in a large region.
    /// </summary>
    private static (FakeFrames Frames, byte[][] Original) Cine()
    {
        var frames = new FakeFrames(200, 160, 40);
        var rng = new Random(1234);
        for (int f = 0; f < 40; f++)
        {
            for (int y = 40; y < 150; y++)
            {
                for (int x = 60; x < 180; x++)
                {
                    frames.Frames[f][(y * 200) + x] = (byte)rng.Next(0, 91);
                }
            }

            frames.Fill(f, CineName, Name);
            frames.Fill(f, CineLabel, Label);
            frames.Fill(f, CineClock, f % 2 == 0 ? ClockA : ClockB);
            if (f >= 15 && f <= 19)
            {
                frames.Fill(f, CineTransient, Transient);
            }
        }

        return (frames, frames.Snapshot());
    }

    private static readonly PixelRect CineName = new(5, 5, 40, 10);
    private static readonly PixelRect CineLabel = new(5, 20, 30, 10);
    private static readonly PixelRect CineClock = new(150, 5, 40, 10);
    private static readonly PixelRect CineTransient = new(5, 140, 40, 10);
    private static readonly PixelRect CineAnatomy = new(60, 40, 120, 110);

    [Fact]
    public void Apply_Cine_EveryWordOfEveryFrameIsBlackedWithFewerWholeFrameReads()
    {
        (FakeFrames frames, byte[][] original) = Cine();
        var finder = new ColourCodedFinder(Words());
        using var remover = Remover(new RedactionSettings { UseOcr = true, Recheck = false }, frames, finder);

        RedactionReport report = remover.Apply(Header());

        for (int f = 0; f < 40; f++)
        {
            Assert.True(frames.AllEqual(f, CineName, 0), $"name, frame {f}");
            Assert.True(frames.AllEqual(f, CineLabel, 0), $"label, frame {f}");
            Assert.True(frames.AllEqual(f, CineClock, 0), $"clock, frame {f}");
            if (f >= 15 && f <= 19)
            {
                Assert.True(frames.AllEqual(f, CineTransient, 0), $"transient, frame {f}");
            }
            else
            {
                Assert.True(frames.AllEqual(f, CineTransient, 20), $"no transient box, frame {f}");
            }

            for (int y = CineAnatomy.Y; y < CineAnatomy.Bottom; y++)
            {
                for (int x = CineAnatomy.X; x < CineAnatomy.Right; x++)
                {
                    Assert.Equal(original[f][(y * 200) + x], frames.Frames[f][(y * 200) + x]);
                }
            }
        }

        Assert.Equal(40, report.PerFrame.Count);
    }

    [Fact]
    public void Apply_CineWithRecheck_ProvesClean()
    {
        (FakeFrames frames, _) = Cine();

        // The independent re-check reads candidate lines on the noise with its own reader: one that sees no words there.
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true }, _ => frames, new ColourCodedFinder(Words()), new SilentLineReader());

        RedactionReport report = remover.Apply(Header());

        Assert.Equal(RedactionVerification.Clean, report.Verification);
        Assert.All(report.PerFrame, p => Assert.Empty(p.TextRemaining));
    }

    [Fact]
    public void Apply_CinePhiOnly_BlacksNameAndTransientIdOnly()
    {
        (FakeFrames frames, _) = Cine();
        using var remover = Remover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly }, frames, new ColourCodedFinder(Words()));

        remover.Apply(Header());

        for (int f = 0; f < 40; f++)
        {
            Assert.True(frames.AllEqual(f, CineName, 0), $"name, frame {f}");
            Assert.True(frames.AllEqual(f, CineLabel, Label), $"label, frame {f}");
            Assert.True(frames.AllEqual(f, CineClock, 0), $"clock (a time is not a label), frame {f}");
            Assert.True(frames.AllEqual(f, CineTransient, (byte)(f >= 15 && f <= 19 ? 0 : 20)), $"transient, frame {f}");
        }
    }

    [Fact]
    public void Apply_Cine_ExaminesEveryFrame()
    {
        (FakeFrames frames, _) = Cine();
        var finder = new ColourCodedFinder(Words());
        using var remover = Remover(new RedactionSettings { UseOcr = true, Recheck = false }, frames, finder);

        RedactionReport report = remover.Apply(Header());

        Assert.Equal(40, finder.Calls);
        Assert.Equal(40, report.OcrCalls);
    }

    [Fact]
    public void UltrasoundRegions_MaxCoordinatesAreInclusive()
    {
        var ds = new DicomDataset();
        ds.Set(TestHeaders.UltrasoundRegions((10, 20, 109, 219)));

        Assert.Equal(new[] { new PixelRect(10, 20, 100, 200) }, BurnedTextRemover.UltrasoundRegions(ds));
    }
}
