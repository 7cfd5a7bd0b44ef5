// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Ocr;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, item 5: what the independent re-check reads, per frame, as a user's call runs it. The files named by
/// RECHECK_READS_FILES (';'-separated; tuning seeds of the exam only, e.g. a clip of <c>gen_us.py --seed 5000 --files 1
/// --frames 12 --size 640x480</c>) are each cleaned by one remover with the cmdlet's settings (OCR, re-check on one
/// thread; RECHECK_READS_PHIONLY=1 for PHI only), after a warm-up on RECHECK_READS_WARM and with the line-reading
/// cache cleared. Printed per file: process CPU per frame, and per kind of re-check reading the calls, the Tesseract
/// reads among them (not answered by the line-reading cache) and their CPU. A measurement: without the variable it
/// measures nothing.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class RecheckReadsDiagnosis
{
    private readonly ITestOutputHelper _output;

    public RecheckReadsDiagnosis(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ReadsPerFrame_ByKind()
    {
        string? paths = Environment.GetEnvironmentVariable("RECHECK_READS_FILES");
        if (string.IsNullOrEmpty(paths))
        {
            _output.WriteLine("RECHECK_READS_FILES is not set: nothing measured.");
            return;
        }

        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        bool phiOnly = Environment.GetEnvironmentVariable("RECHECK_READS_PHIONLY") == "1";
        var settings = new RedactionSettings { UseOcr = true, Target = phiOnly ? RedactionTarget.PhiOnly : RedactionTarget.AllText };
        var counting = new CountingReader(TesseractLineReader.Create(null, null));
        using var remover = new BurnedTextRemover(settings, null, TesseractTextFinder.Create(null, null), counting) { RecheckThreads = 1 };
        if (Environment.GetEnvironmentVariable("RECHECK_READS_WARM") is string warm && warm.Length > 0)
        {
            remover.Apply(DicomFile.Open(warm));
        }

        foreach (string path in paths.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            LineReadingCache.Shared.Clear();
            counting.Reset();
            DicomFile file = DicomFile.Open(path);
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            TextRecheck.ReadObserver = counting.Next;
            var beside = new List<string>();
            TextRecheck.BesideTrace = beside.Add;
            RedactionReport report;
            try
            {
                report = remover.Apply(file);
            }
            finally
            {
                TextRecheck.ReadObserver = null;
                TextRecheck.BesideTrace = null;
            }

            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            int n = report.Frames;
            Say(FormattableString.Invariant($"{Path.GetFileName(path)} {settings.Target}: {n} frames, CPU {cpu / n:F0} ms/frame; {report.Outcome}, warnings {report.Warnings.Count}; re-check calls {counting.Calls / (double)n:F1}/frame, Tesseract reads {counting.Reads / (double)n:F1}/frame, their CPU {counting.Milliseconds / n:F0} ms/frame"));
            foreach ((string kind, (int calls, int reads, double ms)) in counting.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                Say(FormattableString.Invariant($"    {kind}: calls {calls / (double)n:F1}/frame, Tesseract reads {reads / (double)n:F1}/frame, CPU {ms / n:F0} ms/frame"));
            }

            if (Environment.GetEnvironmentVariable("RECHECK_BESIDE_ALL") == "1")
            {
                beside.ForEach(Say);
            }

            foreach (string w in report.Warnings)
            {
                Say("    " + w);
            }
        }
    }

    private void Say(string line)
    {
        _output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RECHECK_LOG") is string log && log.Length > 0)
        {
            File.AppendAllText(log, line + Environment.NewLine);
        }
    }

    /// <summary>The re-check's reader, counted per kind of reading: calls, Tesseract reads (cache misses) and process CPU.</summary>
    private sealed class CountingReader : ILineReader
    {
        private readonly ILineReader _inner;
        private string _kind = "other";

        public CountingReader(ILineReader inner) => _inner = inner;

        public Dictionary<string, (int Calls, int Reads, double Ms)> ByKind { get; } = new(StringComparer.Ordinal);

        public int Calls { get; private set; }

        public int Reads { get; private set; }

        public double Milliseconds { get; private set; }

        public void Next(string kind) => _kind = kind;

        public void Reset()
        {
            ByKind.Clear();
            Calls = 0;
            Reads = 0;
            Milliseconds = 0;
        }

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
        {
            long misses = LineReadingCache.Shared.Misses;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            IReadOnlyList<TextWord> words = _inner.ReadLine(ink, width, height, textHeight);
            double ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            int read = LineReadingCache.Shared.Misses > misses ? 1 : 0;
            (int c, int r, double m) = ByKind.TryGetValue(_kind, out var k) ? k : (0, 0, 0);
            ByKind[_kind] = (c + 1, r + read, m + ms);
            Calls++;
            Reads += read;
            Milliseconds += ms;
            _kind = "other";
            return words;
        }

        public void Dispose() => _inner.Dispose();
    }
}
