// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>One component's blocks of quantized coefficients (zig-zag order within a block).</summary>
internal sealed class JpegComponentCoefficients
{
    private readonly short[] _coefficients;
    private readonly int[] _quant;

    internal JpegComponentCoefficients(JpegFrameComponent c)
    {
        Id = c.Id;
        H = c.H;
        V = c.V;
        Width = c.Width;
        Height = c.Height;
        BlocksPerLine = c.BlocksPerLine;
        BlockRows = c.BlockRows;
        _coefficients = c.Coefficients;
        _quant = c.QuantTable ?? new int[64];
    }

    public byte Id { get; }

    /// <summary>Horizontal and vertical sampling factors.</summary>
    public int H { get; }

    public int V { get; }

    /// <summary>Size in this component's samples.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>Blocks stored per line and rows of blocks (whole MCUs; blocks beyond the coded area are zero).</summary>
    public int BlocksPerLine { get; }

    public int BlockRows { get; }

    /// <summary>Coefficient <paramref name="zigzagIndex"/> (0 = DC) of block (<paramref name="blockX"/>, <paramref name="blockY"/>).</summary>
    public short this[int blockX, int blockY, int zigzagIndex]
    {
        get
        {
            if ((uint)blockX >= (uint)BlocksPerLine || (uint)blockY >= (uint)BlockRows || (uint)zigzagIndex >= 64u)
            {
                throw new ArgumentOutOfRangeException(nameof(blockX));
            }

            return _coefficients[(((blockY * BlocksPerLine) + blockX) * 64) + zigzagIndex];
        }
    }

    /// <summary>Quantization step <paramref name="zigzagIndex"/> of the table the component was coded with.</summary>
    public int GetQuantizationStep(int zigzagIndex) => _quant[zigzagIndex];

    /// <summary>True when the two blocks hold the same 64 coefficients.</summary>
    public bool BlockEquals(int blockX, int blockY, JpegComponentCoefficients other, int otherX, int otherY)
    {
        if (other is null)
        {
            throw new ArgumentNullException(nameof(other));
        }

        int a = ((blockY * BlocksPerLine) + blockX) * 64;
        int b = ((otherY * other.BlocksPerLine) + otherX) * 64;
        for (int k = 0; k < 64; k++)
        {
            if (_coefficients[a + k] != other._coefficients[b + k])
            {
                return false;
            }
        }

        return true;
    }
}
