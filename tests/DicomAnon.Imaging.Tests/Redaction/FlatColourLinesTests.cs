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
/// with a black shadow, on a band as bright as the ink: neither the first pass nor the re-check found it. Its flat
/// line is found; it was blacked out only while lines read from black shadows were kept, which displaced other text
/// (extratuning file 39), so that it must never end NO while readable is asserted by
/// <see cref="RecheckReflectorTests.TuningFile_NeverNoWithPhiReadable"/>.
/// </summary>
public sealed class FlatColourLinesTests
{
    private const string BandDate = "26-JUN-2022 18:28:04";

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

    /// <summary>
    /// The second independent exam's largest hole: PHI laid across a bright specular line. A 28 px serif name in one
    /// grey (178), darker than the line it crosses and brighter than the speckle around it: the top-hat cuts the name
    /// where it meets the line and chains the rest with the line, so OCR read the line, not the name.
    /// </summary>
    [Fact]
    public void NameAcrossASpecularLine_IsFoundAndRead()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (GrayImage image, PixelRect text) = NameAcrossLine();
        List<TextLineCandidate> lines = TextCandidateFinder.Find(image);
        Assert.Contains(lines, l => l.Box.X <= text.X + 2 && l.Box.Right >= text.Right - 2 && l.Box.Width <= text.Width + text.Height && l.Box.Height <= text.Height + 2);

        using TesseractTextFinder finder = TesseractTextFinder.Create(null, null);
        var words = finder.Detect(image, Array.Empty<PixelRect>()).Where(w => w.Readable && RectangleMath.Intersects(new PixelRect(w.X, w.Y, w.Width, w.Height), text)).ToList();
        Assert.NotEmpty(words);
        Assert.True(words.Min(w => w.X) <= text.X + 2 && words.Max(w => w.X + w.Width) >= text.Right - 2, "the name is read only in part");
    }

    /// <summary>A tuning scene's speckle (no text over it) with a bright oblique specular ridge and "KOWALCZYK, BARNABY" drawn across it.</summary>
    private static (GrayImage Image, PixelRect Text) NameAcrossLine()
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1003, 640, 480, 1003, UltrasoundSceneGenerator.TuningFaces);
        byte[] px = UltrasoundSceneGenerator.Luma(scene);
        int w = scene.Width, h = scene.Height, cx = scene.SectorBox.X + (scene.SectorBox.Width / 2), cy = scene.SectorBox.Y + (scene.SectorBox.Height / 2);
        for (int y = 0; y < h; y++)
        {
            for (int x = cx - 170; x <= cx + 170; x++)
            {
                int i = (y * w) + x;
                double d = y - (cy + (0.06 * (x - cx)));
                if (scene.Sector[i] && Math.Abs(d) < 8)
                {
                    px[i] = (byte)Math.Min(255, px[i] + (110 * Math.Exp(-(d * d) / (2 * 1.6 * 1.6))));
                }
            }
        }

        string face = System.IO.Path.Combine(UltrasoundSceneGenerator.FontFolder, "DejaVuSerif.ttf");
        byte[] cover = UltrasoundSceneGenerator.LineCoverage(w, h, "KOWALCZYK, BARNABY", face, 28, cx - 150, cy - 12, out PixelBox box);
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = (byte)(((px[i] * (255 - cover[i])) + (178 * cover[i]) + 127) / 255);
        }

        return (new GrayImage(w, h, px), new PixelRect(box.X, box.Y, box.Width, box.Height));
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
