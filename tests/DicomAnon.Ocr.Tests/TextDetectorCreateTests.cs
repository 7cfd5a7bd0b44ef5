// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using Xunit;

namespace DicomAnon.Ocr.Tests;

public sealed class TextDetectorCreateTests
{
    [Fact]
    public void TryCreate_BogusLibraryPath_ReturnsFalseWithReasonNamingTesseract()
    {
        string bogus = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "libtesseract.so.5");

        bool ok = TextDetector.TryCreate(bogus, null, out TextDetector? detector, out string? reason);

        Assert.False(ok);
        Assert.Null(detector);
        Assert.NotNull(reason);
        Assert.Contains("tesseract", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("install", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(bogus, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_FileThatIsNotALibrary_ReturnsFalseInsteadOfThrowing()
    {
        string fake = Path.Combine(Path.GetTempPath(), "fake-tesseract-" + Guid.NewGuid().ToString("N") + ".so");
        File.WriteAllText(fake, "not an ELF file");
        try
        {
            bool ok = TextDetector.TryCreate(fake, null, out TextDetector? detector, out string? reason);

            Assert.False(ok);
            Assert.Null(detector);
            Assert.Contains("tesseract", reason, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(fake);
        }
    }

    [Fact]
    public void TryCreate_LibraryWithoutTesseractSymbols_ReturnsFalseNamingTheMissingFunction()
    {
        // A real shared library that is not Tesseract: binding must fail cleanly, not with EntryPointNotFoundException later.
        string other = "/usr/lib/x86_64-linux-gnu/liblept.so.5";
        Assert.True(File.Exists(other), "leptonica (a Tesseract dependency) is expected where Tesseract is installed");

        bool ok = TextDetector.TryCreate(other, null, out TextDetector? detector, out string? reason);

        Assert.False(ok);
        Assert.Null(detector);
        Assert.Contains("TessVersion", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_DataFolderWithoutLanguage_ReturnsFalseNamingTheTrainedData()
    {
        string empty = Directory.CreateTempSubdirectory("tessdata-").FullName;
        try
        {
            bool ok = TextDetector.TryCreate(null, empty, out TextDetector? detector, out string? reason);

            Assert.False(ok);
            Assert.Null(detector);
            Assert.Contains("eng.traineddata", reason, StringComparison.Ordinal);
            Assert.Contains("tesseract-ocr-eng", reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void TryCreate_InstalledTesseract_LoadsVersion5WithData()
    {
        bool ok = TextDetector.TryCreate(null, null, out TextDetector? detector, out string? reason);

        Assert.True(ok, reason);
        using (detector)
        {
            Assert.StartsWith("5.", detector!.TesseractVersion, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(detector.DataPath, "eng.traineddata")));
            Assert.Contains("tesseract", detector.LibraryPath, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void TryCreate_ExplicitLibraryFolder_FindsTheLibraryInIt()
    {
        bool ok = TextDetector.TryCreate("/usr/lib/x86_64-linux-gnu", "/usr/share/tesseract-ocr/5/tessdata", out TextDetector? detector, out string? reason);

        Assert.True(ok, reason);
        using (detector)
        {
            Assert.Equal("/usr/lib/x86_64-linux-gnu/libtesseract.so.5", detector!.LibraryPath);
        }
    }

    [Fact]
    public void TryCreate_MissingLanguage_ReturnsFalse()
    {
        var options = new TextDetectorOptions { Language = "xyz" };

        bool ok = TextDetector.TryCreate(null, null, options, out TextDetector? detector, out string? reason);

        Assert.False(ok);
        Assert.Null(detector);
        Assert.Contains("xyz.traineddata", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NoScales_ThrowsArgumentException()
    {
        var options = new TextDetectorOptions { Scales = [] };

        Assert.Throws<ArgumentException>(() => TextDetector.TryCreate(null, null, options, out _, out _));
    }

    [Fact]
    public void Detect_AfterDispose_ThrowsObjectDisposed()
    {
        Assert.True(TextDetector.TryCreate(null, null, out TextDetector? detector, out string? reason), reason);
        detector!.Dispose();

        Assert.Throws<ObjectDisposedException>(() => detector.Detect(new byte[64], 8, 8));
    }
}
