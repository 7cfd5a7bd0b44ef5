// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 safety: text lying wholly on a bright fascia band, where the top-hat sees no contrast. Extratuning file 36
/// (seed 1060, 640x480, reflectors) draws "26-JUN-2022 18:28:04", 11 px bitmap DejaVu Sans Mono, yellow (grey 211)
/// with a black shadow, on a band as bright as the ink: neither the first pass nor the re-check found it.
/// </summary>
public sealed class FlatColourLinesTests
{
    private const string BandDate = "26-JUN-2022 18:28:04";

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void DateOnAFasciaBand_IsBlackedOut(string targetName)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (List<UltrasoundScene> scenes, bool withRegion) = BurnedTextBenchmark.BuildSet(1024, 37, UltrasoundSceneGenerator.TuningFaces)[36];
        SceneText date = Assert.Single(scenes[0].Texts, t => t.Text == BandDate);
        Assert.True(date.IsPhi && date.InsideSector);
        var frames = new SceneFrames(scenes);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));

        Assert.True(Gone(frames, report, 0, date), "the date on the band is left");
    }

    [Fact]
    public void DateOnAFasciaBand_IsAFlatColourLine()
    {
        (List<UltrasoundScene> scenes, _) = BurnedTextBenchmark.BuildSet(1024, 37, UltrasoundSceneGenerator.TuningFaces)[36];
        SceneText date = Assert.Single(scenes[0].Texts, t => t.Text == BandDate);

        List<TextLineCandidate> lines = FlatColourLines.Find(new SceneFrames(scenes).RenderGray(0), Array.Empty<TextLineCandidate>());

        var box = new PixelRect(date.Box.X, date.Box.Y, date.Box.Width, date.Box.Height);
        TextLineCandidate line = Assert.Single(lines, l => RectangleMath.Intersects(l.Box, box) && l.BrightInk);
        Assert.True(line.NoisyBackground, "a line on the band must still be vouched for by OCR");
        Assert.Equal(211, line.InkLevel);
    }

    /// <summary>Speckle, cysts, Doppler, specular reflectors and fascia bands of the tuning set's scenes give no flat-colour line away from the text.</summary>
    [Fact]
    public void SpeckleAndReflectors_GiveNoFlatColourLine()
    {
        var strays = new List<string>();
        foreach ((List<UltrasoundScene> scenes, _) in BurnedTextBenchmark.BuildSet(BurnedTextBenchmark.TuningSeed, 24, UltrasoundSceneGenerator.TuningFaces))
        {
            UltrasoundScene scene = scenes[0];
            foreach (TextLineCandidate line in FlatColourLines.Find(new SceneFrames(new[] { scene }).RenderGray(0), Array.Empty<TextLineCandidate>()))
            {
                if (!scene.Texts.Any(t => RectangleMath.Intersects(line.Box, RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), t.PixelHeight / 2))))
                {
                    strays.Add(line.Box.ToString());
                }
            }
        }

        Assert.Empty(strays);
    }

    /// <summary>Every pixel of the text's box is in a reported region and black (the benchmark's measure).</summary>
    private static bool Gone(SceneFrames frames, RedactionReport report, int f, SceneText t)
    {
        for (int y = t.Box.Y; y < t.Box.Bottom; y++)
        {
            for (int x = t.Box.X; x < t.Box.Right; x++)
            {
                if (!frames.IsBlack(f, x, y) || !report.PerFrame[f].Regions.Any(r => x >= r.X && x < r.Right && y >= r.Y && y < r.Bottom))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
