// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// The one walk over a sequential scan's blocks (T.81 A.2: MCUs in raster order, the blocks of each MCU, restart
/// intervals with DC predictors reset), shared by decoding, encoding and symbol counting; what happens to each block
/// is the visitor's. Also the entropy coding of one block (F.1.2), for encoding and counting.
/// </summary>
internal static class JpegScanCoder
{
    /// <summary>SSSS (F.1.2.1): the number of bits of |value|, by table below 4096.</summary>
    private static readonly byte[] Categories = BuildCategories();

    /// <summary>Walks every block of <paramref name="scan"/>; false as soon as the visitor refuses a block.</summary>
    public static bool Run<TVisitor>(JpegScan scan, int restartInterval, ref TVisitor visitor)
        where TVisitor : struct, IJpegBlockVisitor
    {
        int n = scan.Components.Length;
        short[][] coefficients = new short[n][];
        int[] blocksPerLine = new int[n];
        for (int i = 0; i < n; i++)
        {
            coefficients[i] = scan.Components[i].Coefficients;
            blocksPerLine[i] = scan.Components[i].BlocksPerLine;
        }

        int[] predictors = new int[n];
        int[] blockComponent = scan.BlockComponent, blockDx = scan.BlockDx, blockDy = scan.BlockDy;
        int blocksPerMcu = blockComponent.Length;
        int nextRestart = 0;
        int mcu = 0;
        for (int my = 0; my < scan.McuRows; my++)
        {
            for (int mx = 0; mx < scan.McusPerLine; mx++, mcu++)
            {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
                {
                    visitor.Restart(nextRestart);
                    nextRestart = (nextRestart + 1) & 7;
                    Array.Clear(predictors, 0, n);
                }

                visitor.BeginMcu(blocksPerMcu);
                for (int b = 0; b < blocksPerMcu; b++)
                {
                    int ci = blockComponent[b];
                    int bx = (mx * scan.ScaleX[ci]) + blockDx[b];
                    int by = (my * scan.ScaleY[ci]) + blockDy[b];
                    int offset = ((by * blocksPerLine[ci]) + bx) * 64;
                    if (!visitor.Block(ci, coefficients[ci], offset, ref predictors[ci]))
                    {
                        return false;
                    }
                }

                visitor.EndMcu();
            }
        }

        return true;
    }

    public static int Category(int value)
    {
        uint a = (uint)(value < 0 ? -value : value);
        if (a < 4096)
        {
            return Categories[a];
        }

        int n = 12;
        a >>= 12;
        while (a != 0)
        {
            n++;
            a >>= 1;
        }

        return n;
    }

    /// <summary>Writes one block (DC difference and run-length AC codes); false when a symbol has no code in the tables.</summary>
    public static bool EncodeBlock(JpegBitWriter writer, short[] block, int offset, int diff, JpegHuffmanTable dc, JpegHuffmanTable ac)
    {
        unchecked
        {
            int s = Category(diff);
            int size = dc.Sizes[s];
            if (size == 0)
            {
                return false;
            }

            uint extra = (uint)(diff < 0 ? diff - 1 : diff) & ((1u << s) - 1);
            writer.Write((dc.Codes[s] << s) | extra, size + s);

            int run = 0;
            for (int k = 1; k < 64; k++)
            {
                int v = block[offset + k];
                if (v == 0)
                {
                    run++;
                    continue;
                }

                while (run > 15)
                {
                    if (ac.Sizes[0xF0] == 0)
                    {
                        return false;
                    }

                    writer.Write(ac.Codes[0xF0], ac.Sizes[0xF0]);
                    run -= 16;
                }

                s = Category(v);
                int symbol = (run << 4) | s;
                size = ac.Sizes[symbol];
                if (size == 0)
                {
                    return false;
                }

                extra = (uint)(v < 0 ? v - 1 : v) & ((1u << s) - 1);
                writer.Write((ac.Codes[symbol] << s) | extra, size + s);
                run = 0;
            }

            if (run > 0)
            {
                if (ac.Sizes[0] == 0)
                {
                    return false;
                }

                writer.Write(ac.Codes[0], ac.Sizes[0]);
            }

            return true;
        }
    }

    /// <summary>Counts the symbols <see cref="EncodeBlock"/> would write (for optimal tables, T.81 K.2).</summary>
    public static void CountBlock(short[] block, int offset, int diff, long[] dcCount, long[] acCount)
    {
        dcCount[Category(diff)]++;
        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int v = block[offset + k];
            if (v == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                acCount[0xF0]++;
                run -= 16;
            }

            acCount[(run << 4) | Category(v)]++;
            run = 0;
        }

        if (run > 0)
        {
            acCount[0]++;
        }
    }

    private static byte[] BuildCategories()
    {
        byte[] table = new byte[4096];
        for (int v = 1; v < table.Length; v++)
        {
            table[v] = (byte)(table[v >> 1] + 1);
        }

        return table;
    }
}
