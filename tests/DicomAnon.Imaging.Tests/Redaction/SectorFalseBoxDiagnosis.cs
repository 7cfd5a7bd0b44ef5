// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 (precision): what the boxes blacked out in the sector away from any text are. Every blackout box that
/// takes sector pixels away from text is traced back to the candidate lines of the finder under it and the evidence
/// that vouched for them (<see cref="TesseractTextFinder.Trace"/>), and the lost pixels are summed by that evidence.
/// Tuning sets only: never run it on the held-out seeds. Run with
/// <c>dotnet test tests/DicomAnon.Imaging.Tests -c Release --filter "FullyQualifiedName~SectorFalseBoxDiagnosis" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class SectorFalseBoxDiagnosis
{
    private readonly ITestOutputHelper _output;

    public SectorFalseBoxDiagnosis(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24, "AllText")]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24, "PhiOnly")]
    public void Classify(string name, int firstSeed, int files, string mode)
    {
        Assert.True(firstSeed < BurnedTextBenchmark.HeldOutSeed || firstSeed >= BurnedTextBenchmark.DiagnosisSeed, "never the held-out set");
        IReadOnlyList<string> faces = name.EndsWith("tuning", StringComparison.Ordinal) ? UltrasoundSceneGenerator.TuningFaces : UltrasoundSceneGenerator.Faces;
        var set = BurnedTextBenchmark.BuildSet(firstSeed, files, faces);
        var target = (RedactionTarget)Enum.Parse(typeof(RedactionTarget), mode);
        var byWhy = new SortedDictionary<string, (long Pixels, int Boxes)>(StringComparer.Ordinal);
        long sectorPixels = 0, lost = 0;
        int reads = 0, frames = 0;
        var score = new BurnedTextBenchmark.Score();
        SceneFrames? current = null;
        var recorder = new TracingTextFinder(TesseractTextFinder.Create(null, null));
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => current!, recorder, TesseractLineReader.Create(null, null));
        for (int k = 0; k < set.Count; k++)
        {
            (List<UltrasoundScene> scenes, bool withRegion) = set[k];
            current = new SceneFrames(scenes);
            recorder.Calls.Clear();
            int before = recorder.Inner.LinesRead;
            RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));
            reads += recorder.Inner.LinesRead - before;
            _output.WriteLine(FormattableString.Invariant($"file {k} (seed {firstSeed + k}, region={withRegion}):"));
            score.Add(BurnedTextBenchmark.Measure(current, report, target, 0, _output));
            frames += scenes.Count;
            for (int f = 0; f < scenes.Count; f++)
            {
                UltrasoundScene scene = scenes[f];
                bool[] near = Near(scene);
                for (int i = 0; i < near.Length; i++)
                {
                    sectorPixels += scene.Sector[i] && !near[i] ? 1 : 0;
                }

                foreach (PixelRect r in report.PerFrame[f].Regions)
                {
                    int bad = Bad(scene, near, r);
                    if (bad == 0)
                    {
                        continue;
                    }

                    lost += bad;

                    // First pass: call f; the two scans after blackout: calls n + f and 2n + f.
                    var hits = new List<(int Pass, (PixelRect Box, string Why, bool Strong, string Text, float Confidence) Line)>();
                    for (int pass = 0; pass < 3; pass++)
                    {
                        int call = (pass * scenes.Count) + f;
                        if (call < recorder.Calls.Count)
                        {
                            hits.AddRange(recorder.Calls[call].Where(t => t.Why != "no" && RectangleMath.IntersectionArea(RectangleMath.Pad(t.Box, 2 + ((t.Box.Height + 3) / 4)), r) > 0).Select(t => (pass, t)));
                        }
                    }

                    string why = hits.Count == 0 ? "carried or bridged" : string.Join("+", hits.Select(h => (h.Pass == 0 ? string.Empty : "recheck-") + h.Line.Why + (h.Line.Strong ? string.Empty : "(weak)")).Distinct().OrderBy(s => s, StringComparer.Ordinal));
                    byWhy[why] = byWhy.TryGetValue(why, out var known) ? (known.Pixels + bad, known.Boxes + 1) : (bad, 1);
                    _output.WriteLine(FormattableString.Invariant($"file {k} frame {f} region={withRegion}: box {r} blacks {bad} sector px: {why}"));
                    foreach (SceneText st in scene.Texts.Where(st => RectangleMath.IntersectionArea(new PixelRect(st.Box.X - 16, st.Box.Y - 16, st.Box.Width + 32, st.Box.Height + 32), r) > 0))
                    {
                        _output.WriteLine(FormattableString.Invariant($"    text nearby: {(st.IsPhi ? "PHI" : "label")} {st.PixelHeight}px {st.Style} at {st.Box.X},{st.Box.Y},{st.Box.Width},{st.Box.Height}{(st.InsideSector ? " in sector" : string.Empty)}"));
                    }

                    foreach ((int pass, var t) in hits)
                    {
                        bool inside = RectangleMath.IntersectionArea(t.Box, new PixelRect(scene.SectorBox.X, scene.SectorBox.Y, scene.SectorBox.Width, scene.SectorBox.Height)) * 2 > t.Box.Area;
                        _output.WriteLine(FormattableString.Invariant($"    pass {pass} {t.Why} strong={t.Strong} inSectorBox={inside} line {t.Box} h={t.Box.Height} conf={t.Confidence:F0} '{t.Text}'"));
                    }
                }
            }
        }

        _output.WriteLine(FormattableString.Invariant($"{name} {mode}: {files} files, {frames} frames, sector blacked away from text {(double)lost / sectorPixels:P3} ({lost} px); line reads {reads} ({(double)reads / frames:F1} per frame)"));
        _output.WriteLine(score.Row(mode));
        foreach (KeyValuePair<string, (long Pixels, int Boxes)> e in byWhy.OrderByDescending(e => e.Value.Pixels))
        {
            _output.WriteLine(FormattableString.Invariant($"  {e.Key}: {e.Value.Pixels} px in {e.Value.Boxes} boxes ({(double)e.Value.Pixels / sectorPixels:P3})"));
        }
    }

    private static bool[] Near(UltrasoundScene scene)
    {
        var near = new bool[scene.Width * scene.Height];
        foreach (SceneText t in scene.Texts)
        {
            int g = (t.PixelHeight + 1) / 2;
            for (int y = Math.Max(0, t.Box.Y - g); y < Math.Min(scene.Height, t.Box.Bottom + g); y++)
            {
                for (int x = Math.Max(0, t.Box.X - g); x < Math.Min(scene.Width, t.Box.Right + g); x++)
                {
                    near[(y * scene.Width) + x] = true;
                }
            }
        }

        return near;
    }

    private static int Bad(UltrasoundScene scene, bool[] near, PixelRect r)
    {
        int bad = 0;
        for (int y = Math.Max(0, r.Y); y < Math.Min(scene.Height, r.Bottom); y++)
        {
            for (int x = Math.Max(0, r.X); x < Math.Min(scene.Width, r.Right); x++)
            {
                int i = (y * scene.Width) + x;
                bad += scene.Sector[i] && !near[i] ? 1 : 0;
            }
        }

        return bad;
    }
}
