// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
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

    /// <summary>Every 4th image plus one clip (the command-line OCR spawns processes: about 5 minutes).</summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public void Orchestration_WithTesseractCli_RedactsPhiBoxesOfTheSyntheticSet()
    {
        Assert.True(SyntheticImages.ConvertAvailable && TesseractCliFinder.Available, "convert, DejaVu fonts and tesseract are needed");
        var total = new AccuracyFigures();
        foreach (SyntheticImage image in Enumerable.Range(0, 64).Where(i => i % 4 == 0 || i == 7).Select(SyntheticImages.BuildOne))
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

    /// <summary>
    /// Multi-frame strategy on 12-frame clips, AllText: static text and a clock that changes every frame
    /// must be blacked out in every frame, with far fewer whole-frame OCR reads than frames.
    /// </summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public void Orchestration_WithTesseractCli_ClipsStaticAndChangingTextInEveryFrame()
    {
        Assert.True(SyntheticImages.ConvertAvailable && TesseractCliFinder.Available, "convert, DejaVu fonts and tesseract are needed");
        int clockBoxes = 0, clockRedacted = 0, allBoxes = 0, allRedacted = 0;
        foreach (SyntheticImage image in new[] { 7, 23, 47 }.Select(SyntheticImages.BuildOne))
        {
            var frames = new SyntheticFrameSource(image);
            var before = Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, new TesseractCliFinder());

            RedactionReport report = remover.Apply(image.ToNativeFile());

            var after = Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
            for (int f = 0; f < frames.Count; f++)
            {
                foreach (TextItem t in image.Text[f])
                {
                    long black = 0;
                    for (int y = t.Box.Y; y < t.Box.Bottom; y++)
                    {
                        for (int x = t.Box.X; x < t.Box.Right; x++)
                        {
                            black += after[f].Pixels[(y * image.Columns) + x] <= AccuracyHarness.BlackLevel ? 1 : 0;
                        }
                    }

                    bool redacted = black * 10 >= t.Box.Area * 9;
                    allBoxes++;
                    allRedacted += redacted ? 1 : 0;
                    if (t.Text.StartsWith("10:4", System.StringComparison.Ordinal))
                    {
                        clockBoxes++;
                        clockRedacted += redacted ? 1 : 0;
                    }
                }
            }

            AccuracyFigures fig = AccuracyHarness.Score(image, before, after, report, 0, 0);
            _output.WriteLine($"{image.Name}: {fig}; OCR calls {report.OcrCalls}; {report.Verification}");
            Assert.Equal(0, fig.PixelsChangedOutside);
        }

        _output.WriteLine($"clips: all text {allRedacted}/{allBoxes}, running clock {clockRedacted}/{clockBoxes}");
        Assert.True(allRedacted >= allBoxes * 9 / 10, $"{allRedacted}/{allBoxes}");
        Assert.True(clockRedacted >= clockBoxes * 9 / 10, $"{clockRedacted}/{clockBoxes}");
    }
}
