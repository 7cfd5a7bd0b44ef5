// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 item 3, PHI-only: a line is kept only when it is read, across its whole ink, as label vocabulary. A
/// reading that stops short of the line's ink ("L12-3 Vasc" read, a name after it not read) leaves that ink
/// unclassified, and it goes.
/// </summary>
public sealed class PhiOnlyKeepTests
{
    private const byte Ink = 200;

    [Fact]
    public void Apply_PhiOnly_LabelReadOnlyOverPartOfItsInk_TheLineGoes()
    {
        var frames = new FakeFrames(200, 40, 1);
        var ink = new PixelRect(10, 10, 170, 12);
        frames.Fill(0, ink, Ink);
        var finder = new PartReadingFinder(ink);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false }, _ => frames, finder);

        remover.Apply(TestHeaders.File(("Modality", "US"), ("PatientName", "Doe^Jane")));

        // The unread part of the line (after "Vasc") is blacked out, not kept as part of a label line.
        Assert.True(frames.AllEqual(0, new PixelRect(120, 10, 60, 12), 0));
    }

    [Fact]
    public void Apply_PhiOnly_LabelReadAcrossItsInk_IsKept()
    {
        var frames = new FakeFrames(200, 40, 1);
        var ink = new PixelRect(10, 10, 96, 12);
        frames.Fill(0, ink, Ink);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false }, _ => frames, new PartReadingFinder(ink));

        remover.Apply(TestHeaders.File(("Modality", "US"), ("PatientName", "Doe^Jane")));

        Assert.True(frames.AllEqual(0, ink, Ink));
    }

    /// <summary>Reads "L12-3 Vasc" over the first 96 px of a line of ink while the ink is there, whatever the line's length.</summary>
    private sealed class PartReadingFinder : ITextFinder
    {
        private readonly PixelRect _line;

        public PartReadingFinder(PixelRect line) => _line = line;

        public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
        {
            if (image.Pixels[(_line.Y * image.Width) + _line.X] != Ink)
            {
                return new List<TextWord>();
            }

            return new List<TextWord>
            {
                new("L12-3", 91, _line.X, _line.Y, 50, _line.Height) { Line = 0, TextHeight = _line.Height, LineBox = _line },
                new("Vasc", 91, _line.X + 56, _line.Y, 40, _line.Height) { Line = 0, TextHeight = _line.Height, LineBox = _line },
            };
        }

        public void Dispose()
        {
        }
    }
}
