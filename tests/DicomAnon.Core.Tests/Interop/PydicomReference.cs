// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>pydicom's own test files and pydicom's dump of them, computed once per test run.</summary>
public static class PydicomReference
{
    public const string DataDirectory = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>A scratch folder for this test run (under the system temp folder, never the repository).</summary>
    public static string WorkDirectory { get; } = CreateWork();

    private static readonly Lazy<Dictionary<string, (List<DumpRecord>? Records, string? Error, bool Forced)>> Dumps = new(() =>
        ElementDump.RunPydicom(AllFiles().ToList(), withText: true, WorkDirectory));

    public static IEnumerable<string> TestFiles() => List("test_files");

    public static IEnumerable<string> CharsetFiles() => List("charset_files");

    public static IEnumerable<string> AllFiles() => TestFiles().Concat(CharsetFiles());

    public static string PathOf(string name) =>
        File.Exists(Path.Combine(DataDirectory, "test_files", name)) ? Path.Combine(DataDirectory, "test_files", name) : Path.Combine(DataDirectory, "charset_files", name);

    public static (List<DumpRecord>? Records, string? Error, bool Forced) Dump(string path) => Dumps.Value[path];

    public static IEnumerable<object[]> TestFileNames() => TestFiles().Select(f => new object[] { Path.GetFileName(f) });

    public static IEnumerable<object[]> CharsetFileNames() => CharsetFiles().Select(f => new object[] { Path.GetFileName(f) });

    private static IEnumerable<string> List(string folder)
    {
        string dir = Path.Combine(DataDirectory, folder);
        if (!Directory.Exists(dir))
        {
            throw new InvalidOperationException($"{dir} is missing: install python3-pydicom (CI does).");
        }

        return Directory.GetFiles(dir, "*.dcm").OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string CreateWork()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-interop-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return dir;
    }
}
