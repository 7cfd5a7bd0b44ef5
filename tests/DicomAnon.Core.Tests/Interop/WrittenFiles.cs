// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>Every pydicom test file we can read, written back by our writer (same syntax, and explicit VR little endian
/// where the source is native), plus pydicom's dump of each written file. Built once per test run.</summary>
public static class WrittenFiles
{
    private static readonly Lazy<List<Case>> All = new(Build);

    private static readonly Lazy<Dictionary<string, (List<DumpRecord>? Records, string? Error, bool Forced)>> Dumps = new(() =>
        ElementDump.RunPydicom(All.Value.Select(c => c.Output).ToList(), withText: false, PydicomReference.WorkDirectory));

    public sealed record Case(string Id, string Source, string Output, string Mode);

    public static IReadOnlyList<Case> Cases => All.Value;

    public static Case Get(string id) => All.Value.Single(c => c.Id == id);

    public static (List<DumpRecord>? Records, string? Error, bool Forced) Dump(Case c) => Dumps.Value[c.Output];

    /// <summary>Case ids, computed without writing anything (xunit enumerates them at discovery).</summary>
    public static IEnumerable<object[]> Ids()
    {
        foreach (string source in PydicomReference.AllFiles())
        {
            string name = Path.GetFileName(source);
            if (PydicomReadInteropTests.Malformed.ContainsKey(name))
            {
                continue;
            }

            yield return new object[] { "same/" + name };
            if (!IsEncapsulated(source))
            {
                yield return new object[] { "evrle/" + name };
            }
        }
    }

    private static bool IsEncapsulated(string path)
    {
        try
        {
            return DicomReader.ReadFile(path, new DicomReadOptions { StopBeforePixelData = true }).TransferSyntax.IsEncapsulated;
        }
        catch (DicomFormatException)
        {
            return false;
        }
    }

    private static List<Case> Build()
    {
        var cases = new List<Case>();
        foreach (object[] id in Ids())
        {
            string caseId = (string)id[0];
            string mode = caseId.Substring(0, caseId.IndexOf('/', StringComparison.Ordinal));
            string name = caseId.Substring(mode.Length + 1);
            string source = PydicomReference.PathOf(name);
            string output = Path.Combine(PydicomReference.WorkDirectory, "written", mode, name);
            DicomFile file = DicomReader.ReadFile(source, DicomReadOptions.Default);
            var options = new DicomWriteOptions { TransferSyntax = mode == "evrle" ? DicomTransferSyntax.ExplicitVRLittleEndian : null };
            DicomWriter.WriteFile(file, output, options);
            cases.Add(new Case(caseId, source, output, mode));
        }

        return cases;
    }
}
