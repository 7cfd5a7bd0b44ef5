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
        foreach (int index in new[] { 1000, 1001, 1002, 1003, 1004 })
        {
            var scene = DicomAnon.TestSupport.TextImages.UltrasoundSceneGenerator.Generate(index);
            GrayImage g = GrayImage.FromRgb24(scene.Width, scene.Height, scene.Rgb, RgbToGray.Luma);
            var lines = TextCandidateFinder.Find(g);
            foreach (var t in scene.Texts.Where(t => t.InsideSector))
            {
                var box = new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height);
                var near = lines.Where(l => RectangleMath.Intersects(l.Box, box)).ToList();
                _output.WriteLine($"{index} '{t.Text}' {t.PixelHeight}px {t.Style} {t.Face} box {box}: {near.Count} candidates");
                foreach (var l in near)
                {
                    var read = finder.Read(l);
                    _output.WriteLine($"   {l.Box} chars {l.Characters} noisy {l.NoisyBackground} bright {l.BrightInk} h {l.TextHeight}: {string.Join(" | ", read.Select(w => w.Text + ":" + w.Confidence.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
                    System.IO.File.WriteAllBytes($"/tmp/crop-{index}-{l.Box.X}.pgm", System.Text.Encoding.ASCII.GetBytes($"P5\n{l.Crop.Width} {l.Crop.Height}\n255\n").Concat(l.Ink).ToArray());
                }
            }
        }
    }
}
