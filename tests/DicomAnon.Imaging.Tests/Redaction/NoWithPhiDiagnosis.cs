// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 safety, diagnostics: for one file of a tunable set, why Burned In Annotation could become NO while PHI
/// stays readable. Prints, for each PHI text not wholly blacked out, the finder's candidate lines over it in every
/// scan (with why each was kept or not and what was read), the re-check's findings over it, and the outcome.
/// Tunable sets only: never the held-out seeds. Run with
/// <c>dotnet test tests/DicomAnon.Imaging.Tests -c Release --filter "FullyQualifiedName~NoWithPhiDiagnosis" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class NoWithPhiDiagnosis
{
    private readonly ITestOutputHelper _output;

    public NoWithPhiDiagnosis(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("AllText", BurnedTextBenchmark.DiagnosisSeed, 0)]
    [InlineData("PhiOnly", BurnedTextBenchmark.DiagnosisSeed, 0)]
    [InlineData("AllText", BurnedTextBenchmark.DiagnosisSeed, 91)]
    [InlineData("PhiOnly", BurnedTextBenchmark.DiagnosisSeed, 91)]
    public void Explain(string mode, int firstSeed, int index)
    {
        Assert.True(firstSeed < BurnedTextBenchmark.HeldOutSeed || firstSeed >= BurnedTextBenchmark.DiagnosisSeed, "never the held-out set");
        IReadOnlyList<string> faces = firstSeed >= BurnedTextBenchmark.DiagnosisSeed ? UltrasoundSceneGenerator.Faces : UltrasoundSceneGenerator.TuningFaces;
        (List<UltrasoundScene> scenes, bool withRegion) = BurnedTextBenchmark.BuildFile(firstSeed, index, faces);
        var target = Enum.Parse<RedactionTarget>(mode);
        var frames = new SceneFrames(scenes);
        string? dump = Environment.GetEnvironmentVariable("NOWITHPHI_DUMP");
        if (dump is not null)
        {
            // A diagnosis aid: the file's first frame before cleaning, as a PGM (synthetic values only).
            GrayImage g = frames.RenderGray(0);
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(dump, $"{firstSeed + index}.pgm"), System.Text.Encoding.ASCII.GetBytes($"P5 {g.Width} {g.Height} 255\n").Concat(g.Pixels).ToArray());
        }

        var recorder = new TracingTextFinder(TesseractTextFinder.Create(null, null));
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => frames, recorder, TesseractLineReader.Create(null, null));
        RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));
        _output.WriteLine($"file {index} (seed {firstSeed + index}) region={withRegion} outcome={report.Outcome} verification={report.Verification} cleared={report.BurnedInAnnotationCleared}");
        foreach (string w in report.Warnings)
        {
            _output.WriteLine("  warning: " + w);
        }

        for (int f = 0; f < scenes.Count; f++)
        {
            foreach (SceneText t in scenes[f].Texts)
            {
                var box = new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height);
                _output.WriteLine($"  frame {f} {(t.IsPhi ? "PHI" : "label")} {t.PixelHeight}px {t.Face} {t.Style}{(t.InsideSector ? " in sector" : string.Empty)} '{t.Text}' at {box}; blacked: {string.Join(" ", report.PerFrame[f].Regions.Where(r => RectangleMath.Intersects(r, box)))}");
                for (int call = 0; call < recorder.Calls.Count; call++)
                {
                    if (call % scenes.Count != f)
                    {
                        continue;
                    }

                    foreach (var line in recorder.Calls[call].Where(l => RectangleMath.Intersects(RectangleMath.Pad(l.Box, 4), box)))
                    {
                        _output.WriteLine($"    scan {call / scenes.Count}: {line.Why} strong={line.Strong} line {line.Box} conf={line.Confidence:F0} '{line.Text}'");
                    }
                }

                foreach (PixelRect r in report.PerFrame[f].TextRemaining.Where(r => RectangleMath.Intersects(r, box)))
                {
                    _output.WriteLine($"    remaining (re-check or guess) {r}");
                }
            }
        }
    }

    /// <summary>
    /// The diagnosis set's files that end NO with PHI readable on main at 24d7ce4, in both modes: PHI that neither
    /// the first pass nor the re-check finds at all (no candidate line over it), so no rule of the keep/NO decision
    /// can see it. File 0 (seed 7500, 640x480, with its region): "PID MRN...", 12 px plain, in the sector beside
    /// a specular line on a faint band; file 91 (seed 7591, 800x600, no region): "Birth: ...", 10 px plain, laid
    /// along a fascia band and across a specular line in the sector. They fail until candidate finding (or the
    /// re-check's own detector) finds text on bands and across specular lines; kept out of CI until then.
    /// </summary>
    [Theory]
    [InlineData("AllText", 0)]
    [InlineData("PhiOnly", 0)]
    [InlineData("AllText", 91)]
    [InlineData("PhiOnly", 91)]
    public void DiagnosisFile_NeverNoWithPhiReadable(string mode, int index)
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (List<UltrasoundScene> scenes, bool withRegion) = BurnedTextBenchmark.BuildFile(BurnedTextBenchmark.DiagnosisSeed, index, UltrasoundSceneGenerator.Faces);
        var frames = new SceneFrames(scenes);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = Enum.Parse<RedactionTarget>(mode), UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));

        bool readable = Enumerable.Range(0, scenes.Count).Any(f => scenes[f].Texts.Any(t => t.IsPhi && !Gone(frames, report, f, t)));
        Assert.False(report.BurnedInAnnotationCleared && readable, "Burned In Annotation NO with PHI readable");
    }

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
