// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using DicomAnon.Ocr.Native;

namespace DicomAnon.Ocr;

/// <summary>
/// Finds burned-in text in a grayscale image with Tesseract (system library, through its C API).
/// Each image is read several times (enlarged, both polarities, thresholded: see <see cref="TextDetectorOptions"/>)
/// and the words from all runs are merged into one list in the image's own coordinates.
/// </summary>
/// <threadsafety>Not thread-safe: an instance owns one Tesseract engine. Use one detector per thread.</threadsafety>
internal sealed class TextDetector : IDisposable
{
    /// <summary>Tesseract's page segmentation mode for a single text line.</summary>
    private const int PageSegmentationSingleLine = 7;

    /// <summary>Letter height (pixels) that line crops are enlarged to: Tesseract's LSTM reads 20-40 px letters best.</summary>
    private const double LineLetterHeight = 36;

    /// <summary>White border (pixels) around an enlarged line crop: Tesseract misreads ink that touches the edge.</summary>
    private const int LineBorder = 12;

    private readonly Tesseract _api;
    private readonly TessBaseApiHandle _engine;
    private readonly string _engineKey;
    private readonly TextDetectorOptions _options;

    /// <summary>What decides a line reading besides its pixels: the engine (library, model, language) and the word filter.</summary>
    private readonly string _readingSettings;
    private bool _disposed;

    /// <summary>A native call threw: the engine may be in any state, so it is ended rather than reused.</summary>
    private bool _faulted;

    private static long _linesRecognized;

    private TextDetector(Tesseract api, TessBaseApiHandle engine, string engineKey, TextDetectorOptions options, string libraryPath, string dataPath)
    {
        _api = api;
        _engine = engine;
        _engineKey = engineKey;
        _options = options;
        _readingSettings = engineKey + "\nmin word height " + options.MinWordHeight.ToString(CultureInfo.InvariantCulture);
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

    /// <summary>Line crops Tesseract recognised in this process (readings from <see cref="ReadingCache"/> excluded).</summary>
    public static long LinesRecognized => Interlocked.Read(ref _linesRecognized);

    /// <summary>Where <see cref="ReadLine"/> keeps and finds readings by crop content; null reads every crop.</summary>
    internal LineReadingCache? ReadingCache { get; set; } = LineReadingCache.Shared;

    /// <summary>The native engine this detector reads with (tests: which engine a detector was given).</summary>
    internal IntPtr EngineHandle => _engine.DangerousGetHandle();

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

        // An engine another detector (an earlier cmdlet call) started and gave back: starting one costs ~125 ms of CPU.
        string key = EnginePool.Key(loadedFrom!, data!, own.Language, Tesseract.OemLstmOnly);
        TessBaseApiHandle? engine = EnginePool.TryTake(key);
        if (engine is not null)
        {
            api!.BaseApiSetPageSegMode(engine.DangerousGetHandle(), own.PageSegmentationMode);
            detector = new TextDetector(api, engine, key, own, loadedFrom!, data!);
            return true;
        }

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

            EnginePool.CountStarted();
            api.BaseApiSetPageSegMode(raw, own.PageSegmentationMode);
            detector = new TextDetector(api, engine, key, own, loadedFrom!, data);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or SEHException or AccessViolationException or BadImageFormatException)
        {
            engine?.Dispose();
            failureReason = "Tesseract failed to start (" + ex.GetType().Name + ": " + ex.Message + "). " + NativeLibraryLoader.InstallHint;
            return false;
        }
    }

    /// <summary>
    /// The OpenMP thread limit as native code sees it (libc <c>getenv</c>): "1" once a detector was created, unless
    /// the user set another value before the module loaded Tesseract.
    /// </summary>
    public static string? NativeOpenMpThreadLimit => LibC.GetEnvironment(NativeLibraryLoader.OpenMpThreadLimitVariable);

    /// <summary>Every word found in a whole 8-bit grey image (row-major, 0 = black), in its own coordinates (prepared for burned-in text: scales, both polarities, thresholds).</summary>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    public IReadOnlyList<OcrWord> Detect(byte[] pixels, int width, int height)
    {
        CheckImage(pixels, width, height);
        var image = new Plane(width, height, pixels);
        var found = new List<Detection>();
        _api.BaseApiSetPageSegMode(_engine.DangerousGetHandle(), _options.PageSegmentationMode);
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

    /// <summary>
    /// Reads one line of text: a small crop, already prepared as dark ink on a light background, holding a single
    /// line whose letters are about <paramref name="textHeight"/> pixels tall. Tesseract reads it as one line
    /// (page segmentation mode 7), enlarged so that letters are about 36 pixels tall, with a white border.
    /// Every word read is returned with Tesseract's own confidence (no threshold), in crop coordinates. A crop with
    /// exactly the pixels of one read before (any detector of the same engine settings) is answered from
    /// <see cref="ReadingCache"/>: the LSTM network is most of a read's cost, and a static label or an unchanged
    /// crop of a clip would otherwise be read again in every frame and pass.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    public IReadOnlyList<OcrWord> ReadLine(byte[] pixels, int width, int height, int textHeight)
    {
        CheckImage(pixels, width, height);
        LineReadingCache? cache = ReadingCache;
        if (cache is not null && cache.TryGet(_readingSettings, pixels, width, height, textHeight, out IReadOnlyList<OcrWord>? known))
        {
            StageClock.Count("ocr.cachehit");
            return known!;
        }

        StageClock.Mark mark = StageClock.Start();
        double scale = Math.Max(1.0, Math.Min(4.0, LineLetterHeight / Math.Max(1.0, textHeight)));
        byte[] scaled = ImagePreparation.Resize(pixels, width, height, scale, out int w, out int h);
        int border = LineBorder;
        int bw = w + (2 * border), bh = h + (2 * border);
        byte[] framed = new byte[bw * bh];
        for (int i = 0; i < framed.Length; i++)
        {
            framed[i] = 255;
        }

        for (int y = 0; y < h; y++)
        {
            Buffer.BlockCopy(scaled, y * w, framed, ((y + border) * bw) + border, w);
        }

        var found = new List<Detection>();
        _api.BaseApiSetPageSegMode(_engine.DangerousGetHandle(), PageSegmentationSingleLine);
        var plane = new Plane(width, height, pixels);
        Recognize(framed, bw, bh, (double)w / width, (double)h / height, plane, brightInk: false, found, border);
        Interlocked.Increment(ref _linesRecognized);
        var words = new List<OcrWord>(found.Count);
        foreach (Detection d in found)
        {
            words.Add(d.Word);
        }

        cache?.Add(_readingSettings, pixels, width, height, textHeight, words);
        StageClock.Stop("ocr.read", mark);
        return words;
    }

    /// <summary>Gives the engine back for the next detector (<see cref="EnginePool"/>), or ends it after a native failure.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_faulted)
        {
            _engine.Dispose();
        }
        else
        {
            EnginePool.Return(_engineKey, _engine);
        }
    }

    private static void SilenceDiagnostics(Tesseract api, IntPtr raw)
    {
        api.BaseApiSetVariable(raw, Utf8.ToNative("debug_file"), Utf8.ToNative(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "NUL" : "/dev/null"));
        api.BaseApiSetVariable(raw, Utf8.ToNative("tessedit_do_invert"), Utf8.ToNative("0"));
    }

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

    private double EffectiveScale(Plane image, double requested)
    {
        double pixels = (double)image.Width * image.Height;
        double limit = Math.Sqrt(_options.MaxScaledPixels / pixels);
        return Math.Max(Math.Min(requested, 1.0), Math.Min(requested, limit));
    }

    /// <summary>Each pass's version of the image, at its own size, always dark ink on a light background, and whether the pass looks for bright ink in the original.</summary>
    private IEnumerable<(byte[] Pixels, bool BrightInk)> PreparedVersions(Plane image)
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

    private byte[] TopHatInk(Plane image, bool bright)
    {
        byte[] contrast = ImagePreparation.TopHat(image.Pixels, image.Width, image.Height, _options.TopHatWindow, bright);

        // Paper level: above the noise (a high percentile of local contrast: text covers a few percent of an image)
        // and above the floor; never so high that full-contrast text would be lost on a page full of text.
        int noise = ImagePreparation.Quantile(contrast, _options.TopHatNoiseQuantile) + _options.TopHatNoiseMargin;
        int low = Math.Min(Math.Max(_options.TopHatMinContrast, noise), 255 - _options.TopHatRamp - 40);
        return ImagePreparation.InkFromContrast(contrast, low, _options.TopHatRamp);
    }

    private void Recognize(byte[] pixels, int width, int height, double sx, double sy, Plane original, bool brightInk, List<Detection> found, int border = 0)
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
                    int x0 = Clamp((int)Math.Floor((left - border) / sx), original.Width);
                    int y0 = Clamp((int)Math.Floor((top - border) / sy), original.Height);
                    int x1 = Clamp((int)Math.Ceiling((right - border) / sx), original.Width);
                    int y1 = Clamp((int)Math.Ceiling((bottom - border) / sy), original.Height);
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
        catch
        {
            _faulted = true;
            throw;
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

    private void CheckImage(byte[] pixels, int width, int height)
    {
        if (pixels is null)
        {
            throw new ArgumentNullException(nameof(pixels));
        }

        if (width <= 0 || height <= 0 || pixels.Length != (long)width * height)
        {
            throw new ArgumentException("Pixels must hold width x height bytes.", nameof(pixels));
        }

        if (_disposed || _engine.IsClosed)
        {
            throw new ObjectDisposedException(nameof(TextDetector));
        }
    }

    /// <summary>An 8-bit grey plane, row-major.</summary>
    private readonly struct Plane
    {
        public Plane(int width, int height, byte[] pixels)
        {
            Width = width;
            Height = height;
            Pixels = pixels;
        }

        public int Width { get; }

        public int Height { get; }

        public byte[] Pixels { get; }
    }
}
