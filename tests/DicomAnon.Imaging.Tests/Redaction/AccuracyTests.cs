// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Ocr;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Accuracy of the orchestration with a real OCR engine (tesseract command line) on the synthetic set,
/// without pixel codecs. The integration variant (real PixelFrames + TextDetector, all syntaxes) is in
/// <see cref="RedactionIntegrationTests"/>.
/// </summary>
public sealed class AccuracyTests
{
    private readonly ITestOutputHelper _output;

    public AccuracyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void SyntheticSet_HasAtLeast60ImagesCoveringTheMatrix()
    {
        Assert.True(SyntheticImages.ConvertAvailable, "ImageMagick convert and DejaVu fonts are needed");
        List<SyntheticImage> set = SyntheticImages.Build();

        Assert.True(set.Count >= 60);
        Assert.Contains(set, s => s.Colour);
        Assert.Contains(set, s => !s.Colour);
        Assert.Contains(set, s => s.Frames.Length > 1);
        Assert.Contains(set, s => s.LightOnDark);
        Assert.Contains(set, s => !s.LightOnDark);
        Assert.Equal(new[] { "jpeg-baseline", "jpeg-lossless", "native", "rle" }, set.Select(s => s.Syntax).Distinct().OrderBy(s => s, System.StringComparer.Ordinal));
        Assert.Equal(10, set.Select(s => s.FontPixels).Distinct().Count());
        Assert.All(set, s => Assert.All(s.Text.SelectMany(t => t), t => Assert.True(t.Box.Area > 0, s.Name + " " + t.Text)));
    }

    [Fact]
    public void Orchestration_WithTesseractCli_RedactsPhiBoxesOfTheSyntheticSet()
    {
        Assert.True(SyntheticImages.ConvertAvailable && TesseractCliFinder.Available, "convert, DejaVu fonts and tesseract are needed");
        var total = new AccuracyFigures();
        foreach (SyntheticImage image in SyntheticImages.Build())
        {
            var frames = new SyntheticFrameSource(image);
            var before = Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false }, _ => frames, new TesseractCliFinder());

            RedactionReport report = remover.Apply(image.ToNativeFile());

            var after = Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
            AccuracyFigures fig = AccuracyHarness.Score(image, before, after, report, 0, 0);
            _output.WriteLine(image.Name + ": " + fig + " verification " + report.Verification);
            total.Add(fig);
        }

        _output.WriteLine("TOTAL: " + total);
        foreach (string m in total.Missed)
        {
            _output.WriteLine("missed " + m);
        }

        Assert.Equal(0, total.PixelsChangedOutside);
        Assert.Equal(0, total.ClaimedButNotBlack);
        Assert.True(total.PhiRecall >= 0.90, total.ToString());
        Assert.True(total.FalseBlackoutPercent <= 2.0, total.ToString());
    }
}
