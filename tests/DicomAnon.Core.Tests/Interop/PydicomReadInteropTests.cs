// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using DicomAnon.Core.IO;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>Our reader against pydicom 2.3 on pydicom's own test files: same elements, same VRs, same value bytes.</summary>
public sealed class PydicomReadInteropTests
{
    /// <summary>Files that are malformed: pydicom reads what it can (leniently, or with force=True), we refuse them.</summary>
    public static readonly Dictionary<string, Type> Malformed = new(StringComparer.Ordinal)
    {
        // Pixel data (7FE0,0010) declares 8192 bytes; the file ends after 8130 of them. pydicom returns a short value.
        ["MR_truncated.dcm"] = typeof(DicomFormatException),
        // Truncated in the middle of a nested sequence; pydicom stops silently at the end of data.
        ["rtplan_truncated.dcm"] = typeof(DicomFormatException),
        // The first byte is missing, so every tag is shifted: pydicom with force=True reads one bogus 38 KB element (0820,0500).
        ["no_meta.dcm"] = typeof(NotDicomFileException),
    };

    private readonly ITestOutputHelper _output;

    public PydicomReadInteropTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Files() => PydicomReference.TestFileNames();

    public static IEnumerable<object[]> Charsets() => PydicomReference.CharsetFileNames();

    [Theory]
    [MemberData(nameof(Files))]
    [MemberData(nameof(Charsets))]
    public void ReadFile_PydicomTestFile_SameElementsAsPydicom(string name)
    {
        string path = PydicomReference.PathOf(name);
        (List<DumpRecord>? theirs, string? error, bool forced) = PydicomReference.Dump(path);
        if (Malformed.TryGetValue(name, out Type? expected))
        {
            Exception? ex = Record.Exception(() => DicomReader.ReadFile(path, DicomReadOptions.Default));
            Assert.NotNull(ex);
            Assert.IsType(expected, ex);
            return;
        }

        Assert.True(error is null, $"pydicom could not read {name}: {error}");
        DicomFile file = DicomReader.ReadFile(path, DicomReadOptions.Default);
        List<DumpRecord> ours = ElementDump.Ours(file);
        DumpComparer.Outcome outcome = DumpComparer.Compare(theirs!, ours);
        foreach (string note in outcome.Notes)
        {
            _output.WriteLine("note: " + note);
        }

        if (forced)
        {
            _output.WriteLine("note: pydicom needed force=True (no preamble/'DICM'); read as a raw dataset by both.");
        }

        Assert.True(outcome.Equal, $"{name}: {outcome.Failures.Count} difference(s) from pydicom:{Environment.NewLine}{outcome.Describe()}");
    }
}
