// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// The quantized DCT coefficients of a baseline JPEG, per component and block (for verification and diagnostics).
/// Same support and exceptions as <see cref="JpegBaselineRedactor"/>.
/// </summary>
public sealed class JpegCoefficients
{
    private JpegCoefficients(int width, int height, IReadOnlyList<JpegComponentCoefficients> components, int restartInterval)
    {
        Width = width;
        Height = height;
        Components = components;
        RestartInterval = restartInterval;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Restart interval in MCUs (DRI), 0 when none.</summary>
    public int RestartInterval { get; }

    public IReadOnlyList<JpegComponentCoefficients> Components { get; }

    /// <summary>Decodes every scan of <paramref name="jpeg"/>.</summary>
    public static JpegCoefficients Read(byte[] jpeg)
    {
        JpegCodestream s = JpegCodestream.Decode(jpeg);
        var list = new List<JpegComponentCoefficients>();
        foreach (JpegFrameComponent c in s.Components)
        {
            if (!c.Decoded)
            {
                throw new JpegFormatException("A frame component is not coded in any scan.", -1);
            }

            list.Add(new JpegComponentCoefficients(c));
        }

        return new JpegCoefficients(s.Width, s.Height, list, s.RestartInterval);
    }
}

/// <summary>One component's blocks of quantized coefficients (zig-zag order within a block).</summary>
public sealed class JpegComponentCoefficients
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
