// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// The re-check's own view of issue 10's benchmark sets: per file, whether PHI is still readable after cleaning
/// (any pixel of a PHI box not blacked out, as <see cref="BurnedTextBenchmark"/> counts it), what the re-check
/// said, and for each miss how much of the box is left. Run with
/// <c>dotnet test tests/DicomAnon.Imaging.Tests -c Release --filter "FullyQualifiedName~RecheckBenchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class RecheckBenchmark
{
    private readonly ITestOutputHelper _output;

    public RecheckBenchmark(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 12)]
    [InlineData("held-out", BurnedTextBenchmark.HeldOutSeed, 24)]
    public void RecheckVerdicts(string name, int firstSeed, int files)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("RECHECK_FILES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit))
        {
            files = Math.Min(files, limit);
        }

        var set = BurnedTextBenchmark.BuildSet(firstSeed, files);
        foreach (RedactionTarget target in new[] { RedactionTarget.AllText, RedactionTarget.PhiOnly })
        {
            SceneFrames? current = null;
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => current!, TesseractTextFinder.Create(null, null));
            current = new SceneFrames(new[] { UltrasoundSceneGenerator.Generate(1) });
            remover.Apply(SceneFrames.Header(current.Scenes[0], false));
            int flaggedWithPhi = 0, flaggedWithVisiblePhi = 0, falseAlarms = 0, caught = 0;
            double ms = 0;
            int frameCount = 0;
            for (int k = 0; k < set.Count; k++)
            {
                (List<UltrasoundScene> scenes, bool withRegion) = set[k];
                current = new SceneFrames(scenes);
                var sw = Stopwatch.StartNew();
                RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));
                ms += sw.Elapsed.TotalMilliseconds;
                frameCount += scenes.Count;
                var misses = new List<string>();
                bool allGone = true, phiVisible = false;
                for (int f = 0; f < scenes.Count; f++)
                {
                    foreach (SceneText t in scenes[f].Texts)
                    {
                        int left = Residue(current, report, f, t.Box, out int visible);
                        phiVisible |= t.IsPhi && visible > 0;
                        allGone &= left == 0;
                        if (left > 0 && (t.IsPhi || target == RedactionTarget.AllText))
                        {
                            misses.Add(string.Format(CultureInfo.InvariantCulture, "f{0} {1}{2}px {3} {4}{5} residue {6}/{7} px ({9} not black) at {8}", f, t.IsPhi ? "PHI " : "label ", t.PixelHeight, t.Face, t.Style, t.InsideSector ? " in sector" : string.Empty, left, t.Box.Width * t.Box.Height, t.Box, visible));
                        }
                    }
                }

                bool phiLeft = misses.Any(m => m.Contains("PHI", StringComparison.Ordinal));
                bool clean = target == RedactionTarget.AllText ? allGone : !phiLeft;
                flaggedWithPhi += report.BurnedInAnnotationCleared && phiLeft ? 1 : 0;
                flaggedWithVisiblePhi += report.BurnedInAnnotationCleared && phiVisible ? 1 : 0;
                falseAlarms += clean && report.Verification == RedactionVerification.TextRemaining ? 1 : 0;
                caught += !clean && report.Verification == RedactionVerification.TextRemaining ? 1 : 0;
                _output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} {1} file {2} ({3} frames{4}): {5} ({8} ms, {9} OCR calls), {6}{7}", name, target, k, scenes.Count, withRegion ? ", region" : string.Empty, report.Outcome, clean ? "clean" : "TEXT LEFT", report.BurnedInAnnotationCleared && phiLeft ? " <== BIA NO WITH PHI" : clean && report.Verification == RedactionVerification.TextRemaining ? " <== FALSE ALARM" : string.Empty, sw.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture), report.OcrCalls));
                foreach (string m in misses)
                {
                    _output.WriteLine("    " + m);
                }

                foreach (string w in report.Warnings.Where(w => w.Contains("re-check", StringComparison.OrdinalIgnoreCase)))
                {
                    _output.WriteLine("    said: " + w);
                }
            }

            _output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} {1}: BIA NO with PHI readable {2} (with a PHI pixel that is not black: {6}), re-check false alarms {3}, text left and caught {4}; {5:F0} ms per frame", name, target, flaggedWithPhi, falseAlarms, caught, ms / frameCount, flaggedWithVisiblePhi));
        }
    }

    /// <summary>
    /// Pixels of <paramref name="box"/> not blacked out by the report's boxes (the benchmark's "readable" test), and
    /// <paramref name="visible"/>, those of them that are not black either (a black shadow or outline on a black
    /// surround left outside a box is counted by the first, but shows nothing).
    /// </summary>
    private static int Residue(SceneFrames frames, RedactionReport report, int frame, PixelBox box, out int visible)
    {
        int left = 0;
        visible = 0;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                bool black = frames.IsBlack(frame, x, y);
                left += black && report.PerFrame[frame].Regions.Any(r => x >= r.X && x < r.Right && y >= r.Y && y < r.Bottom) ? 0 : 1;
                visible += black ? 0 : 1;
            }
        }

        return left;
    }
}
