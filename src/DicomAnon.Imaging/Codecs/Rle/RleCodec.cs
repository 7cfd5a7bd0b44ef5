// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Codecs.Rle;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): one frame is a 64-byte header (segment count, 15 offsets) and one PackBits
/// segment per byte of each sample, most significant byte first. Decoded frames are colour-by-pixel, little endian.
/// </summary>
internal static class RleCodec
{
    private const int HeaderLength = 64;

    /// <summary>Decodes one frame into the native layout (planar configuration 0, little-endian samples).</summary>
    /// <exception cref="UnsupportedPixelDataException">The frame is malformed or does not match the description.</exception>
    public static byte[] Decode(byte[] frame, int rows, int columns, int samplesPerPixel, int bitsAllocated)
    {
        if (frame is null)
        {
            throw new ArgumentNullException(nameof(frame));
        }

        if (bitsAllocated is not (8 or 16 or 32) || samplesPerPixel < 1)
        {
            throw new UnsupportedPixelDataException("RLE Lossless needs Bits Allocated (0028,0100) of 8, 16 or 32.");
        }

        int bytesPerSample = bitsAllocated / 8;
        int segments = samplesPerPixel * bytesPerSample;
        if (frame.Length < HeaderLength)
        {
            throw new UnsupportedPixelDataException("An RLE frame is shorter than its 64-byte header.");
        }

        uint count = LittleEndian.ReadUInt32(frame, 0);
        if (count != segments)
        {
            throw new UnsupportedPixelDataException("An RLE frame's segment count does not match Samples per Pixel and Bits Allocated.");
        }

        long pixels = (long)rows * columns;
        var output = new byte[checked((int)(pixels * segments))];
        for (int seg = 0; seg < segments; seg++)
        {
            uint start = LittleEndian.ReadUInt32(frame, 4 + (seg * 4));
            uint end = seg + 1 < segments ? LittleEndian.ReadUInt32(frame, 8 + (seg * 4)) : (uint)frame.Length;
            if (start < HeaderLength || end > frame.Length || start > end)
            {
                throw new UnsupportedPixelDataException($"RLE segment {seg} has an offset outside its frame.");
            }

            int sample = seg / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (seg % bytesPerSample); // MSB segment first
            DecodeSegment(frame, (int)start, (int)end, output, (sample * bytesPerSample) + byteInSample, segments, pixels, seg);
        }

        return output;
    }

    /// <summary>Encodes one native frame (planar configuration 0, little endian) as an RLE Lossless frame, each row run separately.</summary>
    public static byte[] Encode(byte[] native, int rows, int columns, int samplesPerPixel, int bitsAllocated)
    {
        if (native is null)
        {
            throw new ArgumentNullException(nameof(native));
        }

        if (bitsAllocated is not (8 or 16 or 32))
        {
            throw new UnsupportedPixelDataException("RLE Lossless needs Bits Allocated (0028,0100) of 8, 16 or 32.");
        }

        int bytesPerSample = bitsAllocated / 8;
        int segments = samplesPerPixel * bytesPerSample;
        if (segments > 15)
        {
            throw new UnsupportedPixelDataException("RLE Lossless allows at most 15 segments per frame.");
        }

        long pixels = (long)rows * columns;
        if (native.Length < pixels * segments)
        {
            throw new ArgumentException("The frame is shorter than its description.", nameof(native));
        }

        using var ms = new MemoryStream();
        ms.Write(new byte[HeaderLength], 0, HeaderLength);
        var header = new byte[HeaderLength];
        LittleEndian.WriteUInt32(header, 0, (uint)segments);
        var row = new byte[columns];
        for (int seg = 0; seg < segments; seg++)
        {
            LittleEndian.WriteUInt32(header, 4 + (seg * 4), checked((uint)ms.Length));
            int sample = seg / bytesPerSample;
            int byteIndex = (sample * bytesPerSample) + (bytesPerSample - 1 - (seg % bytesPerSample));
            for (int y = 0; y < rows; y++)
            {
                long rowStart = (long)y * columns;
                for (int x = 0; x < columns; x++)
                {
                    row[x] = native[((rowStart + x) * segments) + byteIndex];
                }

                PackBits(row, columns, ms);
            }

            if ((ms.Length & 1) != 0)
            {
                ms.WriteByte(0);
            }
        }

        byte[] result = ms.ToArray();
        Buffer.BlockCopy(header, 0, result, 0, HeaderLength);
        return result;
    }

    /// <summary>True when <paramref name="fragment"/> starts like an RLE frame header (used to split fragments into frames).</summary>
    internal static bool LooksLikeHeader(byte[] fragment) =>
        fragment.Length >= HeaderLength
        && LittleEndian.ReadUInt32(fragment, 0) is >= 1 and <= 15
        && LittleEndian.ReadUInt32(fragment, 4) == HeaderLength;

    private static void DecodeSegment(byte[] src, int pos, int end, byte[] output, int firstIndex, int stride, long pixels, int seg)
    {
        long produced = 0;
        long o = firstIndex;
        while (produced < pixels && pos < end)
        {
            int n = unchecked((sbyte)src[pos++]);
            if (n >= 0)
            {
                int len = n + 1;
                if (pos + len > end || produced + len > pixels)
                {
                    throw new UnsupportedPixelDataException($"RLE segment {seg} overruns its frame.");
                }

                for (int k = 0; k < len; k++)
                {
                    output[o] = src[pos++];
                    o += stride;
                }

                produced += len;
            }
            else if (n != -128)
            {
                int len = 1 - n;
                if (pos >= end || produced + len > pixels)
                {
                    throw new UnsupportedPixelDataException($"RLE segment {seg} overruns its frame.");
                }

                byte v = src[pos++];
                for (int k = 0; k < len; k++)
                {
                    output[o] = v;
                    o += stride;
                }

                produced += len;
            }
        }

        if (produced != pixels)
        {
            throw new UnsupportedPixelDataException($"RLE segment {seg} is shorter than Rows x Columns.");
        }
    }

    private static void PackBits(byte[] data, int length, Stream output)
    {
        int i = 0;
        while (i < length)
        {
            int run = 1;
            while (i + run < length && run < 128 && data[i + run] == data[i])
            {
                run++;
            }

            if (run >= 2)
            {
                output.WriteByte(unchecked((byte)(257 - run)));
                output.WriteByte(data[i]);
                i += run;
                continue;
            }

            // Literal run: up to the next repeat of two or more bytes, at most 128 bytes.
            int start = i;
            int lit = 0;
            while (i < length && lit < 128)
            {
                if (i + 1 < length && data[i + 1] == data[i])
                {
                    break;
                }

                i++;
                lit++;
            }

            output.WriteByte((byte)(lit - 1));
            output.Write(data, start, lit);
        }
    }
}
