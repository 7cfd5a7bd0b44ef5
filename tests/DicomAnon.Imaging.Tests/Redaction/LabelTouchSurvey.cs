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
/// Issue 10, PHI-only precision: why labels are touched. Every label box a PHI-only run touches is put in one class:
/// its line was read but not kept as label vocabulary (with the reading), its line was found but unreadable, or
/// none of the first pass's words lie on it (a neighbour's box, a gap bridged, a line grown, or a later scan).
/// Tunable sets only: never the held-out seeds. Run with
/// <c>dotnet test tests/DicomAnon.Imaging.Tests -c Release --filter "FullyQualifiedName~LabelTouchSurvey" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class LabelTouchSurvey
{
    private readonly ITestOutputHelper _output;

    public LabelTouchSurvey(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24)]
    [InlineData("diagnosis", BurnedTextBenchmark.DiagnosisSeed, 48)]
    public void Classify(string name, int firstSeed, int files)
    {
        Assert.True(firstSeed < BurnedTextBenchmark.HeldOutSeed || firstSeed >= BurnedTextBenchmark.DiagnosisSeed, "never the held-out set");
        IReadOnlyList<string> faces = name == "diagnosis" ? UltrasoundSceneGenerator.Faces : UltrasoundSceneGenerator.TuningFaces;
        var byClass = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int labels = 0, touched = 0;
        SceneFrames? current = null;
        var recorder = new WordRecorder(TesseractTextFinder.Create(null, null));
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.PhiOnly, UseKnownLocationRules = false }, _ => current!, recorder, TesseractLineReader.Create(null, null));
        for (int k = 0; k < files; k++)
        {
            (List<UltrasoundScene> scenes, bool withRegion) = BurnedTextBenchmark.BuildFile(firstSeed, k, faces);
            current = new SceneFrames(scenes);
            recorder.Calls.Clear();
            DicomAnon.Core.DicomFile header = SceneFrames.Header(scenes[0], withRegion);
            PhiValues phi = PhiValues.Capture(header);
            RedactionReport report = remover.Apply(header);
            for (int f = 0; f < scenes.Count; f++)
            {
                foreach (SceneText t in scenes[f].Texts.Where(t => !t.IsPhi))
                {
                    labels++;
                    var box = new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height);
                    if (!report.PerFrame[f].Regions.Any(r => RectangleMath.Intersects(r, box)))
                    {
                        continue;
                    }

                    touched++;
                    List<TextWord> on = f < recorder.Calls.Count ? recorder.Calls[f].Where(w => RectangleMath.IntersectionArea(w.Box, box) * 2 > w.Box.Area).ToList() : new List<TextWord>();
                    bool[] isPhi = PhiMatcher.Match(on, phi);
                    string cls = on.Count == 0 ? "no word on it (neighbour, bridge, growth or later scan)"
                        : on.Any(w => !w.Readable) ? "unreadable"
                        : on.Any(w => w.Unconfirmed) ? "unconfirmed"
                        : isPhi.Any(b => b) ? "read, matched as PHI"
                        : "read, not label vocabulary";
                    byClass[cls] = byClass.TryGetValue(cls, out int n) ? n + 1 : 1;
                    string near = on.Count == 0 ? string.Join(" ", report.PerFrame[f].Regions.Where(r => RectangleMath.Intersects(r, box))) : string.Join(" ", on.Select((w, i) => FormattableString.Invariant($"'{w.Text}'@{w.Confidence:F0}{(isPhi[i] ? "[phi]" : string.Empty)}{(LabelVocabulary.IsLabelWord(w.Text, w.Confidence) ? string.Empty : "[not label]")}/L{w.Line}")));
                    _output.WriteLine(FormattableString.Invariant($"file {k} frame {f}: label {t.PixelHeight}px {t.Face} {t.Style}{(t.InsideSector ? " in sector" : string.Empty)} '{t.Text}' at {box}: {cls}: {near}"));
                }
            }
        }

        _output.WriteLine(FormattableString.Invariant($"{name} PHI only: {touched}/{labels} labels touched"));
        foreach (KeyValuePair<string, int> e in byClass.OrderByDescending(e => e.Value))
        {
            _output.WriteLine(FormattableString.Invariant($"  {e.Key}: {e.Value}"));
        }
    }

    /// <summary>The benchmark's row for PHI-only mode alone (what a PHI-only change can move), with per-file diagnostics.</summary>
    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24)]
    [InlineData("extratuning", 1024, 48)]
    [InlineData("widetuning", BurnedTextBenchmark.WideTuningSeed, 48)]
    [InlineData("diagnosis", BurnedTextBenchmark.DiagnosisSeed, 96)]
    public void PhiOnlyRow(string name, int firstSeed, int files)
    {
        Assert.True(firstSeed < BurnedTextBenchmark.HeldOutSeed || firstSeed >= BurnedTextBenchmark.DiagnosisSeed, "never the held-out set");
        IReadOnlyList<string> faces = name == "widetuning" ? UltrasoundSceneGenerator.WideTuningFaces
            : name.EndsWith("tuning", StringComparison.Ordinal) ? UltrasoundSceneGenerator.TuningFaces : UltrasoundSceneGenerator.Faces;
        DicomAnon.Ocr.LineReadingCache.Shared.Clear();
        BurnedTextBenchmark.Score score = new BurnedTextBenchmark(_output).Run(BurnedTextBenchmark.BuildSet(firstSeed, files, faces), RedactionTarget.PhiOnly, diagnose: true);
        _output.WriteLine(name + ": " + score.Row("PHI only"));
    }

    /// <summary>The Tesseract finder with the words of each call kept (one call per frame and scan).</summary>
    private sealed class WordRecorder : ITextFinder
    {
        private readonly TesseractTextFinder _inner;

        public WordRecorder(TesseractTextFinder inner) => _inner = inner;

        public List<IReadOnlyList<TextWord>> Calls { get; } = new();

        public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
        {
            IReadOnlyList<TextWord> words = _inner.Detect(image, imagingRegions);
            Calls.Add(words);
            return words;
        }

        public void Dispose() => _inner.Dispose();
    }
}
