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

    /// <summary>Nesting limit for sequences; deeper input is rejected as malformed rather than risking the stack.</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>
    /// Deflated files: the inflated dataset may hold at most this many bytes per compressed byte (with a 64 MB floor).
    /// Guards against decompression bombs; checked against declared lengths before anything is allocated.
    /// </summary>
    public int MaxInflationRatio { get; init; } = 32;
}
