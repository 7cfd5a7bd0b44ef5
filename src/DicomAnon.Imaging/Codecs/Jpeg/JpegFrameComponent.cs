// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>One frame component and its quantized DCT coefficients.</summary>
internal sealed class JpegFrameComponent
{
    public int Index { get; init; }

    public byte Id { get; init; }

    public int H { get; init; }

    public int V { get; init; }

    public int QuantTableId { get; init; }

    /// <summary>Width and height in this component's samples (A.1.1: ceil(X * H / Hmax)).</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Blocks per line and block rows allocated (whole MCUs, as an interleaved scan codes them).</summary>
    public int BlocksPerLine { get; init; }

    public int BlockRows { get; init; }

    /// <summary>64 coefficients per block in zig-zag order, blocks in raster order.</summary>
    public short[] Coefficients { get; init; } = Array.Empty<short>();

    /// <summary>The quantization table in effect when the component's scan began (zig-zag order).</summary>
    public int[]? QuantTable { get; set; }

    public bool Decoded { get; set; }
}
