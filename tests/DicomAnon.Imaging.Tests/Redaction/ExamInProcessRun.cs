// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Runs the engine in process over files of the independent exam (tests/RedTeam/ultrasound, gen_us.py) as
/// Remove-DicomBurnedText would (the cmdlet's settings, one file at a time, one remover), times each file (wall and
/// process CPU, so every thread counts), and writes the run.csv that measure.py scores, without building the module.
/// Opt-in, never on seeds &gt;= 21000:
/// <list type="bullet">
/// <item>DICOMANON_EXAM_SET: a set folder (its us_*.dcm), or DICOMANON_EXAM_FILES: ';'-separated files (e.g. one
/// 100-frame clip: <c>gen_us.py --seed 5000 --files 1 --frames 100 --size 640x480</c>);</item>
/// <item>DICOMANON_EXAM_OUT: a new folder for the cleaned files and run.csv (optional with FILES);</item>
/// <item>DICOMANON_EXAM_MODE: alltext (default) or phionly;</item>
/// <item>DICOMANON_EXAM_WARMUP: a file cleaned first, untimed (default: the first file), after which the line-reading
/// cache is cleared so no file is timed on the warm-up's readings;</item>
/// <item>DICOMANON_EXAM_NOCARRY=1: the re-check reads every crop of every frame (no <see cref="RecheckReadingCarry"/>).</item>
/// </list>
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ExamInProcessRun
{
    private readonly ITestOutputHelper _output;

    public ExamInProcessRun(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Run()
    {
        string? set = Environment.GetEnvironmentVariable("DICOMANON_EXAM_SET");
        string? list = Environment.GetEnvironmentVariable("DICOMANON_EXAM_FILES");
        string? outDir = Environment.GetEnvironmentVariable("DICOMANON_EXAM_OUT");
        string mode = Environment.GetEnvironmentVariable("DICOMANON_EXAM_MODE") ?? "alltext";
        if (string.IsNullOrEmpty(set) && string.IsNullOrEmpty(list))
        {
            _output.WriteLine("DICOMANON_EXAM_SET / DICOMANON_EXAM_FILES not set: nothing to run.");
            return;
        }

        string[] files = !string.IsNullOrEmpty(list)
            ? list.Split(';', StringSplitOptions.RemoveEmptyEntries)
            : Directory.GetFiles(set!, "us_*.dcm").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        bool carry = Environment.GetEnvironmentVariable("DICOMANON_EXAM_NOCARRY") != "1";
        var settings = new RedactionSettings { UseOcr = true, Target = mode == "phionly" ? RedactionTarget.PhiOnly : RedactionTarget.AllText };
        var finder = TesseractTextFinder.Create(null, null);
        using var remover = new BurnedTextRemover(settings, null, finder) { CarryRecheckReadings = carry };
        remover.Apply(DicomFile.Open(Environment.GetEnvironmentVariable("DICOMANON_EXAM_WARMUP") ?? files[0])); // engines loaded, code compiled: not timed
        DicomAnon.Ocr.LineReadingCache.Shared.Clear(); // or a file would be timed on the warm-up's readings
        _output.WriteLine($"mode {mode}, carry {(carry ? "on" : "off")}, load average at start {LoadAverage()}");

        var csv = new StringBuilder("\"File\",\"WallMs\",\"CpuMs\",\"Status\",\"PixelOutcome\",\"TextRemaining\",\"RegionsBlackedOut\",\"BiaCleared\",\"RecheckBoxes\",\"ErrorIds\",\"Outputs\"\n");
        int frames = 0, reads = 0;
        double cpuTotal = 0, wallTotal = 0;
        foreach (string path in files)
        {
            string name = Path.GetFileName(path);
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            int read0 = finder.LinesRead;
            var file = DicomFile.Open(path);
            RedactionReport report = remover.Apply(file);
            string output = string.Empty;
            if (!string.IsNullOrEmpty(outDir))
            {
                string dest = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path));
                Directory.CreateDirectory(dest);
                output = Path.Combine(dest, name);
                file.Save(output);
            }

            sw.Stop();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            cpuTotal += cpu;
            wallTotal += sw.Elapsed.TotalMilliseconds;
            frames += report.Frames;
            reads += finder.LinesRead - read0;
            _output.WriteLine(FormattableString.Invariant($"{name}: {report.Frames} frames, {cpu / 1000:F1} s CPU ({cpu / report.Frames:F0} ms/frame), {sw.Elapsed.TotalSeconds:F1} s wall; {report.Outcome}, frames changed {report.FramesChanged}, OCR calls {report.OcrCalls}, warnings {report.Warnings.Count}"));

            // Where, never what: the re-check's boxes as measure.py reads them from the warnings.
            string boxes = string.Join(";", report.Warnings.Select(w => Regex.Match(w, @"frame (\d+) at x=(\d+), y=(\d+), (\d+)x(\d+)")).Where(m => m.Success)
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

        if (!string.IsNullOrEmpty(outDir))
        {
            File.WriteAllText(Path.Combine(outDir, "run.csv"), csv.ToString());
        }

        _output.WriteLine(FormattableString.Invariant($"{files.Length} files, {frames} frames, {cpuTotal / 1000:F1} s CPU ({cpuTotal / frames:F0} ms per frame), {wallTotal / 1000:F1} s wall; first-pass finder line reads {reads} ({(double)reads / frames:F1} per frame); load average at end {LoadAverage()}"));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
