// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>What <see cref="JpegBaselineRedactor.RedactWithReport"/> did.</summary>
internal sealed class JpegRedactionResult
{
    internal JpegRedactionResult(byte[] data, int blocksChanged, bool huffmanTablesRebuilt, int width, int height)
    {
        Data = data;
        BlocksChanged = blocksChanged;
        HuffmanTablesRebuilt = huffmanTablesRebuilt;
        Width = width;
        Height = height;
    }

    /// <summary>The new codestream (a copy of the input when no block intersects a rectangle).</summary>
    public byte[] Data { get; }

    /// <summary>Number of 8x8 blocks (all components) set to black.</summary>
    public int BlocksChanged { get; }

    /// <summary>True when a needed code was missing from the original Huffman tables, so optimal tables replaced them (DHT rewritten).</summary>
    public bool HuffmanTablesRebuilt { get; }

    public int Width { get; }

    public int Height { get; }
}
