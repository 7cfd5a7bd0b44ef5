// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;

namespace DicomAnon.Benchmarks;

/// <summary>
/// Command-line verbs for whole-run measurements (one process per measurement, so peak working set means something):
/// <code>
/// corpus DIR COUNT              write COUNT synthetic 512x512 16-bit CT files (explicit VR LE) with our writer
/// small DIR COUNT               write COUNT small CT files (the same PHI-rich header, 32x32 pixels: about 4 KB), 1,000 per folder
/// multiframe FILE MEGABYTES     write one multi-frame CT of about MEGABYTES (pixel data streamed)
/// headers DIR|LISTFILE MODE     read the header of every file; MODE stop (StopBeforePixelData) or deferred
/// peak FILE MODE                read one file's header 3 times; report peak working set and allocation
/// copy IN OUT                   read + write every file (full copy through the model)
/// alloctypes FILE|DIR COUNT     the deid loop with the runtime's allocation samples: share of the bytes per type
/// deid FILE|DIR COUNT [noecho]  parse + Basic Profile + header write of FILE (or of DIR's files in turn, with a new
///                                 deidentifier for each pass so that no file finds its UIDs in the keyed-function cache),
///                                 COUNT times: CPU µs and bytes per file (noecho: without the identifier echo scan)
/// prepass DIR ROUNDS [MODE]    the folder's identifier pre-pass of path scrubbing over DIR, ROUNDS times (a new policy each
///                                 time): process CPU µs and this thread's bytes per file. MODE policy (the whole pre-pass),
///                                 parse (the header parses alone) or ids (parse + each file's identifier set); parsefiltered
///                                 and idsfiltered read only the values the identifiers come from
/// stages FILE                  allocated bytes and wall µs of each stage of the deid loop (read, identifier collection,
///                                 matcher, profile without and with the echo scan, header write), 2,000 times each
/// deidtree IN OUT [retain]      de-identify every file under IN (recursively) into OUT, same relative names; a file that
///                                 fails gets OUT/name.error holding the exception type (to compare builds byte for byte);
///                                 retain: with Retain UIDs, Full Dates, Institution, Safe Private and Clean Descriptors
/// </code>
/// Each verb prints one line of key=value pairs (invariant culture) for the script to parse.
/// </summary>
internal static class BenchTool
{
    private static readonly string[] Verbs = { "corpus", "small", "multiframe", "headers", "peak", "copy", "deid", "deidtree", "stages", "alloctypes", "prepass" };

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static int Run(string[] args)
    {
        switch (args[0])
        {
            case "corpus":
                Corpus(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
                return 0;
            case "small":
                Small(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
                return 0;
            case "multiframe":
                long bytes = TestDicom.WriteMultiFrame(args[1], long.Parse(args[2], CultureInfo.InvariantCulture) * 1024 * 1024);
                Print("file", args[1], "pixelBytes", bytes, "fileBytes", new FileInfo(args[1]).Length);
                return 0;
            case "headers":
                Headers(args[1], args.Length > 2 ? args[2] : "stop");
                return 0;
            case "peak":
                Peak(args[1], args.Length > 2 ? args[2] : "stop");
                return 0;
            case "copy":
                Copy(args[1], args[2]);
                return 0;
            case "stages":
                Stages(args[1]);
                return 0;
            case "deidtree":
                DeidTree(args[1], args[2], args.Length > 3 && args[3] == "retain");
                return 0;
            case "prepass":
                PrePass(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? args[3] : "policy");
                return 0;
            case "deid":
                Deid(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 && args[3] == "noecho");
                return 0;
            case "alloctypes":
                using (var sampler = new AllocationSampler())
                {
                    Deid(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), false, sampler);
                    foreach ((string type, double share) in sampler.Shares().Take(40))
                    {
                        Print("type", type, "share", Math.Round(share, 4));
                    }
                }

                return 0;
            default:
                return 2;
        }
    }

    private static DicomReadOptions Options(string mode) => mode switch
    {
        "stop" => new DicomReadOptions { StopBeforePixelData = true },
        "deferred" => DicomReadOptions.Default,
        "loaded" => new DicomReadOptions { BulkDataThreshold = int.MaxValue },
        _ => throw new ArgumentException($"Unknown mode '{mode}'.", nameof(mode)),
    };

    private static void Corpus(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        byte[] pixels = TestDicom.CtPixels(12345);
        var sw = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            string path = Path.Combine(dir, "ct" + i.ToString("D6", CultureInfo.InvariantCulture) + ".dcm");
            if (!File.Exists(path))
            {
                TestDicom.WriteCt(path, seed: i + 1, pixels: pixels);
            }
        });
        long total = Directory.GetFiles(dir, "*.dcm").Sum(f => new FileInfo(f).Length);
        Print("files", count, "bytes", total, "seconds", sw.Elapsed.TotalSeconds);
    }

    private static void Small(string dir, int count)
    {
        var sw = Stopwatch.StartNew();
        byte[] pixels = TestDicom.CtPixels(12345, rows: 32, columns: 32);
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            string folder = Path.Combine(dir, "d" + (i / 1000).ToString("D4", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, "ct" + i.ToString("D6", CultureInfo.InvariantCulture) + ".dcm");
            if (!File.Exists(path))
            {
                DicomDataset ds = TestDicom.CtHeader(i + 1, rows: 32, columns: 32);
                ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
                DicomWriter.WriteFile(new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian), path, new DicomWriteOptions());
            }
        });
        Print("files", count, "seconds", sw.Elapsed.TotalSeconds);
    }

    private static string[] Files(string dirOrList) =>
        Directory.Exists(dirOrList)
            ? Directory.GetFiles(dirOrList, "*.dcm").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : File.ReadAllLines(dirOrList).Where(l => l.Length > 0).ToArray();

    private static void Headers(string dirOrList, string mode)
    {
        string[] files = Files(dirOrList);
        DicomReadOptions options = Options(mode);
        int elements = 0;
        _ = DicomReader.ReadFile(files[0], options); // JIT warm-up, outside the timing (pydicom's import is outside its timing too)
        var sw = Stopwatch.StartNew();
        foreach (string f in files)
        {
            DicomFile file = DicomReader.ReadFile(f, options);
            elements += file.Dataset.Count;
        }

        sw.Stop();
        Print("files", files.Length, "seconds", sw.Elapsed.TotalSeconds, "filesPerSecond", files.Length / sw.Elapsed.TotalSeconds,
            "elements", elements, "peakWorkingSetMB", PeakMB());
    }

    private static void Peak(string path, string mode)
    {
        DicomReadOptions options = Options(mode);
        _ = DicomReader.ReadFile(path, options); // JIT warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        int count = 0;
        for (int i = 0; i < 3; i++)
        {
            DicomFile file = DicomReader.ReadFile(path, options);
            count = file.Dataset.Count;
        }

        sw.Stop();
        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 3;
        Print("fileMB", new FileInfo(path).Length / (1024.0 * 1024.0), "elements", count, "allocatedKBPerRead", allocated / 1024.0,
            "msPerRead", sw.Elapsed.TotalMilliseconds / 3, "peakWorkingSetMB", PeakMB());
    }

    private static void Copy(string inDir, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string[] files = Files(inDir);
        long bytes = 0;
        var sw = Stopwatch.StartNew();
        foreach (string f in files)
        {
            DicomFile file = DicomReader.ReadFile(f, DicomReadOptions.Default);
            DicomWriter.WriteFile(file, Path.Combine(outDir, Path.GetFileName(f)), new DicomWriteOptions());
            bytes += new FileInfo(f).Length;
        }

        sw.Stop();
        Print("files", files.Length, "bytes", bytes, "seconds", sw.Elapsed.TotalSeconds, "mbPerSecond", bytes / (1024.0 * 1024.0) / sw.Elapsed.TotalSeconds,
            "peakWorkingSetMB", PeakMB());
    }

    private static double PeakMB()
    {
        using Process p = Process.GetCurrentProcess();
        p.Refresh();
        return p.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>
    /// The header path of <see cref="DeidentifyBenchmarks"/> timed by the process's CPU time rather than the clock, so
    /// the figure holds on a machine shared with other work (BenchmarkDotNet's wall-clock figures do not).
    /// </summary>
    private static void Deid(string path, int count, bool noEcho, AllocationSampler? sampler = null)
    {
        var stop = new DicomReadOptions { StopBeforePixelData = true };
        var key = new byte[32];
        new Random(7).NextBytes(key);
        var settings = new Core.Deidentification.DeidentificationSettings { Key = key, ScanIdentifierEchoes = !noEcho };
        var deidentifier = new Core.Deidentification.Deidentifier(settings);
        var header = new MemoryStream(64 * 1024);
        string[] paths = Directory.Exists(path) ? Files(path) : new[] { path };
        int next = 0;
        void One()
        {
            if (next == 0 && paths.Length > 1)
            {
                deidentifier = new Core.Deidentification.Deidentifier(settings); // every file of the pass is new to it
            }

            DicomFile file = DicomReader.ReadFile(paths[next], stop);
            next = next + 1 == paths.Length ? 0 : next + 1;
            deidentifier.Apply(file);
            header.Position = 0;
            DicomWriter.Write(file, header, DicomWriteOptions.Default);
        }

        for (int i = 0; i < Math.Min(count, 2000); i++)
        {
            One(); // warm-up: JIT tiers, caches
        }

        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        sampler?.Start();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            One();
        }

        sw.Stop();
        sampler?.Stop();
        self.Refresh();
        double cpuUs = (self.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / count;
        double allocated = (double)(GC.GetAllocatedBytesForCurrentThread() - bytes0) / count;
        Print("files", count, "cpuMicrosecondsPerFile", cpuUs, "wallMicrosecondsPerFile", sw.Elapsed.TotalMilliseconds * 1000 / count, "allocatedBytesPerFile", allocated, "headerBytes", header.Position);
    }

    private static void PrePass(string dir, int rounds, string mode)
    {
        var key = new byte[32];
        new Random(7).NextBytes(key);
        var deidentifier = new Core.Deidentification.Deidentifier(new Core.Deidentification.DeidentificationSettings { Key = key });
        string[] paths = Files(dir);
        var stop = mode.EndsWith("filtered", StringComparison.Ordinal)
            ? new DicomReadOptions { StopBeforePixelData = true, KeepValue = Core.Identifiers.IdentifierSet.NeedsValue }
            : new DicomReadOptions { StopBeforePixelData = true };
        long patterns = 0;
        void Round()
        {
            switch (mode)
            {
                case "policy":
                    var policy = new Core.Batch.PathComponentPolicy(deidentifier);
                    policy.Prepare(paths[0]);
                    patterns += policy.HeldFolders;
                    break;
                case "parse" or "parsefiltered":
                    foreach (string p in paths)
                    {
                        patterns += DicomReader.ReadFile(p, stop).Dataset.Count;
                    }

                    break;
                default:
                    foreach (string p in paths)
                    {
                        patterns += Core.Identifiers.IdentifierSet.FromDataset(DicomReader.ReadFile(p, stop).Dataset).Count();
                    }

                    break;
            }
        }

        Round(); // warm-up
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpu0 = self.TotalProcessorTime;
        long bytes0 = GC.GetTotalAllocatedBytes(true);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < rounds; i++)
        {
            Round();
        }

        sw.Stop();
        self.Refresh();
        double files = (double)rounds * paths.Length;
        Print("mode", mode, "files", files, "cpuMicrosecondsPerFile", (self.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / files,
            "wallMicrosecondsPerFile", sw.Elapsed.TotalMilliseconds * 1000 / files, "allocatedBytesPerFile", (GC.GetTotalAllocatedBytes(true) - bytes0) / files, "check", patterns);
    }

    private static void Stages(string path)
    {
        var stop = new DicomReadOptions { StopBeforePixelData = true };
        var key = new byte[32];
        new Random(7).NextBytes(key);
        var echo = new Core.Deidentification.Deidentifier(new Core.Deidentification.DeidentificationSettings { Key = key });
        var noEcho = new Core.Deidentification.Deidentifier(new Core.Deidentification.DeidentificationSettings { Key = key, ScanIdentifierEchoes = false });
        var header = new MemoryStream(64 * 1024);
        const int N = 2000;
        DicomFile[] files = new DicomFile[N];
        void Stage(string name, Action<int> action, Action? prepare = null)
        {
            prepare?.Invoke();
            for (int i = 0; i < N; i++)
            {
                action(i); // warm-up
            }

            prepare?.Invoke();
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < N; i++)
            {
                action(i);
            }

            sw.Stop();
            Print("stage", name, "allocatedBytes", (GC.GetAllocatedBytesForCurrentThread() - b0) / N, "wallMicroseconds", sw.Elapsed.TotalMilliseconds * 1000 / N);
        }

        void ReadAll()
        {
            for (int i = 0; i < N; i++)
            {
                files[i] = DicomReader.ReadFile(path, stop);
            }
        }

        Stage("read", i => files[i] = DicomReader.ReadFile(path, stop));
        Stage("collect", i => Core.Identifiers.IdentifierSet.FromFile(files[i]));
        Core.Identifiers.IdentifierSet set = Core.Identifiers.IdentifierSet.FromFile(files[0]);
        Stage("matcher", _ => Core.Identifiers.IdentifierMatcher.Create(new[] { set }));
        Stage("profile-noecho", i => noEcho.Apply(files[i]), ReadAll);
        Stage("profile-echo", i => echo.Apply(files[i]), ReadAll);
        Stage("write", i =>
        {
            header.Position = 0;
            DicomWriter.Write(files[i], header, DicomWriteOptions.Default);
        });
    }

    /// <summary>The whole file as the cmdlet writes it (defaults, Basic Profile, pixel data appended), for byte comparison between builds.</summary>
    private static void DeidTree(string inDir, string outDir, bool retain)
    {
        var key = new byte[32];
        new Random(7).NextBytes(key);
        Core.Deidentification.DeidentificationOption[] options = retain
            ? new[]
            {
                Core.Deidentification.DeidentificationOption.RetainUids, Core.Deidentification.DeidentificationOption.RetainLongitudinalTemporalInformationFullDates,
                Core.Deidentification.DeidentificationOption.RetainInstitutionIdentity, Core.Deidentification.DeidentificationOption.RetainSafePrivate,
                Core.Deidentification.DeidentificationOption.CleanDescriptors,
            }
            : Array.Empty<Core.Deidentification.DeidentificationOption>();
        var settings = new Core.Deidentification.DeidentificationSettings { Key = key, Options = options };
        var deidentifier = new Core.Deidentification.Deidentifier(settings);
        int ok = 0, failed = 0, echoes = 0;
        foreach (string f in Directory.GetFiles(inDir, "*", SearchOption.AllDirectories).OrderBy(x => x, StringComparer.Ordinal))
        {
            string target = Path.Combine(outDir, Path.GetRelativePath(inDir, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                DicomFile file = DicomReader.ReadFile(f, DicomReadOptions.Default);
                echoes += deidentifier.Apply(file).IdentifierEchoesCleaned;
                DicomWriter.WriteFile(file, target, new DicomWriteOptions());
                ok++;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                File.WriteAllText(target + ".error", ex.GetType().FullName);
                failed++;
            }
        }

        Print("written", ok, "failed", failed, "echoesCleaned", echoes);
    }

    private static void Print(params object[] pairs)
    {
        var parts = new string[pairs.Length / 2];
        for (int i = 0; i < pairs.Length; i += 2)
        {
            string value = pairs[i + 1] switch
            {
                double d => d.ToString("0.###", CultureInfo.InvariantCulture),
                IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                var o => o?.ToString() ?? string.Empty,
            };
            parts[i / 2] = pairs[i] + "=" + value;
        }

        Console.WriteLine(string.Join(" ", parts));
    }
}
