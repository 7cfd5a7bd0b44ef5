// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 safety: PHI laid across a bright fascia band or specular reflector. The tuning set's file 12 (seed 1012,
/// 640x480, reflectors) draws "HALVORSEN, JOHN", 10 px outlined, half on a fascia band and half on the black
/// surround; the first pass blacked out only ", JOHN" and the re-check, whose candidate line was swallowed by the
/// band, named nothing: Burned In Annotation became NO with "HALVORS" readable.
/// </summary>
public sealed class RecheckReflectorTests
{
    private const int Seed = 1012;

    /// <summary>Where the first pass's box began on that line (its left part lies on the band).</summary>
    private const int CutAt = 402;

    private static UltrasoundScene Scene() => UltrasoundSceneGenerator.Generate(Seed, 640, 480, Seed, UltrasoundSceneGenerator.TuningFaces, reflectors: true);

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void LineCutByBlackoutOverAFasciaBand_TheRestIsNamed(string targetName)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        using TesseractLineReader reader = TesseractLineReader.Create(null, null);
        UltrasoundScene scene = Scene();
        SceneText line = Assert.Single(scene.Texts, t => t.Text == "HALVORSEN, JOHN");
        Assert.True(line.IsPhi);
        var cut = new PixelRect(CutAt, line.Box.Y - 4, line.Box.Right + 2 - CutAt, line.Box.Height + 6);
        var blacked = scene.Texts.Where(t => t != line).Select(t => RectangleMath.Pad(new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), 2 + (t.PixelHeight / 4)).ClipTo(scene.Width, scene.Height)).Append(cut).ToList();
        var frames = new SceneFrames(new[] { scene });
        frames.Blackout(0, blacked);
        var recheck = new TextRecheck(reader, target, new[] { new PixelRect(scene.SectorBox.X, scene.SectorBox.Y, scene.SectorBox.Width, scene.SectorBox.Height) });

        List<RecheckFinding> findings = recheck.Check(0, frames.RenderGray(0), blacked);

        var rest = new PixelRect(line.Box.X, line.Box.Y, CutAt - line.Box.X, line.Box.Height);
        Assert.Contains(findings, f => RectangleMath.Intersects(f.Box, rest));
    }

    /// <summary>A file of a tuning set as the benchmark builds it (tuning file 12: seed 1012, one 640x480 frame, with its ultrasound region; extratuning file 35: seed 1059, a 6-frame 800x600 clip whose 9 px date line the blackout cuts in the sector; extratuning file 36: seed 1060, a date on a fascia band;
    /// extratuning file 39: seed 1063, a shadowed 19 px date in the sector left partly readable under NO while black shadow lines were read).</summary>
    [Theory]
    [InlineData(nameof(RedactionTarget.AllText), 1000, 12)]
    [InlineData(nameof(RedactionTarget.PhiOnly), 1000, 12)]
    [InlineData(nameof(RedactionTarget.AllText), 1024, 35)]
    [InlineData(nameof(RedactionTarget.AllText), 1024, 36)]
    [InlineData(nameof(RedactionTarget.PhiOnly), 1024, 36)]
    [InlineData(nameof(RedactionTarget.AllText), 1024, 39)]
    [InlineData(nameof(RedactionTarget.PhiOnly), 1024, 39)]
    public void TuningFile_NeverNoWithPhiReadable(string targetName, int firstSeed, int index)
    {
        RedactionTarget target = Enum.Parse<RedactionTarget>(targetName);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (List<UltrasoundScene> scenes, bool withRegion) = BurnedTextBenchmark.BuildSet(firstSeed, index + 1, UltrasoundSceneGenerator.TuningFaces)[index];
        var frames = new SceneFrames(scenes);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));

        var readable = Enumerable.Range(0, scenes.Count).SelectMany(f => scenes[f].Texts.Where(t => t.IsPhi && !Gone(frames, report, f, t)).Select(t => f + ":" + t.Box)).ToList();
        Assert.False(report.BurnedInAnnotationCleared && readable.Count > 0, "Burned In Annotation NO with PHI left at " + string.Join("; ", readable));
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
