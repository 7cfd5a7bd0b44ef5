// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DicomAnon.Core.Tests.TestSupport;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>dicom3tools' validator, reduced to the set of its error lines so that a source and an output compare.</summary>
internal static class Dciodvfy
{
    public const string ReadFailed = "Error - Dicom dataset read failed";

    /// <summary>dciodvfy's error lines for a file. dciodvfy cannot read some files (deflated ones, or a source whose
    /// data contradicts its transfer syntax): then dcmtk's explicit VR LE rendering of the file (dcmconv +te) is
    /// validated instead, and if dcmtk cannot read it either, the partial result stands (marked by ReadFailed).</summary>
    public static HashSet<string> Validate(string tool, string path, string label, Action<string> log)
    {
        HashSet<string> errors = Errors(ExternalTool.Run(tool, new[] { path }, 60_000));
        if (!errors.Contains(ReadFailed))
        {
            return errors;
        }

        string converted = System.IO.Path.Combine(PydicomReference.WorkDirectory, "dcmconv-te-" + label + "-" + Guid.NewGuid().ToString("N") + ".dcm");
        ExternalTool.Result conv = ExternalTool.Run(ExternalTool.Require("dcmconv"), new[] { "+te", path, converted }, 60_000);
        if (conv.ExitCode != 0)
        {
            log($"dciodvfy and dcmconv cannot read the {label}; its partial dciodvfy result is used");
            return errors;
        }

        log($"dciodvfy cannot read the {label} directly; validated dcmconv +te's rendering of it");
        return Errors(ExternalTool.Run(tool, new[] { converted }, 60_000));
    }

    /// <summary>"Error" lines, with whitespace collapsed, byte offsets/lengths (which move when a file is rewritten) and
    /// quoted values and UIDs (which de-identification changes) blanked: what is compared is the kind of error and where.</summary>
    private static HashSet<string> Errors(ExternalTool.Result r) =>
        r.All.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Error", StringComparison.Ordinal))
            .Select(l => Regex.Replace(Regex.Replace(l, @"\s+", " "), @"(offset|length|Offset|Length)\s*[=:]?\s*0x[0-9a-fA-F]+|(offset|length)\s*[=:]?\s*\d+", "$1 #"))
            .Select(l => Regex.Replace(Regex.Replace(l, "<[^>]*>", "<#>"), @"(UID\s+)\S+$", "$1#"))
            .ToHashSet(StringComparer.Ordinal);
}
