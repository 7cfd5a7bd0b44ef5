// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Imaging.Codecs.Jpeg;

namespace DicomAnon.Imaging.Codecs.JpegLossless;

/// <summary>
/// Encoder for JPEG lossless, non-hierarchical, first-order prediction (selection value 1, point transform 0):
/// the codestream of 1.2.840.10008.1.2.4.70, also valid for 1.2.840.10008.1.2.4.57. One interleaved scan,
/// one Huffman table optimised for the frame (T.81 Annex K.2).
/// </summary>
internal static class JpegLosslessEncoder
{
    /// <param name="samples">Samples colour-by-pixel; only the low <paramref name="precision"/> bits are used.</param>
    public static byte[] Encode(ushort[] samples, int width, int height, int components, int precision) =>
        Encode(samples, width, height, components, precision, 1, 0, 0);

    /// <summary>Encodes with any predictor (selection value 1-7), point transform and restart interval (in pixels).</summary>
    /// <remarks>With a point transform the low bits are dropped (not lossless); used to produce test streams.</remarks>
    public static byte[] Encode(ushort[] samples, int width, int height, int components, int precision, int predictor, int pointTransform, int restartInterval)
    {
        if (samples is null)
        {
            throw new ArgumentNullException(nameof(samples));
        }

        if (precision is < 2 or > 16 || components is < 1 or > 4 || width is < 1 or > 65535 || height is < 1 or > 65535
            || predictor is < 1 or > 7 || pointTransform < 0 || pointTransform >= precision || restartInterval is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), "Precision 2-16, 1-4 components, sizes 1-65535, predictor 1-7 are supported.");
        }

        long total = (long)width * height * components;
        if (samples.Length < total)
        {
            throw new ArgumentException("Fewer samples than width x height x components.", nameof(samples));
        }

        // Pass 1: the differences and their categories, to build an optimal table.
        var categories = new byte[total];
        var diffs = new int[total];
        var freq = new long[257];
        uint mask = (1u << precision) - 1;
        int initial = 1 << (precision - pointTransform - 1);
        int pt = pointTransform;
        bool firstLine = true;
        int lineStartX = 0;
        long mcu = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, mcu++)
            {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
                {
                    firstLine = true;
                    lineStartX = x;
                }

                for (int c = 0; c < components; c++)
                {
                    long i = ((((long)y * width) + x) * components) + c;
                    int v = (int)((samples[i] & mask) >> pt);
                    int pred;
                    if (firstLine)
                    {
                        pred = x == lineStartX ? initial : Sample(samples, i - components, mask, pt);
                    }
                    else if (x == 0)
                    {
                        pred = Sample(samples, i - ((long)width * components), mask, pt);
                    }
                    else
                    {
                        int ra = Sample(samples, i - components, mask, pt);
                        int rb = Sample(samples, i - ((long)width * components), mask, pt);
                        int rc = Sample(samples, i - ((long)width * components) - components, mask, pt);
                        pred = predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }

                    int diff = unchecked((short)(ushort)((v - pred) & 0xFFFF));
                    int cat = Category(diff);
                    categories[i] = (byte)cat;
                    diffs[i] = diff;
                    freq[cat]++;
                }
            }

            firstLine = false;
            lineStartX = 0;
        }

        // The same Annex K.2 builder that the baseline redactor uses for its rebuilt tables.
        JpegHuffmanTable table = JpegHuffmanTable.BuildOptimal(freq);
        using var ms = new MemoryStream();
        ms.WriteByte(0xFF);
        ms.WriteByte(0xD8);

        // SOF3
        WriteMarker(ms, 0xC3, 8 + (3 * components));
        ms.WriteByte((byte)precision);
        WriteUInt16(ms, height);
        WriteUInt16(ms, width);
        ms.WriteByte((byte)components);
        for (int c = 0; c < components; c++)
        {
            ms.WriteByte((byte)(c + 1));
            ms.WriteByte(0x11);
            ms.WriteByte(0);
        }

        // DHT: one DC table, class 0, id 0.
        WriteMarker(ms, 0xC4, 19 + table.Values.Length);
        ms.WriteByte(0x00);
        ms.Write(table.Counts, 1, 16);

        ms.Write(table.Values, 0, table.Values.Length);
        if (restartInterval > 0)
        {
            WriteMarker(ms, 0xDD, 4);
            WriteUInt16(ms, restartInterval);
        }

        // SOS: all components, table 0, Ss = 1 (predictor), Se = 0, Ah/Al = 0.
        WriteMarker(ms, 0xDA, 6 + (2 * components));
        ms.WriteByte((byte)components);
        for (int c = 0; c < components; c++)
        {
            ms.WriteByte((byte)(c + 1));
            ms.WriteByte(0x00);
        }

        ms.WriteByte((byte)predictor);
        ms.WriteByte(0);
        ms.WriteByte((byte)pointTransform);

        var bw = new BitWriter(ms);
        int rst = 0;
        for (long i = 0; i < total; i++)
        {
            if (restartInterval > 0 && i > 0 && i % ((long)restartInterval * components) == 0)
            {
                bw.Flush();
                ms.WriteByte(0xFF);
                ms.WriteByte((byte)(0xD0 + rst));
                rst = (rst + 1) & 7;
            }

            int cat = categories[i];
            bw.Write(table.Codes[cat], table.Sizes[cat]);
            if (cat is > 0 and < 16)
            {
                int d = diffs[i];
                uint extra = unchecked((uint)(d < 0 ? d - 1 : d)) & ((1u << cat) - 1);
                bw.Write(extra, cat);
            }
        }

        bw.Flush();
        ms.WriteByte(0xFF);
        ms.WriteByte(0xD9);
        return ms.ToArray();
    }

    private static int Sample(ushort[] samples, long i, uint mask, int pt) => (int)((samples[i] & mask) >> pt);

    private static int Category(int diff)
    {
        if (diff == -32768)
        {
            return 16;
        }

        int a = diff < 0 ? -diff : diff;
        int n = 0;
        while (a != 0)
        {
            n++;
            a >>= 1;
        }

        return n;
    }

    private static void WriteMarker(Stream s, int marker, int length)
    {
        s.WriteByte(0xFF);
        s.WriteByte((byte)marker);
        WriteUInt16(s, length);
    }

    private static void WriteUInt16(Stream s, int v)
    {
        s.WriteByte((byte)((v >> 8) & 0xFF));
        s.WriteByte((byte)(v & 0xFF));
    }

    private sealed class BitWriter
    {
        private readonly Stream _s;
        private ulong _acc;
        private int _n;

        public BitWriter(Stream s) => _s = s;

        public void Write(uint bits, int count)
        {
            if (count == 0)
            {
                return;
            }

            _acc = unchecked((_acc << count) | (bits & ((1u << count) - 1)));
            _n += count;
            while (_n >= 8)
            {
                _n -= 8;
                Emit(unchecked((byte)(_acc >> _n)));
            }

            _acc &= (1UL << _n) - 1;
        }

        /// <summary>Pads the last byte with 1-bits (T.81 F.1.2.3).</summary>
        public void Flush()
        {
            if (_n > 0)
            {
                Write((1u << (8 - _n)) - 1, 8 - _n);
            }
        }

        private void Emit(byte b)
        {
            _s.WriteByte(b);
            if (b == 0xFF)
            {
                _s.WriteByte(0);
            }
        }
    }
}
