// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core.IO;
using Xunit;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>
/// Decoded text (PN, LO, SH, ST, LT, UT, UC) of pydicom's charset files: DicomDataset.GetString against pydicom's str().
/// Kept apart from the byte-level tests: it depends on the character-set work on another branch and may fail until it is merged.
/// </summary>
public sealed class PydicomCharsetInteropTests
{
    public static IEnumerable<object[]> Charsets() => PydicomReference.CharsetFileNames();

    [Theory]
    [MemberData(nameof(Charsets))]
    public void GetString_CharsetFile_SameTextAsPydicom(string name)
    {
        string path = PydicomReference.PathOf(name);
        (List<DumpRecord>? theirs, string? error, _) = PydicomReference.Dump(path);
        Assert.True(error is null, $"pydicom could not read {name}: {error}");
        DicomFile file = DicomReader.ReadFile(path, DicomReadOptions.Default);
        Dictionary<string, DumpRecord> ours = ElementDump.Ours(file, withText: true).ToDictionary(r => r.Path, StringComparer.Ordinal);

        var failures = new List<string>();
        int compared = 0;
        foreach (DumpRecord t in theirs!.Where(r => r.Text is not null))
        {
            if (ours.TryGetValue(t.Path, out DumpRecord? u) && u.VR == "UN")
            {
                continue; // a private element whose VR pydicom takes from its private dictionary; ours stays UN (bytes compared elsewhere)
            }

            if (!ours.TryGetValue(t.Path, out DumpRecord? o) || o.Text is null)
            {
                failures.Add($"{t.Path} {t.VR}: no text on our side");
                continue;
            }

            compared++;
            // pydicom keeps leading spaces of multi-valued text and strips trailing ones; compare without edge padding.
            if (!string.Equals(Normalise(t.Text!, t.VR), Normalise(o.Text, t.VR), StringComparison.Ordinal))
            {
                // Names and values are synthetic test data shipped with pydicom, so showing them is fine here.
                failures.Add($"{t.Path} {t.VR}: pydicom \"{t.Text}\" / ours \"{o.Text}\"");
            }
        }

        Assert.True(compared > 0, $"{name}: no text elements compared");
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} of {compared} text value(s) differ:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>Edge padding aside, pydicom's PersonName drops empty trailing component groups ("A=B=" is "A=B", PS3.5 6.2.1).</summary>
    private static string Normalise(string s, string vr) =>
        string.Join("\\", s.Split('\\').Select(p => vr == "PN" ? p.Trim(' ', '\0').TrimEnd('=') : p.Trim(' ', '\0')));
}
