// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, item 2: where the re-check's false alarms come from. For every file whose text (all text) or PHI
/// (PHI only) was all blacked out but which still ends TextRemaining, each box that kept it is printed with what
/// said it (the first pass's re-read, an unvouched guess, or the independent re-check and its evidence) and what lies
/// under it (a label left, a blacked-out box beside it, sector, nothing). Also the re-check's share of the time: its
/// own OCR reads are timed through a wrapping reader. Sets: our tuning sets, and an exam set (tuning seeds only:
/// 5000-5999, 20417, 20931) given by RECHECK_EXAM_SET. Held-out sets are never surveyed here (totals only, from the
/// target table). Run with
/// <c>dotnet test tests/DicomAnon.Imaging.Tests -c Release --filter "FullyQualifiedName~RecheckAlarmSurvey" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class RecheckAlarmSurvey
{
    private readonly ITestOutputHelper _output;

    public RecheckAlarmSurvey(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tuning", BurnedTextBenchmark.TuningSeed, 24)]
    [InlineData("extratuning", 1024, 48)]
    [InlineData("widetuning", BurnedTextBenchmark.WideTuningSeed, 48)]
    [InlineData("diagnosis", BurnedTextBenchmark.DiagnosisSeed, 96)]
    public void OurSet(string name, int firstSeed, int files)
    {
        if (Environment.GetEnvironmentVariable("RECHECK_SETS") is string only && !only.Split(',').Contains(name))
        {
            return;
        }

        IReadOnlyList<string> faces = name == "widetuning" ? UltrasoundSceneGenerator.WideTuningFaces
            : name.EndsWith("tuning", StringComparison.Ordinal) ? UltrasoundSceneGenerator.TuningFaces : UltrasoundSceneGenerator.Faces;
        var set = BurnedTextBenchmark.BuildSet(firstSeed, files, faces);
        foreach (RedactionTarget target in Targets())
        {
            SceneFrames? current = null;
            var timed = new TimedReader(TesseractLineReader.Create(null, null));
            using var remover = new BurnedTextRemover(Settings(target), _ => current!, TesseractTextFinder.Create(null, null), timed) { RecheckThreads = 1 };
            var tally = new Tally(name, target);
            for (int k = 0; k < set.Count; k++)
            {
                (List<UltrasoundScene> scenes, bool withRegion) = set[k];
                current = new SceneFrames(scenes);
                var texts = Enumerable.Range(0, scenes.Count).Select(f => scenes[f].Texts.Select(t => new Truth(t.IsPhi ? "phi" : "label", new PixelRect(t.Box.X, t.Box.Y, t.Box.Width, t.Box.Height), t.InsideSector)).ToList()).ToList();
                RedactionReport? report = null;
                Survey(tally, timed, k, () => report = remover.Apply(SceneFrames.Header(scenes[0], withRegion)), texts, (f, r) => SectorShare(scenes[f], r));
                if (Environment.GetEnvironmentVariable("RECHECK_TIME") == "1")
                {
                    // The re-check alone, run again on the cleaned frames (its own cache fresh, as in a run): CPU in all, and in its reads.
                    var again = new TimedReader(timed.Inner);
                    PixelRect[] regions = withRegion ? new[] { new PixelRect(scenes[0].SectorBox.X, scenes[0].SectorBox.Y, scenes[0].SectorBox.Width, scenes[0].SectorBox.Height) } : Array.Empty<PixelRect>();
                    var recheck = new TextRecheck(again, target, regions);
                    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    for (int f = 0; f < scenes.Count; f++)
                    {
                        recheck.Check(f, current!.RenderGray(f), report!.PerFrame[f].Regions);
                    }

                    tally.RecheckAlone += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                    tally.RecheckAloneOcr += again.Milliseconds;
                }
            }

            Say(tally.Summary());
        }
    }

    /// <summary>An exam set (tests/RedTeam/ultrasound, gen_us.py) named by RECHECK_EXAM_SET; tuning seeds only.</summary>
    [Fact]
    public void ExamSet()
    {
        string? folder = Environment.GetEnvironmentVariable("RECHECK_EXAM_SET");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        foreach (RedactionTarget target in Targets())
        {
            var timed = new TimedReader(TesseractLineReader.Create(null, null));
            using var remover = new BurnedTextRemover(Settings(target), null, TesseractTextFinder.Create(null, null), timed) { RecheckThreads = 1 };
            var tally = new Tally(Path.GetFileName(folder), target);
            string[] paths = Directory.GetFiles(folder, "us_*.dcm").OrderBy(p => p, StringComparer.Ordinal).ToArray();
            remover.Apply(DicomFile.Open(paths[0]));
            for (int k = 0; k < paths.Length; k++)
            {
                string truthPath = Path.Combine(folder, "truth", Path.GetFileNameWithoutExtension(paths[k]) + ".json");
                List<List<Truth>> texts = ExamTruth(truthPath);
                DicomFile file = DicomFile.Open(paths[k]);
                Survey(tally, timed, k, () => remover.Apply(file), texts, (_, _) => 0);
            }

            Say(tally.Summary());
        }
    }

    /// <summary>To the test output and, as it happens, to the file RECHECK_LOG names (the test output shows only at the end).</summary>
    private void Say(string line)
    {
        _output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RECHECK_LOG") is string log && log.Length > 0)
        {
            File.AppendAllText(log, line + Environment.NewLine);
        }
    }

    private static IEnumerable<RedactionTarget> Targets()
    {
        string? modes = Environment.GetEnvironmentVariable("RECHECK_MODES");
        return new[] { RedactionTarget.AllText, RedactionTarget.PhiOnly }.Where(t => modes is null || modes.Split(',').Contains(t.ToString()));
    }

    private static RedactionSettings Settings(RedactionTarget target) => new() { UseOcr = true, Target = target, UseKnownLocationRules = false };

    private void Survey(Tally tally, TimedReader timed, int index, Func<RedactionReport> apply, List<List<Truth>> texts, Func<int, PixelRect, double> sectorShare)
    {
        double ocrBefore = timed.Milliseconds;
        int readsBefore = timed.Reads;
        var beside = new List<string>();
        TextRecheck.BesideTrace = beside.Add;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        RedactionReport report;
        try
        {
            report = apply();
        }
        finally
        {
            TextRecheck.BesideTrace = null;
        }
        double fileCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        tally.Cpu += fileCpu;
        tally.RecheckOcr += timed.Milliseconds - ocrBefore;
        tally.RecheckReads += timed.Reads - readsBefore;
        tally.Frames += texts.Count;
        tally.Files++;

        bool phiLeft = false, anyLeft = false;
        for (int f = 0; f < texts.Count; f++)
        {
            foreach (Truth t in texts[f])
            {
                t.Left = !Covered(t.Box, report.PerFrame[f].Regions);
                phiLeft |= t.Left && t.Kind == "phi";
                anyLeft |= t.Left;
            }
        }

        foreach (string line in beside)
        {
            // Which reads beside a blacked-out box found text, and whether text truly lies there (measured before any filter on them).
            Match s = BesideStrip().Match(line);
            int sure = int.Parse(BesideSure().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
            var strip = new PixelRect(Int(s, "x"), Int(s, "y"), Int(s, "w"), Int(s, "h"));
            bool truth = texts.Any(fr => fr.Any(t => t.Left && RectangleMath.Intersects(t.Box, strip)));
            tally.BesideReads++;
            tally.BesideHits += sure >= TextRecheck.ReadMinCharacters ? 1 : 0;
            if (sure >= TextRecheck.ReadMinCharacters || truth)
            {
                Say(FormattableString.Invariant($"  {tally.Name} {tally.Target} file {index}: {(truth ? "TEXT LEFT THERE" : "no text left there")} {line}"));
            }
            else if (Environment.GetEnvironmentVariable("RECHECK_BESIDE_ALL") == "1")
            {
                Say(FormattableString.Invariant($"  {tally.Name} {tally.Target} file {index}: miss {line}"));
            }
        }

        bool clean = tally.Target == RedactionTarget.AllText ? !anyLeft : !phiLeft;
        bool alarm = clean && report.Verification == RedactionVerification.TextRemaining;
        tally.FalseAlarms += alarm ? 1 : 0;
        tally.NoWithPhi += report.BurnedInAnnotationCleared && phiLeft ? 1 : 0;
        if (report.BurnedInAnnotationCleared && phiLeft)
        {
            Say(FormattableString.Invariant($"{tally.Name} {tally.Target} file {index}: BIA NO WITH PHI LEFT"));
        }

        if (!alarm)
        {
            return;
        }

        Say(FormattableString.Invariant($"{tally.Name} {tally.Target} file {index} ({texts.Count} frames): FALSE ALARM"));
        foreach (string w in report.Warnings)
        {
            Match m = WarningBox().Match(w);
            if (!m.Success)
            {
                continue;
            }

            int f = int.Parse(m.Groups["f"].Value, CultureInfo.InvariantCulture);
            var box = new PixelRect(Int(m, "x"), Int(m, "y"), Int(m, "w"), Int(m, "h"));
            string source = w.StartsWith("The independent", StringComparison.Ordinal) ? m.Groups["what"].Value : w.StartsWith("Possible", StringComparison.Ordinal) ? "first pass guess" : "first pass re-read";
            Truth? under = texts[f].Where(t => RectangleMath.Intersects(t.Box, box)).OrderByDescending(t => RectangleMath.IntersectionArea(t.Box, box)).FirstOrDefault();
            string what = under is null ? "no text" : FormattableString.Invariant($"{under.Kind}{(under.Left ? " LEFT" : " removed")} {under.Box}");
            PixelRect? near = report.PerFrame[f].Regions.Where(r => RectangleMath.Intersects(RectangleMath.Pad(r, Math.Max(4, r.Height)), box)).Cast<PixelRect?>().FirstOrDefault();
            string cls = FormattableString.Invariant($"{source} | {what} | {(near is null ? "alone" : "beside blackout " + near.Value)} | sector {sectorShare(f, box):P0}");
            Say(FormattableString.Invariant($"    f{f} {box.X},{box.Y} {box.Width}x{box.Height}: {cls}"));
            string key = source + " | " + (under is null ? "no text" : under.Kind) + " | " + (near is null ? "alone" : "beside");
            tally.Classes[key] = tally.Classes.TryGetValue(key, out int c) ? c + 1 : 1;
        }
    }

    private static int Int(Match m, string g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);

    private static bool Covered(PixelRect box, IReadOnlyList<PixelRect> regions)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                if (!regions.Any(r => x >= r.X && x < r.Right && y >= r.Y && y < r.Bottom))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static double SectorShare(UltrasoundScene scene, PixelRect r)
    {
        PixelRect c = r.ClipTo(scene.Width, scene.Height);
        int inside = 0;
        for (int y = c.Y; y < c.Bottom; y++)
        {
            for (int x = c.X; x < c.Right; x++)
            {
                inside += scene.Sector[(y * scene.Width) + x] ? 1 : 0;
            }
        }

        return c.Area == 0 ? 0 : (double)inside / c.Area;
    }

    /// <summary>Per frame, the exam's items (phi, field, label) with their tight boxes.</summary>
    private static List<List<Truth>> ExamTruth(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        int frames = doc.RootElement.GetProperty("frames").GetInt32();
        var result = Enumerable.Range(0, frames).Select(_ => new List<Truth>()).ToList();
        foreach (JsonElement item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            string kind = item.GetProperty("kind").GetString() ?? "label";
            bool sector = item.TryGetProperty("over_sector", out JsonElement o) && o.ValueKind == JsonValueKind.True;
            foreach (JsonElement fr in item.GetProperty("frames").EnumerateArray())
            {
                JsonElement b = fr.GetProperty("box");
                if (b.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                result[fr.GetProperty("frame").GetInt32()].Add(new Truth(kind, new PixelRect(b[0].GetInt32(), b[1].GetInt32(), b[2].GetInt32(), b[3].GetInt32()), sector));
            }
        }

        return result;
    }

    [GeneratedRegex(@"strip=(?<x>-?\d+),(?<y>-?\d+),(?<w>\d+),(?<h>\d+)")]
    private static partial Regex BesideStrip();

    [GeneratedRegex(@" sure=(\d+)")]
    private static partial Regex BesideSure();

    [GeneratedRegex(@"(finds (?<what>.+?) )?in frame (?<f>\d+) at x=(?<x>-?\d+), y=(?<y>-?\d+), (?<w>\d+)x(?<h>\d+)")]
    private static partial Regex WarningBoxPattern();

    private static Regex WarningBox()
    {
        return WarningBoxPattern();
    }

    private sealed class Truth
    {
        public Truth(string kind, PixelRect box, bool sector)
        {
            Kind = kind;
            Box = box;
            Sector = sector;
        }

        public string Kind { get; }

        public PixelRect Box { get; }

        public bool Sector { get; }

        public bool Left { get; set; }
    }

    private sealed class Tally
    {
        public Tally(string name, RedactionTarget target)
        {
            Name = name;
            Target = target;
        }

        public string Name { get; }

        public RedactionTarget Target { get; }

        public int Files { get; set; }

        public int Frames { get; set; }

        public int FalseAlarms { get; set; }

        public int NoWithPhi { get; set; }

        public double Cpu { get; set; }

        public double RecheckOcr { get; set; }

        public int RecheckReads { get; set; }

        public double RecheckAlone { get; set; }

        public double RecheckAloneOcr { get; set; }

        public int BesideReads { get; set; }

        public int BesideHits { get; set; }

        public Dictionary<string, int> Classes { get; } = new(StringComparer.Ordinal);

        public string Summary() => FormattableString.Invariant(
            $"{Name} {Target}: {Files} files, {Frames} frames, false alarms {FalseAlarms}, NO with PHI left {NoWithPhi}; CPU {Cpu / Math.Max(1, Frames):F0} ms/frame, re-check OCR {RecheckOcr / Math.Max(1, Frames):F0} ms/frame CPU ({RecheckReads} reads; beside {BesideReads}, {BesideHits} hits); re-check alone {RecheckAlone / Math.Max(1, Frames):F0} ms/frame CPU, {RecheckAloneOcr / Math.Max(1, Frames):F0} of it reading{Environment.NewLine}  classes: {string.Join("; ", Classes.OrderByDescending(kv => kv.Value).Select(kv => kv.Key + " = " + kv.Value))}");
    }

    /// <summary>The re-check's reader, timed (process CPU during its reads: one thread does the work).</summary>
    private sealed class TimedReader : ILineReader
    {
        private readonly ILineReader _inner;

        public TimedReader(ILineReader inner) => _inner = inner;

        public ILineReader Inner => _inner;

        public double Milliseconds { get; private set; }

        public int Reads { get; private set; }

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            IReadOnlyList<TextWord> words = _inner.ReadLine(ink, width, height, textHeight);
            Milliseconds += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Reads++;
            return words;
        }

        public void Dispose() => _inner.Dispose();
    }
}
