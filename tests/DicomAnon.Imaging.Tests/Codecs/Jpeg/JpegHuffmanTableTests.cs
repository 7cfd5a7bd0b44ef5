// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Imaging.Codecs.Jpeg;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

public sealed class JpegHuffmanTableTests
{
    [Fact]
    public void BuildOptimal_FibonacciFrequencies_LimitsLengthsTo16AndKeepsPrefixCode()
    {
        // Fibonacci frequencies give an unbounded Huffman tree 30 levels deep: Annex K.3 must fold it to 16 bits.
        var frequencies = new long[256];
        long a = 1, b = 1;
        for (int s = 0; s < 30; s++)
        {
            frequencies[s * 3] = a;
            (a, b) = (b, a + b);
        }

        JpegHuffmanTable table = JpegHuffmanTable.BuildOptimal(frequencies);

        AssertValidCode(table, frequencies);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(162)]
    [InlineData(256)]
    public void BuildOptimal_SymbolCounts_EverySymbolGetsAValidCode(int symbols)
    {
        var random = new Random(symbols);
        var frequencies = new long[256];
        for (int s = 0; s < symbols; s++)
        {
            frequencies[(s * 7) % 256] = random.Next(1, 100_000);
        }

        JpegHuffmanTable table = JpegHuffmanTable.BuildOptimal(frequencies);

        AssertValidCode(table, frequencies);
    }

    [Fact]
    public void Create_TooManyCodesOfOneLength_ThrowsFormatException()
    {
        var counts = new byte[17];
        counts[1] = 3; // only two 1-bit codes exist
        Assert.Throws<JpegFormatException>(() => JpegHuffmanTable.Create(counts, new byte[] { 0, 1, 2 }, 0));
    }

    private static void AssertValidCode(JpegHuffmanTable table, long[] frequencies)
    {
        double kraft = 0;
        for (int s = 0; s < 256; s++)
        {
            int size = table.Sizes[s];
            if (frequencies[s] == 0)
            {
                Assert.Equal(0, size);
                continue;
            }

            Assert.InRange(size, 1, 16);
            Assert.NotEqual((1u << size) - 1, table.Codes[s]); // the all-ones code stays unused (K.2)
            kraft += Math.Pow(2, -size);
            for (int t = 0; t < s; t++)
            {
                int other = table.Sizes[t];
                if (other == 0)
                {
                    continue;
                }

                // Prefix-free: neither code is a prefix of the other.
                int shorter = Math.Min(size, other);
                Assert.NotEqual(table.Codes[s] >> (size - shorter), table.Codes[t] >> (other - shorter));
            }
        }

        Assert.True(kraft < 1.0, $"Kraft sum {kraft} leaves no room for the reserved code");
    }
}
