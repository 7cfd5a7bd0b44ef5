// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Speed of OCR-based cleaning (issue 10): a 100-frame 640x480 cine (speckle changes every frame, overlays static), alone and two at once (2 cores). A measurement, not a timed test.</summary>
[Trait("Category", "Benchmark")]
public sealed class CineTimingBenchmarks
{
    private readonly ITestOutputHelper _output;

    public CineTimingBenchmarks(ITestOutputHelper output) => _output = output;

    [Fact]
    public void OcrCleaning_HundredFrameCine_Timings()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        var scenes = Enumerable.Range(0, 100).Select(f => UltrasoundSceneGenerator.Generate(7777, 640, 480, 7777 + (1000 * f))).ToList();
        TimeSpan Run(out RedactionReport report, out double cpu)
        {
            var frames = new SceneFrames(scenes);
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));
            var sw = Stopwatch.StartNew();
            report = remover.Apply(SceneFrames.Header(scenes[0], true));
            sw.Stop();
            cpu = 0;
            return sw.Elapsed;
        }

        Run(out RedactionReport _, out double _); // warm-up
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan one = Run(out RedactionReport r, out _);
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        _output.WriteLine($"100-frame 640x480 cine, one thread: {one.TotalSeconds:F1} s wall, {cpuMs / 1000:F1} s CPU ({cpuMs / 100:F0} ms CPU/frame); {r.Verification}; frames changed {r.FramesChanged}");

        // Two cines at once, one engine per thread: what the module does with two files on the 2-core machine.
        var sw = Stopwatch.StartNew();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => Run(out RedactionReport _, out double _));
        sw.Stop();
        _output.WriteLine($"two 100-frame cines on two threads: {sw.Elapsed.TotalSeconds:F1} s wall ({sw.Elapsed.TotalSeconds / 2:F1} s per cine)");
        Assert.Equal(100, r.Frames);
    }
}
