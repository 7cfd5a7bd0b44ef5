// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Batch;

namespace DicomAnon.Commands;

/// <summary>The outcome of one file's work, made on a worker and reported on the pipeline thread.</summary>
public sealed class WriteOutcome
{
    internal WriteOutcome(InputFile file) => File = file;

    public InputFile File { get; }

    /// <summary>Where the file is to be written (null when nothing is written).</summary>
    internal string? Target { get; set; }

    /// <summary>The finished temporary file, renamed to <see cref="Target"/> by the pipeline thread.</summary>
    internal string? TempPath { get; set; }

    /// <summary>
    /// Writes <see cref="TempPath"/> when <see cref="FileWriterCmdlet.Execute"/> leaves the write to the base class:
    /// run right after it, or on the write-behind worker while the next file is prepared.
    /// </summary>
    internal Action<WriteOutcome>? Write { get; set; }

    internal Exception? Error { get; set; }

    /// <summary>An error reported after the file is written (e.g. text still readable).</summary>
    internal Exception? ErrorAfterWrite { get; set; }

    internal object? Result { get; set; }

    internal object? State { get; set; }

    internal List<string> Warnings { get; } = new();

    /// <summary>The input's path relative to the mirror base (its name under -Destination).</summary>
    public string RelativePath { get; internal set; } = string.Empty;

    /// <summary>Set when the target already held a byte-identical file (made by an earlier, interrupted run).</summary>
    internal bool FoundIdentical { get; set; }

    /// <summary>What the read-ahead learnt about the file (null when it was not read ahead).</summary>
    internal ReadAheadResult? ReadAhead { get; set; }
}
