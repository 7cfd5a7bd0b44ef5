// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Rendering;
using DicomAnon.Imaging;
using DicomAnon.Ocr;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Net472.Tests;

/// <summary>
/// The checks: Core (read, de-identify, write, read back), Imaging (PNG export, JPEG baseline decode) and the OCR
/// binding (libtesseract reads a rendered word). Each prints PASS or FAIL with a reason; no patient value is printed.
/// </summary>
internal sealed class Checks
{
    // pydicom's test corpus (python3-pydicom), the same files the xunit suites use.
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private readonly string _moduleFolder;
    private readonly string _work;
    private int _passed;
    private int _failed;

    public Checks(string moduleFolder)
    {
        _moduleFolder = moduleFolder;
        _work = Path.Combine(Path.GetTempPath(), "dicomanon-net472-" + Guid.NewGuid().ToString("N"));
    }

    public int RunAll()
    {
        Directory.CreateDirectory(_work);
        try
        {
            Run("assemblies come from the module folder", AssembliesComeFromModuleFolder);
            Run("Core: read, de-identify, write and read back CT_small.dcm", CoreRoundTrip);
            Run("Imaging: PNG export of CT_small.dcm decodes to the rendered pixels", PngExport);
            Run("Imaging: JPEG baseline frame decodes like dcmdjpeg", JpegBaselineDecode);
            Run("OCR: libtesseract reads a rendered word", OcrReadsWord);
        }
        finally
        {
            Directory.Delete(_work, recursive: true);
        }

        // Where each dependency came from (informational: Mono may prefer its own copy where .NET Framework has none).
        foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies().OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
        {
            AssemblyName n = loaded.GetName();
            if (n.Name is "mscorlib" or "System" or "System.Core" || n.Name!.StartsWith("Mono.", StringComparison.Ordinal) || n.Name.StartsWith("DicomAnon.Net472", StringComparison.Ordinal))
            {
                continue;
            }

            Console.WriteLine($"     loaded {n.Name} {n.Version} from {loaded.Location}");
        }

        Console.WriteLine($"{_passed} passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }

    private void Run(string name, Action check)
    {
        try
        {
            check();
            _passed++;
            Console.WriteLine("PASS " + name);
        }
        catch (Exception ex)
        {
            _failed++;
            Console.WriteLine("FAIL " + name + ": " + ex.GetType().Name + ": " + ex.Message);
            for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            {
                Console.WriteLine("     caused by " + inner.GetType().Name + ": " + inner.Message);
            }
        }
    }

    private void AssembliesComeFromModuleFolder()
    {
        // Touch each shipped assembly, then check where it was loaded from.
        Type[] probes = [typeof(DicomFile), typeof(PixelFrames), typeof(TextDetector), typeof(Image)];
        foreach (Type t in probes)
        {
            string location = Path.GetFullPath(t.Assembly.Location);
            Expect(string.Equals(Path.GetDirectoryName(location), _moduleFolder, StringComparison.Ordinal),
                $"{t.Assembly.GetName().Name} was loaded from {location}, not from the module folder");
        }
    }

    private void CoreRoundTrip()
    {
        string source = CorpusFile("CT_small.dcm");
        DicomFile file = DicomFile.Open(source);
        string? name = file.Dataset.GetString(PatientName);
        string? study = file.Dataset.GetString(StudyInstanceUid);
        long pixelLength = ValueLength(file.Dataset, PixelData);
        Expect(!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(study), "the source has no Patient's Name or Study Instance UID");

        var settings = new DeidentificationSettings { Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() };
        DeidentificationResult result = new Deidentifier(settings).Apply(file);

        string output = Path.Combine(_work, "ct.dcm");
        DicomWriter.WriteFile(file, output, DicomWriteOptions.Default);
        DicomFile back = DicomFile.Open(output);

        Expect(back.Dataset.GetString(PatientName) != name, "Patient's Name (0010,0010) was not replaced");
        Expect(back.Dataset.GetString(PatientId) == result.PseudonymPatientId, "Patient ID (0010,0020) is not the reported pseudonym");
        string? newStudy = back.Dataset.GetString(StudyInstanceUid);
        Expect(!string.IsNullOrEmpty(newStudy) && newStudy != study, "Study Instance UID (0020,000D) was not remapped");
        Expect(ValueLength(back.Dataset, PixelData) == pixelLength, "Pixel Data (7FE0,0010) changed length");
    }

    private void PngExport()
    {
        PixelFrames frames = PixelFrames.Open(DicomFile.Open(CorpusFile("CT_small.dcm")));
        byte[] rendered = frames.RenderGray(0).Pixels;
        using var png = new MemoryStream();
        PngExporter.Write(frames, 0, png);
        byte[] bytes = png.ToArray();
        Expect(bytes.Length > 8 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', "the output is not a PNG");

        using Image<L8> decoded = Image.Load<L8>(bytes);
        Expect(decoded.Width == frames.Columns && decoded.Height == frames.Rows, $"PNG is {decoded.Width}x{decoded.Height}, frame is {frames.Columns}x{frames.Rows}");
        var pixels = new byte[decoded.Width * decoded.Height];
        decoded.CopyPixelDataTo(pixels);
        Expect(pixels.SequenceEqual(rendered), "the PNG's pixels differ from the rendered frame");
    }

    private void JpegBaselineDecode()
    {
        string source = CorpusFile("SC_rgb_jpeg_dcmtk.dcm");
        DicomFile jpeg = DicomFile.Open(source);
        Expect(jpeg.TransferSyntax.Uid == "1.2.840.10008.1.2.4.50", "the fixture is not JPEG baseline");

        string reference = Path.Combine(_work, "reference.dcm");
        RunTool("dcmdjpeg", $"\"{source}\" \"{reference}\"", out _);

        byte[] ours = PixelFrames.Open(jpeg).RenderRgb(0);
        byte[] theirs = PixelFrames.Open(DicomFile.Open(reference)).RenderRgb(0);
        Expect(ours.Length == theirs.Length && ours.Length > 0, $"decoded {ours.Length} bytes, dcmdjpeg {theirs.Length}");

        // Two conforming decoders differ by IDCT rounding and chroma upsampling, a few levels at colour edges.
        int max = 0;
        long sum = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            int d = Math.Abs(ours[i] - theirs[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        double mean = (double)sum / ours.Length;
        Console.WriteLine($"     JPEG vs dcmdjpeg: mean |difference| {mean.ToString("0.000", CultureInfo.InvariantCulture)}, max {max}");
        Expect(mean <= 0.5 && max <= 8, "the decoded frame differs from dcmdjpeg's beyond decoder rounding");
    }

    private void OcrReadsWord()
    {
        const string Word = "DEIDENTIFY";
        string pgm = Path.Combine(_work, "word.pgm");
        RunTool("convert", $"-size 520x120 xc:black -fill white -font DejaVu-Sans -pointsize 48 -annotate +24+80 {Word} -depth 8 \"pgm:{pgm}\"", out _);
        GrayImage image = ReadPgm(pgm);

        Expect(TextDetector.TryCreate(null, null, out TextDetector? detector, out string? reason), "Tesseract could not be loaded: " + reason);
        using (detector)
        {
            IReadOnlyList<OcrWord> words = detector!.Detect(image.Pixels, image.Width, image.Height);
            Expect(words.Any(w => w.Text == Word), $"Tesseract {detector.TesseractVersion} read [{string.Join(", ", words.Select(w => w.Text))}], not {Word}");
        }
    }

    private static long ValueLength(DicomDataset dataset, DicomTag tag)
    {
        Expect(dataset[tag] is DicomValueElement, $"{tag} is missing or not a plain value");
        return ((DicomValueElement)dataset[tag]!).Length;
    }

    private static string CorpusFile(string name)
    {
        string path = Path.Combine(Corpus, name);
        Expect(File.Exists(path), $"{path} is missing (python3-pydicom)");
        return path;
    }

    private static GrayImage ReadPgm(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);

        // "P5 <width> <height> <maxval>" then one whitespace byte and width*height samples.
        var fields = new List<string>();
        int i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[i]))
            {
                i++;
            }

            int start = i;
            while (!char.IsWhiteSpace((char)bytes[i]))
            {
                i++;
            }

            fields.Add(Encoding.ASCII.GetString(bytes, start, i - start));
        }

        Expect(fields[0] == "P5" && fields[3] == "255", "the rendered word is not an 8-bit PGM");
        int width = int.Parse(fields[1], CultureInfo.InvariantCulture);
        int height = int.Parse(fields[2], CultureInfo.InvariantCulture);
        byte[] pixels = new byte[width * height];
        Buffer.BlockCopy(bytes, i + 1, pixels, 0, pixels.Length);
        return new GrayImage(width, height, pixels);
    }

    private static void RunTool(string tool, string arguments, out string output)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start");
        output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException(tool + " did not finish in 60 s");
        }

        Expect(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {error.Trim()}");
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new CheckFailedException(failure);
        }
    }
}
