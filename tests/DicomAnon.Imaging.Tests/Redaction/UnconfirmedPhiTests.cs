// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Text on speckle that OCR would not vouch for is blacked out when its reading is the file's own PHI.</summary>
public sealed class UnconfirmedPhiTests
{
    private static readonly PixelRect Time = new(40, 20, 30, 9);
    private static readonly PixelRect Speckle = new(40, 50, 40, 9);

    [Theory]
    [InlineData("AllText")]
    [InlineData("PhiOnly")]
    public void Apply_UnvouchedReadingOfTheFilesTime_IsBlacked_OtherUnvouchedReadingsAreNot(string target)
    {
        var frames = new FakeFrames(160, 90, 1, 70);
        byte[] before = frames.Snapshot()[0];
        var finder = new FixedFinder(
            new TextWord("09:02", 30, Time.X, Time.Y, Time.Width, Time.Height) { Line = 0, TextHeight = 9, Readable = false, Unconfirmed = true, LineBox = Time },
            new TextWord("Kdw7r", 30, Speckle.X, Speckle.Y, Speckle.Width, Speckle.Height) { Line = 1, TextHeight = 9, Readable = false, Unconfirmed = true, LineBox = Speckle });
        var settings = new RedactionSettings { UseOcr = true, Recheck = false, Target = System.Enum.Parse<RedactionTarget>(target) };
        using var remover = new BurnedTextRemover(settings, _ => frames, finder);

        remover.Apply(TestHeaders.File(("Modality", "US"), ("StudyTime", "085500"), ("AcquisitionTime", "090212"), ("BurnedInAnnotation", "YES")));

        Assert.True(frames.AllEqual(0, Time, 0), "the clock read without confidence");
        Assert.True(frames.AllEqual(0, Speckle, 70), "speckle whose reading is no identifier");
        Assert.Equal(before[(Speckle.Y * 160) + Speckle.X], frames.Frames[0][(Speckle.Y * 160) + Speckle.X]);
    }

    [Fact]
    public void ShowsPhi_ShortReadings_AreNoEvidence()
    {
        PhiValues phi = PhiValues.Capture(TestHeaders.File(("PatientName", "Li^Bo"), ("PatientID", "A12")).Dataset);

        Assert.False(BurnedTextRemover.ShowsPhi(new TextWord("A12", 20, 0, 0, 10, 5), phi));
        Assert.False(BurnedTextRemover.ShowsPhi(new TextWord("LI", 20, 0, 0, 10, 5), phi));
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
