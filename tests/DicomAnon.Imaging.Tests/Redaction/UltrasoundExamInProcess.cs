// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Runs the engine in process over a set of the independent exam (tests/RedTeam/ultrasound, gen_us.py) as
/// Remove-DicomBurnedText would (same settings, one file at a time), and writes the run.csv that measure.py scores,
/// without building the module. Also counts the OCR line reads per frame. Opt-in: set DICOMANON_EXAM_SET (the set
/// folder), DICOMANON_EXAM_OUT (a new folder) and DICOMANON_EXAM_MODE (alltext or phionly); never on seeds &gt;= 21000.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class UltrasoundExamInProcess
{
    private readonly ITestOutputHelper _output;

    public UltrasoundExamInProcess(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Run()
    {
        string? set = Environment.GetEnvironmentVariable("DICOMANON_EXAM_SET");
        string? outDir = Environment.GetEnvironmentVariable("DICOMANON_EXAM_OUT");
        string mode = Environment.GetEnvironmentVariable("DICOMANON_EXAM_MODE") ?? "alltext";
        if (set is null || outDir is null)
        {
            _output.WriteLine("DICOMANON_EXAM_SET / DICOMANON_EXAM_OUT not set: nothing to run.");
            return;
        }

        Assert.True(Directory.Exists(set), "the exam set folder exists");
        var settings = new RedactionSettings { UseOcr = true, Target = mode == "phionly" ? RedactionTarget.PhiOnly : RedactionTarget.AllText };
        var finder = TesseractTextFinder.Create(null, null);
        using var remover = new BurnedTextRemover(settings, null, finder);
        string[] files = Directory.GetFiles(set, "us_*.dcm").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        remover.Apply(DicomFile.Open(files[0])); // warm-up: model load and JIT, not timed
        DicomAnon.Ocr.LineReadingCache.Shared.Clear(); // or the first file would be timed on the warm-up's readings
        var csv = new StringBuilder("\"File\",\"WallMs\",\"CpuMs\",\"Status\",\"PixelOutcome\",\"TextRemaining\",\"RegionsBlackedOut\",\"BiaCleared\",\"RecheckBoxes\",\"ErrorIds\",\"Outputs\"\n");
        int frames = 0, reads = 0;
        double cpuTotal = 0;
        foreach (string path in files)
        {
            string name = Path.GetFileName(path);
            string dest = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path));
            Directory.CreateDirectory(dest);
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            int read0 = finder.LinesRead;
            var file = DicomFile.Open(path);
            RedactionReport report = remover.Apply(file);
            string output = Path.Combine(dest, name);
            file.Save(output);
            sw.Stop();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            cpuTotal += cpu;
            frames += report.Frames;
            reads += finder.LinesRead - read0;
            string boxes = string.Join(";", report.Warnings.Select(w => System.Text.RegularExpressions.Regex.Match(w, @"frame (\d+) at x=(\d+), y=(\d+), (\d+)x(\d+)")).Where(m => m.Success)
                .Select(m => string.Join(",", m.Groups[1].Value + ":" + m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value)));
            csv.Append(string.Join(",", new[]
            {
                name,
                sw.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                cpu.ToString("F1", CultureInfo.InvariantCulture),
                report.Outcome.ToString(),
                report.Outcome.ToString(),
                string.Empty,
                report.PerFrame.Sum(f => f.Regions.Count).ToString(CultureInfo.InvariantCulture),
                report.BurnedInAnnotationCleared ? "True" : "False",
                boxes,
                string.Empty,
                output,
            }.Select(v => "\"" + v + "\""))).Append('\n');
        }

        File.WriteAllText(Path.Combine(outDir, "run.csv"), csv.ToString());
        _output.WriteLine(FormattableString.Invariant($"{files.Length} files, {frames} frames, {cpuTotal / frames:F0} ms CPU per frame, first-pass finder line reads {reads} ({(double)reads / frames:F1} per frame)"));
    }
}
