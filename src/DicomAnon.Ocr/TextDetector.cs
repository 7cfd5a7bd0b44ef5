// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using DicomAnon.Ocr.Native;

namespace DicomAnon.Ocr;

/// <summary>
/// Finds burned-in text in a grayscale image with Tesseract (system library, through its C API).
/// Each image is read several times (enlarged, both polarities, thresholded: see <see cref="TextDetectorOptions"/>)
/// and the words from all runs are merged into one list in the image's own coordinates.
/// </summary>
/// <threadsafety>Not thread-safe: an instance owns one Tesseract engine. Use one detector per thread.</threadsafety>
public sealed class TextDetector : IDisposable
{
    private readonly Tesseract _api;
    private readonly TessBaseApiHandle _engine;
    private readonly TextDetectorOptions _options;

    private TextDetector(Tesseract api, TessBaseApiHandle engine, TextDetectorOptions options, string libraryPath, string dataPath)
    {
        _api = api;
        _engine = engine;
        _options = options;
        LibraryPath = libraryPath;
        DataPath = dataPath;
        TesseractVersion = api.GetVersion();
    }

    /// <summary>The Tesseract library in use.</summary>
    public string LibraryPath { get; }

    /// <summary>The tessdata folder in use.</summary>
    public string DataPath { get; }

    /// <summary>Tesseract's own version string, e.g. "5.3.0".</summary>
    public string TesseractVersion { get; }

    /// <summary>Loads Tesseract; on failure returns false and a reason that names what to install.</summary>
    /// <param name="libraryPath">Explicit path to the Tesseract shared library (or its folder), or null to search the usual places.</param>
    /// <param name="dataPath">Folder holding eng.traineddata, or null for TESSDATA_PREFIX or the usual places.</param>
    public static bool TryCreate(string? libraryPath, string? dataPath, out TextDetector? detector, out string? failureReason) =>
        TryCreate(libraryPath, dataPath, new TextDetectorOptions(), out detector, out failureReason);

    /// <summary>Loads Tesseract with the given options; on failure returns false and a reason that names what to install.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (a caller bug, not a missing install).</exception>
    public static bool TryCreate(string? libraryPath, string? dataPath, TextDetectorOptions options, out TextDetector? detector, out string? failureReason)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        options.Validate();
        TextDetectorOptions own = options.Clone();
        detector = null;

        if (!NativeLibraryLoader.TryLoad(libraryPath, out Tesseract? api, out string? loadedFrom, out failureReason))
        {
            return false;
        }

        if (!TryFindData(dataPath, loadedFrom!, own.Language, out string? data, out failureReason))
        {
            return false;
        }

        TessBaseApiHandle? engine = null;
        try
        {
            engine = TessBaseApiHandle.Create(api!);
            IntPtr raw = engine.DangerousGetHandle();

            // Tesseract writes warnings ("Empty page", "Image too small") to stderr, which a PowerShell host shows.
            SilenceDiagnostics(api!, raw);
            string dataWithSeparator = data!.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? data : data + Path.DirectorySeparatorChar;
            int rc = api!.BaseApiInit2(raw, Utf8.ToNative(dataWithSeparator), Utf8.ToNative(own.Language), Tesseract.OemLstmOnly);
            if (rc != 0)
            {
                failureReason = string.Format(
                    CultureInfo.InvariantCulture,
                    "Tesseract could not start with language '{0}' and data folder '{1}' (TessBaseAPIInit2 returned {2}). {3}",
                    own.Language,
                    data,
                    rc,
                    NativeLibraryLoader.InstallHint);
                engine.Dispose();
                return false;
            }

            api.BaseApiSetPageSegMode(raw, own.PageSegmentationMode);
            detector = new TextDetector(api, engine, own, loadedFrom!, data);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or SEHException or AccessViolationException or BadImageFormatException)
        {
            engine?.Dispose();
            failureReason = "Tesseract failed to start (" + ex.GetType().Name + ": " + ex.Message + "). " + NativeLibraryLoader.InstallHint;
            return false;
        }
    }

    /// <summary>Every word found, in <paramref name="image"/> coordinates (prepared for burned-in text: scales, both polarities, thresholds).</summary>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    public IReadOnlyList<OcrWord> Detect(GrayImage image)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        if (_engine.IsClosed)
        {
            throw new ObjectDisposedException(nameof(TextDetector));
        }

        var found = new List<Detection>();
        foreach ((byte[] prepared, bool brightInk) in PreparedVersions(image))
        {
            foreach (double requested in _options.Scales)
            {
                double scale = EffectiveScale(image, requested);
                byte[] scaled = ImagePreparation.Resize(prepared, image.Width, image.Height, scale, out int w, out int h);
                Recognize(scaled, w, h, (double)w / image.Width, (double)h / image.Height, image, brightInk, found);
            }
        }

        // Confidence is judged per merged word: a confident reading of some ink vouches for it, and less confident
        // readings of the same ink (a name read in pieces) still widen its box.
        var words = new List<OcrWord>();
        foreach (OcrWord word in WordMerger.Merge(found))
        {
            if (word.Confidence >= _options.MinConfidence)
            {
                words.Add(word);
            }
        }

        return words;
    }

    public void Dispose() => _engine.Dispose();

    private static void SilenceDiagnostics(Tesseract api, IntPtr raw) =>
        api.BaseApiSetVariable(raw, Utf8.ToNative("debug_file"), Utf8.ToNative(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "NUL" : "/dev/null"));

    private static bool TryFindData(string? explicitPath, string libraryPath, string language, out string? dataPath, out string? failureReason)
    {
        // "eng+deu" needs eng.traineddata and deu.traineddata.
        string[] languages = language.Split('+');
        var tried = new List<string>();
        foreach (string candidate in DataCandidates(explicitPath, libraryPath))
        {
            tried.Add(candidate);
            bool all = true;
            foreach (string lang in languages)
            {
                if (!File.Exists(Path.Combine(candidate, lang + ".traineddata")))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                dataPath = candidate;
                failureReason = null;
                return true;
            }

            if (explicitPath is not null)
            {
                break;
            }
        }

        dataPath = null;
        failureReason = string.Format(
            CultureInfo.InvariantCulture,
            "Tesseract language data '{0}.traineddata' not found (looked in {1}). {2}",
            language,
            tried.Count == 0 ? "no folder" : string.Join(", ", tried),
            NativeLibraryLoader.InstallHint);
        return false;
    }

    private static IEnumerable<string> DataCandidates(string? explicitPath, string libraryPath)
    {
        if (explicitPath is not null)
        {
            yield return Path.GetFullPath(explicitPath);
            yield break;
        }

        string? prefix = Environment.GetEnvironmentVariable("TESSDATA_PREFIX");
        if (!string.IsNullOrEmpty(prefix))
        {
            yield return prefix!;
            yield return Path.Combine(prefix, "tessdata"); // Tesseract 3 meaning: the parent of tessdata
        }

        string? libraryFolder = Path.IsPathRooted(libraryPath) ? Path.GetDirectoryName(libraryPath) : null;
        if (libraryFolder is not null)
        {
            yield return Path.Combine(libraryFolder, "tessdata"); // Windows installs: tessdata next to the DLL
            yield return Path.Combine(libraryFolder, "..", "share", "tessdata"); // Homebrew, /usr/local
        }

        yield return "/usr/share/tesseract-ocr/5/tessdata";
        yield return "/usr/share/tesseract-ocr/4.00/tessdata";
        yield return "/usr/share/tessdata";
        yield return "/usr/local/share/tessdata";
        yield return "/opt/homebrew/share/tessdata";
    }

    private double EffectiveScale(GrayImage image, double requested)
    {
        double pixels = (double)image.Width * image.Height;
        double limit = Math.Sqrt(_options.MaxScaledPixels / pixels);
        return Math.Max(Math.Min(requested, 1.0), Math.Min(requested, limit));
    }

    /// <summary>Each pass's version of the image, at its own size, always dark ink on a light background, and whether the pass looks for bright ink in the original.</summary>
    private IEnumerable<(byte[] Pixels, bool BrightInk)> PreparedVersions(GrayImage image)
    {
        byte[] pixels = image.Pixels;
        OcrPasses passes = _options.Passes;
        if ((passes & OcrPasses.TopHatBright) != 0)
        {
            yield return (TopHatInk(image, bright: true), true);
        }

        if ((passes & OcrPasses.TopHatDark) != 0)
        {
            yield return (TopHatInk(image, bright: false), false);
        }

        if ((passes & OcrPasses.Gray) != 0)
        {
            yield return (pixels, false);
        }

        if ((passes & OcrPasses.Inverted) != 0)
        {
            byte[] inverted = (byte[])pixels.Clone();
            ImagePreparation.Invert(inverted);
            yield return (inverted, true);
        }

        if ((passes & OcrPasses.BrightThreshold) != 0)
        {
            yield return (ImagePreparation.Threshold(pixels, _options.BrightThreshold, brightText: true), true);
        }

        if ((passes & OcrPasses.DarkThreshold) != 0)
        {
            yield return (ImagePreparation.Threshold(pixels, _options.DarkThreshold, brightText: false), false);
        }

        if ((passes & OcrPasses.Otsu) != 0)
        {
            int level = ImagePreparation.OtsuLevel(pixels);
            yield return (ImagePreparation.Threshold(pixels, level + 1, brightText: true), true);
            yield return (ImagePreparation.Threshold(pixels, level, brightText: false), false);
        }
    }

    private byte[] TopHatInk(GrayImage image, bool bright)
    {
        byte[] contrast = ImagePreparation.TopHat(image.Pixels, image.Width, image.Height, _options.TopHatWindow, bright);

        // Paper level: above the noise (a high percentile of local contrast: text covers a few percent of an image)
        // and above the floor; never so high that full-contrast text would be lost on a page full of text.
        int noise = ImagePreparation.Quantile(contrast, _options.TopHatNoiseQuantile) + _options.TopHatNoiseMargin;
        int low = Math.Min(Math.Max(_options.TopHatMinContrast, noise), 255 - _options.TopHatRamp - 40);
        return ImagePreparation.InkFromContrast(contrast, low, _options.TopHatRamp);
    }

    private void Recognize(byte[] pixels, int width, int height, double sx, double sy, GrayImage original, bool brightInk, List<Detection> found)
    {
        bool added = false;
        try
        {
            _engine.DangerousAddRef(ref added);
            IntPtr raw = _engine.DangerousGetHandle();
            _api.BaseApiSetImage(raw, pixels, width, height, 1, width);
            _api.BaseApiSetSourceResolution(raw, 300);
            if (_api.BaseApiRecognize(raw, IntPtr.Zero) != 0)
            {
                _api.BaseApiClear(raw);
                return;
            }

            IntPtr iterator = _api.BaseApiGetIterator(raw);
            if (iterator == IntPtr.Zero)
            {
                _api.BaseApiClear(raw);
                return;
            }

            try
            {
                IntPtr page = _api.ResultIteratorGetPageIterator(iterator);
                do
                {
                    IntPtr text = _api.ResultIteratorGetUtf8Text(iterator, Tesseract.LevelWord);
                    if (text == IntPtr.Zero)
                    {
                        continue;
                    }

                    string word;
                    try
                    {
                        word = Utf8.FromNative(text).Trim();
                    }
                    finally
                    {
                        _api.DeleteText(text);
                    }

                    float confidence = _api.ResultIteratorConfidence(iterator, Tesseract.LevelWord);
                    if (_api.PageIteratorBoundingBox(page, Tesseract.LevelWord, out int left, out int top, out int right, out int bottom) == 0)
                    {
                        continue;
                    }

                    // Back to original pixels, rounding outwards so the box still covers the ink.
                    int x0 = Clamp((int)Math.Floor(left / sx), original.Width);
                    int y0 = Clamp((int)Math.Floor(top / sy), original.Height);
                    int x1 = Clamp((int)Math.Ceiling(right / sx), original.Width);
                    int y1 = Clamp((int)Math.Ceiling(bottom / sy), original.Height);
                    if (IsPlausible(word, x1 - x0, y1 - y0))
                    {
                        found.Add(new Detection(new OcrWord(word, confidence, x0, y0, x1 - x0, y1 - y0), brightInk));
                    }
                }
                while (_api.ResultIteratorNext(iterator, Tesseract.LevelWord) != 0);
            }
            finally
            {
                _api.ResultIteratorDelete(iterator);
                _api.BaseApiClear(raw);
            }
        }
        finally
        {
            if (added)
            {
                _engine.DangerousRelease();
            }
        }
    }

    private bool IsPlausible(string word, int width, int height)
    {
        if (width <= 0 || height < _options.MinWordHeight)
        {
            return false;
        }

        foreach (char c in word)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static int Clamp(int value, int max) => value < 0 ? 0 : value > max ? max : value;
}
