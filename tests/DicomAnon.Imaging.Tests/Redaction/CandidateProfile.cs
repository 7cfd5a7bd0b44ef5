// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

[Trait("Category", "Benchmark")]
public sealed class CandidateProfile
{
    private readonly ITestOutputHelper _output;

    public CandidateProfile(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Profile()
    {
        using var finder = TesseractTextFinder.Create(null, null);
        foreach (int index in new[] { 1000, 1001, 1002, 1000 })
        {
            var scene = DicomAnon.TestSupport.TextImages.UltrasoundSceneGenerator.Generate(index);
            GrayImage g = GrayImage.FromRgb24(scene.Width, scene.Height, scene.Rgb, RgbToGray.Luma);
            var th = Stopwatch.StartNew();
            TextCandidateFinder.TopHat(g.Pixels, g.Width, g.Height, true);
            _output.WriteLine($"tophat {th.Elapsed.TotalMilliseconds:F1} ms");
            var sw = Stopwatch.StartNew();
            var lines = TextCandidateFinder.Find(g);
            long cand = sw.ElapsedMilliseconds;
            sw.Restart();
            var words = finder.Detect(g, System.Array.Empty<PixelRect>());
            _output.WriteLine($"{index}: candidates {lines.Count} in {cand} ms ({string.Join(",", lines.Select(l => l.Characters + (l.NoisyBackground ? "n" : string.Empty) + "p" + l.Plateau.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}); detect {sw.ElapsedMilliseconds} ms, lines read {finder.LinesRead}, words {words.Count}: {string.Join(" | ", words.Select(w => w.Text + ":" + w.Confidence.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
            System.IO.File.WriteAllBytes($"/tmp/ocr-{index}.pgm", System.Text.Encoding.ASCII.GetBytes($"P5\n{g.Width} {g.Height}\n255\n").Concat(g.Pixels).ToArray());
        }
    }
}
