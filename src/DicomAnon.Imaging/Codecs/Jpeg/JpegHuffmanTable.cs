// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// One Huffman table (ITU-T T.81 Annex C) with its decoding (F.2.2.3, plus a 9-bit lookahead) and
/// encoding (C.2) forms, and the optimal-table builder of Annex K.2.
/// </summary>
/// <threadsafety>Immutable after construction.</threadsafety>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes up to this length are decoded by one table lookup.</summary>
    public const int LookupBits = 9;

    private JpegHuffmanTable(byte[] counts, byte[] values)
    {
        Counts = counts;
        Values = values;
    }

    /// <summary>BITS: Counts[l] is the number of codes of length l (1..16); Counts[0] is unused.</summary>
    public byte[] Counts { get; }

    /// <summary>HUFFVAL: the symbols in code order.</summary>
    public byte[] Values { get; }

    /// <summary>Indexed by the next <see cref="LookupBits"/> bits: (length &lt;&lt; 8) | symbol, or 0 for a longer code.</summary>
    public ushort[] Lookup { get; } = new ushort[1 << LookupBits];

    /// <summary>MAXCODE per length (-1 when no code has that length); index 17 is a sentinel.</summary>
    public int[] MaxCode { get; } = new int[18];

    /// <summary>VALPTR - MINCODE per length, so the symbol is Values[ValueOffset[l] + code].</summary>
    public int[] ValueOffset { get; } = new int[17];

    /// <summary>EHUFCO: the code of each symbol.</summary>
    public uint[] Codes { get; } = new uint[256];

    /// <summary>EHUFSI: the code length of each symbol, 0 when the table has no code for it.</summary>
    public byte[] Sizes { get; } = new byte[256];

    /// <summary>Builds a table from BITS (17 entries, index 0 unused) and HUFFVAL; throws when the code lengths overflow.</summary>
    public static JpegHuffmanTable Create(byte[] counts, byte[] values, long offset)
    {
        var table = new JpegHuffmanTable(counts, values);
        uint code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length];
            if (n == 0)
            {
                table.MaxCode[length] = -1;
            }
            else
            {
                table.ValueOffset[length] = k - (int)code;
                if (code + (uint)n > (1u << length))
                {
                    throw new JpegFormatException(
                        string.Format(CultureInfo.InvariantCulture, "Huffman table has more codes of length {0} than fit (BITS overflow).", length), offset);
                }

                for (int i = 0; i < n; i++, k++, code++)
                {
                    byte symbol = values[k];
                    if (length <= LookupBits)
                    {
                        int first = (int)(code << (LookupBits - length));
                        int fill = 1 << (LookupBits - length);
                        ushort entry = (ushort)((length << 8) | symbol);
                        for (int j = 0; j < fill; j++)
                        {
                            table.Lookup[first + j] = entry;
                        }
                    }

                    if (table.Sizes[symbol] == 0)
                    {
                        table.Sizes[symbol] = (byte)length;
                        table.Codes[symbol] = code;
                    }
                }

                table.MaxCode[length] = (int)code - 1;
            }

            code <<= 1;
        }

        table.MaxCode[17] = int.MaxValue;
        return table;
    }

    /// <summary>The DHT payload of this table (Tc/Th byte, BITS, HUFFVAL).</summary>
    public void WriteDefinition(byte[] buffer, ref int position, int tableClass, int tableId)
    {
        buffer[position++] = (byte)((tableClass << 4) | tableId);
        for (int l = 1; l <= 16; l++)
        {
            buffer[position++] = Counts[l];
        }

        Buffer.BlockCopy(Values, 0, buffer, position, Values.Length);
        position += Values.Length;
    }

    /// <summary>
    /// The optimal table for the symbol frequencies (Annex K.2, figures K.1 to K.4): code lengths limited to 16
    /// and the all-ones code left unused. <paramref name="frequencies"/> has 256 entries and is not changed.
    /// </summary>
    public static JpegHuffmanTable BuildOptimal(long[] frequencies)
    {
        const int Symbols = 257;
        long[] freq = new long[Symbols];
        Array.Copy(frequencies, freq, 256);
        freq[256] = 1; // reserves one code point so that no code is all ones
        int[] codeSize = new int[Symbols];
        int[] others = new int[Symbols];
        for (int i = 0; i < Symbols; i++)
        {
            others[i] = -1;
        }

        while (true)
        {
            // V1: least frequency (the larger symbol on ties); V2: next least.
            int c1 = -1;
            long v = long.MaxValue;
            for (int i = 0; i < Symbols; i++)
            {
                if (freq[i] != 0 && freq[i] <= v)
                {
                    v = freq[i];
                    c1 = i;
                }
            }

            int c2 = -1;
            v = long.MaxValue;
            for (int i = 0; i < Symbols; i++)
            {
                if (freq[i] != 0 && freq[i] <= v && i != c1)
                {
                    v = freq[i];
                    c2 = i;
                }
            }

            if (c2 < 0)
            {
                break;
            }

            freq[c1] += freq[c2];
            freq[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0)
            {
                c1 = others[c1];
                codeSize[c1]++;
            }

            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0)
            {
                c2 = others[c2];
                codeSize[c2]++;
            }
        }

        int[] bits = new int[Symbols + 1];
        for (int i = 0; i < Symbols; i++)
        {
            if (codeSize[i] != 0)
            {
                bits[codeSize[i]]++;
            }
        }

        // K.3: no code longer than 16 bits.
        for (int i = Symbols; i > 16; i--)
        {
            while (bits[i] > 0)
            {
                int j = i - 2;
                while (bits[j] == 0)
                {
                    j--;
                }

                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }

        // Remove the reserved code point from the longest length in use.
        int longest = 16;
        while (longest > 0 && bits[longest] == 0)
        {
            longest--;
        }

        if (longest > 0)
        {
            bits[longest]--;
        }

        byte[] counts = new byte[17];
        int total = 0;
        for (int l = 1; l <= 16; l++)
        {
            counts[l] = (byte)bits[l];
            total += bits[l];
        }

        // K.4: symbols sorted by code size, then by value.
        byte[] values = new byte[total];
        int p = 0;
        for (int size = 1; size <= Symbols && p < total; size++)
        {
            for (int s = 0; s < 256 && p < total; s++)
            {
                if (codeSize[s] == size)
                {
                    values[p++] = (byte)s;
                }
            }
        }

        return Create(counts, values, -1);
    }
}
