// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, cines: the clip files (6 frames) of <see cref="BurnedTextBenchmark"/>'s tuning sets cleaned with the
/// re-check's reading carry (<see cref="RecheckReadingCarry"/>) and reading every frame, both modes: the blackout must
/// be the same pixel for pixel, and PHI removed and "NO with PHI readable" no worse. Not the held-out set (tuning
/// only). A measurement: run with <c>--filter "FullyQualifiedName~ClipCarryBenchmark"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ClipCarryBenchmark
{
    private readonly ITestOutputHelper _output;

    public ClipCarryBenchmark(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24)]
    [InlineData("diagnosis", BurnedTextBenchmark.DiagnosisSeed, 96)]
    public void ClipFiles_CarryAgainstEveryFrame(string name, int firstSeed, int files)
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        IReadOnlyList<string> faces = name == "tuning" ? UltrasoundSceneGenerator.TuningFaces : UltrasoundSceneGenerator.Faces;
        var clips = BurnedTextBenchmark.BuildSet(firstSeed, files, faces).Where(f => f.Frames.Count > 1).ToList();
        _output.WriteLine($"{name}: {clips.Count} clip files, {clips.Sum(c => c.Frames.Count)} frames");
        foreach (RedactionTarget target in new[] { RedactionTarget.AllText, RedactionTarget.PhiOnly })
        {
            var scores = new Dictionary<bool, BurnedTextBenchmark.Score>();
            var pixels = new Dictionary<bool, List<byte[]>>();
            foreach (bool carry in new[] { false, true })
            {
                DicomAnon.Ocr.LineReadingCache.Shared.Clear();
                SceneFrames? current = null;
                using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = target, UseKnownLocationRules = false }, _ => current!, TesseractTextFinder.Create(null, null)) { CarryRecheckReadings = carry };
                var total = new BurnedTextBenchmark.Score();
                var output = new List<byte[]>();
                int calls = 0;
                foreach ((List<UltrasoundScene> scenes, bool withRegion) in clips)
                {
                    current = new SceneFrames(scenes);
                    var sw = Stopwatch.StartNew();
                    RedactionReport report = remover.Apply(SceneFrames.Header(scenes[0], withRegion));
                    calls += report.OcrCalls;
                    total.Add(BurnedTextBenchmark.Measure(current, report, target, sw.Elapsed.TotalMilliseconds, null));
                    output.AddRange(Enumerable.Range(0, current.Count).Select(f => current.RenderGray(f).Pixels));
                }

                scores[carry] = total;
                pixels[carry] = output;
                _output.WriteLine(FormattableString.Invariant($"{target}, carry {(carry ? "on " : "off")}: PHI removed {total.PhiFound}/{total.Phi}, NO with PHI readable {total.FlaggedWithPhi}, re-check false alarms {total.FalseAlarms}, passing {total.Passing}/{total.Files}, OCR calls {calls}"));
            }

            Assert.True(pixels[false].Zip(pixels[true]).All(p => p.First.AsSpan().SequenceEqual(p.Second)), "blackout differs");
            Assert.Equal(scores[false].PhiFound, scores[true].PhiFound);
            Assert.True(scores[true].FlaggedWithPhi <= scores[false].FlaggedWithPhi, "NO with PHI readable");
        }
    }
}
