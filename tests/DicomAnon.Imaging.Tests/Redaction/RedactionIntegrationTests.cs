// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// End-to-end with the real PixelFrames (all syntaxes) and the real Tesseract TextDetector. These tests need
/// the imaging and OCR branches (and the Part 10 reader for the dcmtk-encoded files): they fail until the
/// lead merges them, by design; they are written to pass with correct implementations.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedactionIntegrationTests
{
    private readonly ITestOutputHelper _output;

    public RedactionIntegrationTests(ITestOutputHelper output) => _output = output;

    /// <summary>The image as a DicomFile in its syntax: native in memory; others encoded by dcmtk and read with DicomFile.Open.</summary>
    internal static DicomFile Encode(SyntheticImage image, string folder)
    {
        DicomFile native = image.ToNativeFile();
        if (image.Syntax == "native")
        {
            return native;
        }

        string src = Path.Combine(folder, image.Name + ".native.dcm");
        string dst = Path.Combine(folder, image.Name + "." + image.Syntax + ".dcm");
        MiniPart10Writer.Write(native, src);
        (string tool, string args) = image.Syntax switch
        {
            "rle" => ("dcmcrle", string.Empty),
            "jpeg-baseline" => ("dcmcjpeg", "+eb"),
            _ => ("dcmcjpeg", "+e1"),
        };
        Assert.True(SyntheticImages.Run(tool, args + " \"" + src + "\" \"" + dst + "\"", out string error), tool + ": " + error);
        return DicomFile.Open(dst);
    }

    private static List<GrayImage> Render(DicomFile file)
    {
        PixelFrames frames = PixelFrames.Open(file);
        return Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
    }

    [Fact]
    public void RegionsOnly_EverySyntax_BlacksExactlyTheRegionAndNothingElse()
    {
        string folder = Directory.CreateTempSubdirectory("dicomanon-redact-").FullName;
        try
        {
            foreach (int index in new[] { 0, 2, 4, 6, 1, 3, 5, 7 }) // gray and colour, all four syntaxes, one clip
            {
                SyntheticImage image = SyntheticImages.BuildOne(index);
                DicomFile file = Encode(image, folder);
                List<GrayImage> before = Render(file);
                var region = new PixelRect(32, 48, 64, 32); // block-aligned: exact for the DCT-domain blackout too
                using var remover = new BurnedTextRemover(new RedactionSettings { Regions = new[] { region }, UseKnownLocationRules = false });

                RedactionReport report = remover.Apply(file);

                List<GrayImage> after = Render(file);
                Assert.Equal(image.Frames.Length, report.Frames);
                Assert.Equal(RedactionVerification.NotVerified, report.Verification);
                Assert.Equal("YES", file.Dataset.GetString(new DicomTag(0x0028, 0x0301)));
                bool lossy = image.Syntax == "jpeg-baseline";
                for (int f = 0; f < before.Count; f++)
                {
                    for (int y = 0; y < image.Rows; y++)
                    {
                        for (int x = 0; x < image.Columns; x++)
                        {
                            int i = (y * image.Columns) + x;
                            bool inside = x >= region.X && x < region.Right && y >= region.Y && y < region.Bottom;
                            bool nearEdge = x >= region.X - 16 && x < region.Right + 16 && y >= region.Y - 16 && y < region.Bottom + 16;
                            if (inside)
                            {
                                Assert.True(after[f].Pixels[i] <= AccuracyHarness.BlackLevel, $"{image.Name} frame {f} ({x},{y}) not black");
                            }
                            else if (!lossy || !nearEdge)
                            {
                                Assert.True(before[f].Pixels[i] == after[f].Pixels[i], $"{image.Name} frame {f} ({x},{y}) changed outside the region");
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    [Trait("Category", "Accuracy")] // runs in CI: the accuracy floor is behaviour, not a timing
    public void Ocr_SyntheticSetInEverySyntax_MeetsTheAccuracyTargets()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        string folder = Directory.CreateTempSubdirectory("dicomanon-accuracy-").FullName;
        var total = new AccuracyFigures();
        var bySyntax = new Dictionary<string, AccuracyFigures>();
        try
        {
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false });
            foreach (SyntheticImage image in SyntheticImages.Build())
            {
                DicomFile file = Encode(image, folder);
                PhiValues phi = PhiValues.Capture(file);
                List<GrayImage> before = Render(file);

                RedactionReport report = remover.Apply(file, phi);

                List<GrayImage> after = Render(file);
                bool lossy = image.Syntax == "jpeg-baseline";
                AccuracyFigures fig = AccuracyHarness.Score(image, before, after, report, lossy ? 16 : 0, 0);
                _output.WriteLine($"{image.Name}: {fig}; {report.Verification}; OCR calls {report.OcrCalls}");
                total.Add(fig);
                if (!bySyntax.TryGetValue(image.Syntax, out AccuracyFigures? s))
                {
                    bySyntax[image.Syntax] = s = new AccuracyFigures();
                }

                s.Add(fig);
                Assert.Equal(report.Verification == RedactionVerification.Clean, file.Dataset.GetString(new DicomTag(0x0028, 0x0301)) == "NO");
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }

        foreach (var kv in bySyntax)
        {
            _output.WriteLine(kv.Key + ": " + kv.Value);
        }

        _output.WriteLine("TOTAL: " + total);
        Assert.Equal(0, total.PixelsChangedOutside);
        Assert.Equal(0, total.ClaimedButNotBlack);
        Assert.True(total.PhiRecall >= 0.90, total.ToString());
        Assert.True(total.FalseBlackoutPercent <= 2.0, total.ToString());
    }

    [Fact]
    public void Ocr_AllTextOnAClip_ProvesCleanAndSetsBurnedInAnnotationNo()
    {
        SyntheticImage image = SyntheticImages.BuildOne(7); // 12-frame colour clip with a running clock
        DicomFile file = image.ToNativeFile();
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false });

        RedactionReport report = remover.Apply(file);

        List<GrayImage> after = Render(file);
        var before = Enumerable.Range(0, image.Frames.Length).Select(image.Gray).ToList();
        AccuracyFigures fig = AccuracyHarness.Score(image, before, after, report, 0, 0);
        _output.WriteLine(fig + "; " + report.Verification + "; OCR calls " + report.OcrCalls);
        Assert.True(report.OcrUsed);
        Assert.True(fig.PhiRecall >= 0.9, fig.ToString());
        Assert.True(fig.LabelBoxesRedacted >= fig.LabelBoxes * 8 / 10, fig.ToString()); // AllText takes labels too
        Assert.Equal(report.Verification == RedactionVerification.Clean, report.BurnedInAnnotationCleared);
        Assert.Equal(report.BurnedInAnnotationCleared ? "NO" : "YES", file.Dataset.GetString(new DicomTag(0x0028, 0x0301)));
    }

    /// <summary>Real PixelFrames in every syntax with the command-line OCR stand-in: the codec path end to end, PHI-only.</summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public void RealPixelFrames_WithTesseractCli_RedactPhiInEverySyntax()
    {
        Assert.True(SyntheticImages.ConvertAvailable && TesseractCliFinder.Available, "convert, DejaVu fonts and tesseract are needed");
        string folder = Directory.CreateTempSubdirectory("dicomanon-cli-").FullName;
        var total = new AccuracyFigures();
        try
        {
            foreach (int index in new[] { 0, 1, 2, 3, 4, 5, 6, 7 })
            {
                SyntheticImage image = SyntheticImages.BuildOne(index);
                DicomFile file = Encode(image, folder);
                PhiValues phi = PhiValues.Capture(file);
                List<GrayImage> before = Render(file);
                using var remover = new BurnedTextRemover(
                    new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false },
                    f => new PixelFramesSource(PixelFrames.Open(f)),
                    new TesseractCliFinder());

                RedactionReport report = remover.Apply(file, phi);

                List<GrayImage> after = Render(file);
                AccuracyFigures fig = AccuracyHarness.Score(image, before, after, report, image.Syntax == "jpeg-baseline" ? 16 : 0, 0);
                _output.WriteLine($"{image.Name}: {fig}; {report.Verification}");
                total.Add(fig);
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }

        _output.WriteLine("TOTAL: " + total);
        Assert.Equal(0, total.PixelsChangedOutside);
        Assert.Equal(0, total.ClaimedButNotBlack);
        Assert.True(total.PhiRecall >= 0.90, total.ToString());
    }
}
