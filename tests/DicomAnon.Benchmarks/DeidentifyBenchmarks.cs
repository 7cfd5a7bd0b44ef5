// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using DicomAnon.Core;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;

namespace DicomAnon.Benchmarks;

/// <summary>
/// Issue 13 item 3: per-file CPU of parse + Basic Profile + write for the whole-run benchmark's CT file (the `corpus`
/// verb's file: 512x512 16-bit, PHI-rich header with nested sequences and two private blocks). Target ≤ 100 µs for
/// the header path. Allocations per file are reported by the memory diagnoser.
/// </summary>
[MemoryDiagnoser]
public class DeidentifyBenchmarks
{
    private static readonly DicomReadOptions Stop = new() { StopBeforePixelData = true };

    private readonly MemoryStream _header = new(64 * 1024);
    private string _dir = string.Empty;
    private string _ct = string.Empty;
    private string _out = string.Empty;
    private Deidentifier _deidentifier = null!;
    private DeidentificationSettings _settings = null!;
    private string[] _distinct = Array.Empty<string>();
    private Deidentifier _perPass = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "dicomanon-bdn-deid-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
        _ct = Path.Combine(_dir, "ct.dcm");
        TestDicom.WriteCt(_ct, seed: 1, pixels: TestDicom.CtPixels(12345));
        _out = Path.Combine(_dir, "out.dcm");
        var key = new byte[32];
        new Random(7).NextBytes(key);
        _settings = new DeidentificationSettings { Key = key };
        _deidentifier = new Deidentifier(_settings);
        byte[] pixels = TestDicom.CtPixels(12345);
        _distinct = new string[DistinctCount];
        for (int i = 0; i < DistinctCount; i++)
        {
            _distinct[i] = Path.Combine(_dir, "ct" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + ".dcm");
            TestDicom.WriteCt(_distinct[i], seed: i + 1, pixels: pixels); // the `corpus` verb's files: own UIDs, accession, 97 patients
        }
    }

    private const int DistinctCount = 200;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>The header path: read up to the pixel data, apply the profile, encode the new header (to memory).</summary>
    [Benchmark(Baseline = true, Description = "CT header: parse + profile + write")]
    public long HeaderParseProfileWrite()
    {
        DicomFile file = DicomReader.ReadFile(_ct, Stop);
        _deidentifier.Apply(file);
        _header.Position = 0;
        DicomWriter.Write(file, _header, DicomWriteOptions.Default);
        return _header.Position;
    }

    /// <summary>
    /// The header path over 200 distinct corpus files in turn, with a new deidentifier for each pass: every file's UIDs
    /// miss the keyed-function cache, as the files of a real run do (the single-file benchmark above hits it).
    /// </summary>
    [Benchmark(Description = "CT header: parse + profile + write, 200 distinct files")]
    public long DistinctFiles()
    {
        if (_next == 0)
        {
            _perPass = new Deidentifier(_settings);
        }

        DicomFile file = DicomReader.ReadFile(_distinct[_next], Stop);
        _next = _next + 1 == DistinctCount ? 0 : _next + 1;
        _perPass.Apply(file);
        _header.Position = 0;
        DicomWriter.Write(file, _header, DicomWriteOptions.Default);
        return _header.Position;
    }

    [Benchmark(Description = "CT header: parse only")]
    public int HeaderParse() => DicomReader.ReadFile(_ct, Stop).Dataset.Count;

    /// <summary>The whole file as the cmdlet does it: pixel data deferred and appended by the kernel, atomic write.</summary>
    [Benchmark(Description = "CT file: parse + profile + atomic write (pixels by the kernel)")]
    public void WholeFile()
    {
        DicomFile file = DicomReader.ReadFile(_ct, DicomReadOptions.Default);
        _deidentifier.Apply(file);
        DicomWriter.WriteFile(file, _out, DicomWriteOptions.Default);
    }
}
