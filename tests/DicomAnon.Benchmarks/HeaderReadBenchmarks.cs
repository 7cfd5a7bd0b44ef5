// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;

namespace DicomAnon.Benchmarks;

/// <summary>Header reads of a synthetic 512x512 16-bit CT file and of a 200 MB multi-frame file; a full copy for scale.</summary>
[MemoryDiagnoser]
public class HeaderReadBenchmarks
{
    private static readonly DicomReadOptions Stop = new() { StopBeforePixelData = true };
    private static readonly DicomReadOptions Loaded = new() { BulkDataThreshold = int.MaxValue };

    private string _dir = string.Empty;
    private string _ct = string.Empty;
    private string _multiFrame = string.Empty;
    private string _copy = string.Empty;
    private byte[] _ctBytes = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "dicomanon-bdn-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
        _ct = Path.Combine(_dir, "ct.dcm");
        TestDicom.WriteCt(_ct, seed: 1);
        _ctBytes = File.ReadAllBytes(_ct);
        _multiFrame = Path.Combine(_dir, "mf200.dcm");
        TestDicom.WriteMultiFrame(_multiFrame, 200L * 1024 * 1024);
        _copy = Path.Combine(_dir, "copy.dcm");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Baseline = true, Description = "CT header, StopBeforePixelData")]
    public int CtHeaderStop() => DicomReader.ReadFile(_ct, Stop).Dataset.Count;

    [Benchmark(Description = "CT header, pixel data deferred")]
    public int CtHeaderDeferred() => DicomReader.ReadFile(_ct, DicomReadOptions.Default).Dataset.Count;

    [Benchmark(Description = "CT fully loaded")]
    public int CtLoaded() => DicomReader.ReadFile(_ct, Loaded).Dataset.Count;

    [Benchmark(Description = "CT header from a MemoryStream")]
    public int CtHeaderMemory()
    {
        using var ms = new MemoryStream(_ctBytes, writable: false);
        return DicomReader.Read(ms, Stop).Dataset.Count;
    }

    [Benchmark(Description = "200 MB multi-frame header, deferred")]
    public int MultiFrameHeader() => DicomReader.ReadFile(_multiFrame, DicomReadOptions.Default).Dataset.Count;

    [Benchmark(Description = "CT copy (read + atomic write)")]
    public void CtCopy() => DicomWriter.WriteFile(DicomReader.ReadFile(_ct, DicomReadOptions.Default), _copy, new DicomWriteOptions());
}
