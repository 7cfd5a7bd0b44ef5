// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Specialized;

namespace DicomAnon;

/// <summary>Test-DicomDeidentified -Summary: totals of one run.</summary>
public sealed class DeidentificationSummary
{
    public int FilesChecked { get; internal set; }

    public int FilesWithFindings { get; internal set; }

    /// <summary>Files that could not be read (each also reported as an error).</summary>
    public int FilesNotChecked { get; internal set; }

    public int Findings { get; internal set; }

    public int High { get; internal set; }

    public int Medium { get; internal set; }

    public int Low { get; internal set; }

    /// <summary>Kind → count, most frequent first.</summary>
    public OrderedDictionary ByKind { get; internal set; } = new();

    /// <summary>Source files read (-SourcePath).</summary>
    public int Sources { get; internal set; }

    /// <summary>Outputs paired with their source through the key.</summary>
    public int Paired { get; internal set; }

    /// <summary>
    /// -SourcePath files (or paths) that could not be read, each also reported as an error: their identifiers were not
    /// searched for, so the run cannot be Clean.
    /// </summary>
    public int SourcesNotRead { get; internal set; }

    /// <summary>True when nothing was found, every file was checked and every source was read.</summary>
    public bool Clean => Findings == 0 && FilesNotChecked == 0 && SourcesNotRead == 0;
}
