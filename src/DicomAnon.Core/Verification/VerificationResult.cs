// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Verification;

/// <summary>The findings of one output file, and the source it was paired with (if any).</summary>
internal sealed class VerificationResult
{
    internal VerificationResult(string path, IReadOnlyList<Finding> findings, string? sourcePath, int source)
    {
        Path = path;
        Findings = findings;
        SourcePath = sourcePath;
        Source = source;
    }

    public string Path { get; }

    /// <summary>Every finding, grouped by check (not in element order). Empty for a clean file.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The path of the source file this output was paired with by its SOP Instance UID and the key, or null.</summary>
    public string? SourcePath { get; }

    /// <summary>Index of the paired source, or -1.</summary>
    internal int Source { get; }
}
