// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>The scan being decoded: its components and the block layout of one MCU.</summary>
internal sealed class JpegScan
{
    public JpegFrameComponent[] Components { get; init; } = Array.Empty<JpegFrameComponent>();

    public int[] DcTableIds { get; init; } = Array.Empty<int>();

    public int[] AcTableIds { get; init; } = Array.Empty<int>();

    public int McusPerLine { get; init; }

    public int McuRows { get; init; }

    /// <summary>Per block of an MCU: index into <see cref="Components"/>, and the block's column and row inside the MCU.</summary>
    public int[] BlockComponent { get; init; } = Array.Empty<int>();

    public int[] BlockDx { get; init; } = Array.Empty<int>();

    public int[] BlockDy { get; init; } = Array.Empty<int>();

    /// <summary>Blocks per MCU horizontally and vertically for each scan component (1 x 1 when not interleaved).</summary>
    public int[] ScaleX { get; init; } = Array.Empty<int>();

    public int[] ScaleY { get; init; } = Array.Empty<int>();

    public int DataStart { get; init; }

    public int DataEnd { get; init; }

    /// <summary>Offset of the SOS marker.</summary>
    public int HeaderStart { get; init; }
}
