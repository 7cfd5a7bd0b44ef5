// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>How <see cref="DicomReader"/> reads (pydicom's stop_before_pixels and defer_size, fo-dicom's largeObjectSize).</summary>
public sealed class DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop at (7FE0,0010) at the top level: the header is read, the pixel data element is not.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Values of bulk VRs (OB, OW, OF, OD, OL, OV, UN) at least this long are located, not loaded, when reading a file.</summary>
    public int BulkDataThreshold { get; init; } = 64 * 1024;

    /// <summary>
    /// Nesting limit for sequences (also sequences found inside UN values); deeper input is rejected with
    /// <see cref="DicomLimitExceededException"/> rather than risking the stack.
    /// </summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>
    /// Most data elements, sequence items and fragments one file may hold (duplicates included). Real files hold
    /// thousands; large RT structure sets a few hundred thousand. Over it: <see cref="DicomLimitExceededException"/>.
    /// </summary>
    public int MaxElementCount { get; init; } = 1_000_000;

    /// <summary>Most read warnings kept per file; the rest are counted in one closing warning (a file cannot flood the log).</summary>
    public int MaxWarnings { get; init; } = 100;

    /// <summary>
    /// Deflated files: the most bytes the dataset may inflate to, whatever the ratio allows (every value of a deflated
    /// file is held in memory). Over it: <see cref="DicomLimitExceededException"/>.
    /// </summary>
    public long MaxDecodedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Deflated files: the inflated dataset may hold at most this many bytes per compressed byte (with a 64 MB floor,
    /// and never more than <see cref="MaxDecodedBytes"/>). Guards against decompression bombs; checked against declared
    /// lengths before anything is allocated. Over it: <see cref="DicomLimitExceededException"/>.
    /// </summary>
    public int MaxInflationRatio { get; init; } = 32;

    /// <summary>
    /// When set, a plain value (not a sequence, not UN, not of the file meta group) whose tag and VR it refuses is
    /// skipped, not loaded, and left out of the dataset: for a reader that needs a few kinds of value only (the
    /// folder's identifier pre-pass of path scrubbing). Sequences are still read, so their items are filtered alike.
    /// </summary>
    internal System.Func<DicomTag, DicomVR, bool>? KeepValue { get; init; }
}
