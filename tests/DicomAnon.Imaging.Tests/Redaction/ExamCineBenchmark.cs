// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// CPU of cleaning a cine as a user runs it (issue 10, item 5): the files named by DICOMANON_CINE (';'-separated),
/// e.g. a 100-frame clip of the exam generator (<c>gen_us.py --seed 5000 --files 1 --frames 100 --size 640x480</c>),
/// each cleaned by one remover with the cmdlet's settings (OCR, re-check, all text; DICOMANON_CINE_PHIONLY=1 for PHI
/// only). The first file warms up (engines started, code compiled): name a small one first; of several files, it is
/// not written. Process CPU, so it counts every thread. With DICOMANON_CINE_OUT, the cleaned files and a run.csv for
/// the exam's measure.py go there.
/// A measurement, not a timed test: without DICOMANON_CINE it measures nothing.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ExamCineBenchmark
{
    private readonly ITestOutputHelper _output;

    public ExamCineBenchmark(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Cine_AsOneCall_CpuSeconds()
    {
        string? paths = Environment.GetEnvironmentVariable("DICOMANON_CINE");
        if (string.IsNullOrEmpty(paths))
        {
            _output.WriteLine("DICOMANON_CINE is not set: nothing measured.");
            return;
        }

        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        bool phiOnly = Environment.GetEnvironmentVariable("DICOMANON_CINE_PHIONLY") == "1";
        var settings = new RedactionSettings { UseOcr = true, Target = phiOnly ? RedactionTarget.PhiOnly : RedactionTarget.AllText };
        using var remover = new BurnedTextRemover(settings);

        string? outDir = Environment.GetEnvironmentVariable("DICOMANON_CINE_OUT");
        var csv = new StringBuilder("File,WallMs,CpuMs,Status,RecheckBoxes,Outputs\n");
        string[] files = paths.Split(';', StringSplitOptions.RemoveEmptyEntries);
        for (int k = 0; k < files.Length; k++)
        {
            string path = files[k];
            var file = DicomFile.Open(path);
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            RedactionReport report = remover.Apply(file);
            sw.Stop();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            _output.WriteLine(FormattableString.Invariant($"{Path.GetFileName(path)}: {report.Frames} frames, {cpu:F1} s CPU ({cpu * 1000 / report.Frames:F0} ms/frame), {sw.Elapsed.TotalSeconds:F1} s wall; {report.Outcome}, frames changed {report.FramesChanged}, OCR calls {report.OcrCalls}, warnings {report.Warnings.Count}"));
            Assert.True(report.Frames > 0);
            if (!string.IsNullOrEmpty(outDir) && (k > 0 || files.Length == 1))
            {
                string output = Path.Combine(outDir, Path.GetFileName(path));
                file.Save(output, new Core.IO.DicomWriteOptions { Overwrite = true });
                string boxes = string.Join(";", report.PerFrame.SelectMany(f => f.TextRemaining.Select(r => FormattableString.Invariant($"{f.Frame}:{r.X},{r.Y},{r.Width},{r.Height}"))));
                csv.Append(FormattableString.Invariant($"{Path.GetFileName(path)},{sw.Elapsed.TotalMilliseconds:F0},{cpu * 1000:F0},{report.Outcome},\"{boxes}\",\"{output}\"\n"));
            }
        }

        if (!string.IsNullOrEmpty(outDir))
        {
            File.WriteAllText(Path.Combine(outDir, "run.csv"), csv.ToString());
        }
    }
}
