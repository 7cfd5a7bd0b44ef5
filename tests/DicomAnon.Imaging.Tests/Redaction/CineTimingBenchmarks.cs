// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Speed of OCR-based cleaning (issue 4): one 640x480 frame, and a 100-frame cine. A measurement, not a timed test.</summary>
[Trait("Category", "Benchmark")]
public sealed class CineTimingBenchmarks
{
    private readonly ITestOutputHelper _output;

    public CineTimingBenchmarks(ITestOutputHelper output) => _output = output;

    private static List<GrayImage> RenderAll(DicomFile file)
    {
        var frames = global::DicomAnon.Imaging.Pixels.PixelFrames.Open(file);
        return Enumerable.Range(0, frames.Count).Select(frames.RenderGray).ToList();
    }

    [Fact]
    public void OcrCleaning_OneFrameAndHundredFrameCine_Timings()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        string folder = Directory.CreateTempSubdirectory("dicomanon-cine-").FullName;
        try
        {
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false });

            // Warm-up (loads Tesseract and its model), then one 640x480 frame.
            remover.Apply(RedactionIntegrationTests.Encode(SyntheticImages.BuildOne(0), folder));
            SyntheticImage single = SyntheticImages.BuildOne(8);
            DicomFile one = RedactionIntegrationTests.Encode(single, folder);
            var sw = Stopwatch.StartNew();
            RedactionReport r1 = remover.Apply(one);
            sw.Stop();
            _output.WriteLine($"one 640x480 frame: {sw.ElapsedMilliseconds} ms, OCR calls {r1.OcrCalls}, {r1.Verification}");

            // A 100-frame cine: the 12-frame clip (static text plus a running clock) cycled to 100 frames.
            SyntheticImage clip = SyntheticImages.BuildOne(7);
            int n = 100;
            var cine = new SyntheticImage
            {
                Name = clip.Name + "-100f",
                Columns = clip.Columns,
                Rows = clip.Rows,
                Colour = clip.Colour,
                Syntax = "native",
                Modality = clip.Modality,
                Frames = Enumerable.Range(0, n).Select(i => clip.Frames[i % clip.Frames.Length]).ToArray(),
                Text = Enumerable.Range(0, n).Select(i => clip.Text[i % clip.Text.Length]).ToArray(),
                Header = clip.Header,
                FontPixels = clip.FontPixels,
                LightOnDark = clip.LightOnDark,
            };
            DicomFile file = RedactionIntegrationTests.Encode(cine, folder);
            List<GrayImage> before = RenderAll(file);
            sw.Restart();
            RedactionReport report = remover.Apply(file);
            sw.Stop();
            AccuracyFigures fig = AccuracyHarness.Score(cine, before, RenderAll(file), report, 0, 0);
            _output.WriteLine($"100-frame 640x480 cine: {sw.ElapsedMilliseconds} ms ({sw.ElapsedMilliseconds / (double)n:F0} ms/frame), OCR calls {report.OcrCalls}, {report.Verification}; {fig}");
            Assert.Equal(n, report.Frames);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
