// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Pixels;

/// <summary>
/// Where each sample of a frame lives in its native byte layout, and how to read and write it.
/// Samples of 8, 16 and 32 bits are little-endian; 1- and 12-bit samples are packed in a little-endian bit stream.
/// </summary>
internal static class SampleLayout
{
    /// <summary>Index of sample <paramref name="s"/> of pixel (x, y) in a frame with description <paramref name="d"/>.</summary>
    public static long SampleIndex(PixelDescription d, int x, int y, int s)
    {
        if (d.IsSubsampled422)
        {
            // Each pair of pixels is Y1 Y2 Cb Cr.
            long pairBase = (((long)y * d.Columns) + (x & ~1)) * 2;
            return s == 0 ? pairBase + (x & 1) : pairBase + 1 + s;
        }

        long pixel = ((long)y * d.Columns) + x;
        return d.PlanarConfiguration == 0
            ? (pixel * d.SamplesPerPixel) + s
            : ((long)s * d.Rows * d.Columns) + pixel;
    }

    public static uint Read(byte[] frame, long sampleIndex, int bitsAllocated)
    {
        switch (bitsAllocated)
        {
            case 8:
                return frame[sampleIndex];
            case 16:
                {
                    long o = sampleIndex * 2;
                    return (uint)(frame[o] | (frame[o + 1] << 8));
                }

            case 32:
                {
                    long o = sampleIndex * 4;
                    return frame[o] | ((uint)frame[o + 1] << 8) | ((uint)frame[o + 2] << 16) | ((uint)frame[o + 3] << 24);
                }

            default:
                return ReadBits(frame, sampleIndex * bitsAllocated, bitsAllocated);
        }
    }

    public static void Write(byte[] frame, long sampleIndex, int bitsAllocated, uint value)
    {
        switch (bitsAllocated)
        {
            case 8:
                frame[sampleIndex] = unchecked((byte)value);
                break;
            case 16:
                {
                    long o = sampleIndex * 2;
                    frame[o] = unchecked((byte)value);
                    frame[o + 1] = unchecked((byte)(value >> 8));
                    break;
                }

            case 32:
                {
                    long o = sampleIndex * 4;
                    frame[o] = unchecked((byte)value);
                    frame[o + 1] = unchecked((byte)(value >> 8));
                    frame[o + 2] = unchecked((byte)(value >> 16));
                    frame[o + 3] = unchecked((byte)(value >> 24));
                    break;
                }

            default:
                WriteBits(frame, sampleIndex * bitsAllocated, bitsAllocated, value);
                break;
        }
    }

    /// <summary>The stored value of a raw sample (bits HighBit-BitsStored+1..HighBit, sign-extended when signed).</summary>
    public static long StoredValue(PixelDescription d, uint raw)
    {
        int shift = d.HighBit - d.BitsStored + 1;
        uint mask = d.BitsStored >= 32 ? uint.MaxValue : (1u << d.BitsStored) - 1;
        uint v = (raw >> shift) & mask;
        if (d.IsSigned && (v & (1u << (d.BitsStored - 1))) != 0)
        {
            return unchecked((int)(v | ~mask));
        }

        return v;
    }

    /// <summary>The raw sample for a stored value: value in the stored bits, sign extension above High Bit, zeros below.</summary>
    public static uint RawSample(PixelDescription d, long value)
    {
        int shift = d.HighBit - d.BitsStored + 1;
        uint mask = d.BitsStored >= 32 ? uint.MaxValue : (1u << d.BitsStored) - 1;
        uint raw = unchecked((uint)value) & mask;
        raw <<= shift;
        if (d.IsSigned && value < 0 && d.HighBit + 1 < 32)
        {
            uint above = unchecked(uint.MaxValue << (d.HighBit + 1));
            if (d.BitsAllocated < 32)
            {
                above &= (1u << d.BitsAllocated) - 1;
            }

            raw |= above;
        }

        return raw;
    }

    /// <summary>Smallest and largest stored values.</summary>
    public static (long Min, long Max) StoredRange(PixelDescription d) =>
        d.IsSigned ? (-(1L << (d.BitsStored - 1)), (1L << (d.BitsStored - 1)) - 1) : (0, (1L << d.BitsStored) - 1);

    /// <summary>Copies <paramref name="bitCount"/> bits starting at <paramref name="bitOffset"/> into a new array starting at bit 0.</summary>
    public static byte[] ExtractBits(byte[] source, long bitOffset, long bitCount)
    {
        byte[] result = new byte[checked((int)((bitCount + 7) / 8))];
        if ((bitOffset & 7) == 0)
        {
            Buffer.BlockCopy(source, (int)(bitOffset / 8), result, 0, (int)(bitCount / 8));
            for (long k = bitCount & ~7L; k < bitCount; k++)
            {
                CopyBit(source, bitOffset + k, result, k);
            }

            return result;
        }

        for (long k = 0; k < bitCount; k++)
        {
            CopyBit(source, bitOffset + k, result, k);
        }

        return result;
    }

    /// <summary>Writes the first <paramref name="bitCount"/> bits of <paramref name="bits"/> at <paramref name="bitOffset"/> of <paramref name="target"/>; other bits unchanged.</summary>
    public static void InsertBits(byte[] target, long bitOffset, byte[] bits, long bitCount)
    {
        if ((bitOffset & 7) == 0)
        {
            Buffer.BlockCopy(bits, 0, target, (int)(bitOffset / 8), (int)(bitCount / 8));
            for (long k = bitCount & ~7L; k < bitCount; k++)
            {
                CopyBit(bits, k, target, bitOffset + k);
            }

            return;
        }

        for (long k = 0; k < bitCount; k++)
        {
            CopyBit(bits, k, target, bitOffset + k);
        }
    }

    private static void CopyBit(byte[] src, long srcBit, byte[] dst, long dstBit)
    {
        int bit = (src[srcBit >> 3] >> (int)(srcBit & 7)) & 1;
        long i = dstBit >> 3;
        int m = 1 << (int)(dstBit & 7);
        dst[i] = unchecked((byte)(bit != 0 ? dst[i] | m : dst[i] & ~m));
    }

    private static uint ReadBits(byte[] b, long bitOffset, int count)
    {
        uint v = 0;
        for (int k = 0; k < count; k++)
        {
            long bit = bitOffset + k;
            v |= (uint)((b[bit >> 3] >> (int)(bit & 7)) & 1) << k;
        }

        return v;
    }

    private static void WriteBits(byte[] b, long bitOffset, int count, uint value)
    {
        for (int k = 0; k < count; k++)
        {
            long bit = bitOffset + k;
            long i = bit >> 3;
            int m = 1 << (int)(bit & 7);
            b[i] = unchecked((byte)(((value >> k) & 1) != 0 ? b[i] | m : b[i] & ~m));
        }
    }
}
