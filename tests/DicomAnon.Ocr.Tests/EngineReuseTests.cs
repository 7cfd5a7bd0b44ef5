// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using DicomAnon.Ocr.Native;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>
/// Engines are reused across detectors (issue 10, speed: starting one costs ~125 ms of CPU, and each cmdlet call
/// used to start two or three), and OpenMP inside Tesseract runs one thread.
/// </summary>
[Collection(TesseractCollection.Name)]
public sealed class EngineReuseTests : IDisposable
{
    private readonly TesseractFixture _tesseract;

    /// <summary>A data folder of this test's own, so that no other test takes or returns its engines.</summary>
    private readonly string _data;

    public EngineReuseTests(TesseractFixture tesseract)
    {
        _tesseract = tesseract;
        _data = Path.Combine(Path.GetTempPath(), "ocr-engine-reuse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
        File.Copy(Path.Combine(tesseract.Detector.DataPath, "eng.traineddata"), Path.Combine(_data, "eng.traineddata"));
    }

    [Fact]
    public void TryCreate_AfterADetectorWasDisposed_TakesItsEngineAndReadsTheSame()
    {
        GrayTextImage image = TextImageRenderer.Render(300, 40, new Background(255), [new TextSpec("DOE JANE 1974", 4, 6, 20, false)]);
        Assert.True(TextDetector.TryCreate(null, _data, out TextDetector? first, out string? reason), reason);
        IntPtr engine = first!.EngineHandle;
        List<string> before = Describe(first.ReadLine(image.Pixels, image.Width, image.Height, 20));
        first.Dispose();

        Assert.True(TextDetector.TryCreate(null, _data, out TextDetector? second, out reason), reason);
        using (second)
        {
            Assert.Equal(engine, second!.EngineHandle);
            List<string> after = Describe(second.ReadLine(image.Pixels, image.Width, image.Height, 20));
            Assert.Equal(3, after.Count);
            Assert.StartsWith("DOE ", after[0], StringComparison.Ordinal);
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public void TryCreate_WhileTheFirstIsInUse_StartsAnEngineOfItsOwn()
    {
        Assert.True(TextDetector.TryCreate(null, _data, out TextDetector? first, out string? reason), reason);
        Assert.True(TextDetector.TryCreate(null, _data, out TextDetector? second, out reason), reason);
        using (first)
        using (second)
        {
            Assert.NotEqual(first!.EngineHandle, second!.EngineHandle);
        }
    }

    [Fact]
    public void Dispose_ManyDetectors_KeepsAtMostMaxIdleEngines()
    {
        var detectors = new List<TextDetector>();
        for (int i = 0; i < EnginePool.MaxIdle + 2; i++)
        {
            Assert.True(TextDetector.TryCreate(null, _data, out TextDetector? d, out string? reason), reason);
            detectors.Add(d!);
        }

        detectors.ForEach(d => d.Dispose());

        Assert.InRange(EnginePool.IdleCount, 1, EnginePool.MaxIdle);
        Assert.Throws<ObjectDisposedException>(() => detectors[0].ReadLine(new byte[64], 8, 8, 8));
    }

    [Fact]
    public void OpenMpThreadLimit_AsTheOpenMpRuntimeReadIt_IsOne()
    {
        // The fixture's detector loaded libtesseract, and with it libgomp, which reads OMP_THREAD_LIMIT once as it
        // loads: a limit set too late (or only in .NET's copy of the environment) would show here as a large number.
        Assert.NotNull(_tesseract.Detector);
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return;
        }

        Assert.Equal("1", TextDetector.NativeOpenMpThreadLimit);
        Assert.Equal(1, GnuOpenMp.omp_get_thread_limit());
    }

    public void Dispose()
    {
        // Engines of this test's data folder must not outlive it.
        EnginePool.Clear();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>Text, confidence and box of each word: what a caller gets from a reading.</summary>
    private static List<string> Describe(IReadOnlyList<OcrWord> words) =>
        words.Select(w => FormattableString.Invariant($"{w.Text} {w.Confidence} {w.X},{w.Y},{w.Width}x{w.Height}")).ToList();

#pragma warning disable SA1300, IDE1006 // native names
    private static class GnuOpenMp
    {
        [DllImport("libgomp.so.1")]
        public static extern int omp_get_thread_limit();
    }
#pragma warning restore SA1300, IDE1006
}
