// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace DicomAnon.Core.Dictionary;

/// <summary>Reads the tab-separated standard tables embedded in this assembly.</summary>
internal static class EmbeddedTable
{
    public static IEnumerable<string[]> Rows(string fileName)
    {
        Assembly asm = typeof(EmbeddedTable).Assembly;
        using Stream stream = asm.GetManifestResourceStream("DicomAnon.Core.Data." + fileName)
            ?? throw new InvalidOperationException($"Embedded table {fileName} is missing from {asm.GetName().Name}.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0)
            {
                yield return line.Split('\t');
            }
        }
    }
}
