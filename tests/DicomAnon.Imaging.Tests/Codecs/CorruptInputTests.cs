// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Imaging.Codecs.JpegLossless;
using DicomAnon.Imaging.Codecs.Rle;
using DicomAnon.Imaging.Pixels;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs;

/// <summary>Mutated and truncated codestreams: decoders either decode or throw UnsupportedPixelDataException, never crash.</summary>
public class CorruptInputTests
{
    private static void DecodesOrRejects(Action decode)
    {
        try
        {
            decode();
        }
        catch (UnsupportedPixelDataException)
        {
        }
    }

    private static byte[] Mutate(byte[] data, Random rnd)
    {
        var copy = (byte[])data.Clone();
        int kind = rnd.Next(3);
        if (kind == 0)
        {
            for (int k = 0; k < 1 + rnd.Next(8); k++)
            {
                copy[rnd.Next(copy.Length)] = (byte)rnd.Next(256);
            }

            return copy;
        }

        if (kind == 1)
        {
            return copy.AsSpan(0, rnd.Next(copy.Length)).ToArray();
        }

        // Mutate the header region, where lengths and counts live.
        for (int k = 0; k < 3; k++)
        {
            copy[rnd.Next(Math.Min(copy.Length, 80))] = (byte)rnd.Next(256);
        }

        return copy;
    }

    [Fact]
    public void RleDecode_MutatedFrames_DecodeOrThrowUnsupported()
    {
        var rnd = new Random(1234);
        byte[] native = new byte[20 * 13 * 3 * 2];
        rnd.NextBytes(native);
        Array.Clear(native, 100, 200);
        byte[] valid = RleCodec.Encode(native, 13, 20, 3, 16);
        for (int i = 0; i < 3000; i++)
        {
            byte[] bad = Mutate(valid, rnd);
            DecodesOrRejects(() => RleCodec.Decode(bad, 13, 20, 3, 16));
        }
    }

    [Fact]
    public void JpegLosslessDecode_MutatedStreams_DecodeOrThrowUnsupported()
    {
        var rnd = new Random(4321);
        ushort[] samples = JpegLosslessTests.Synthetic(23, 17, 3, 12, 8);
        byte[] plain = JpegLosslessEncoder.Encode(samples, 23, 17, 3, 12);
        byte[] restarts = JpegLosslessEncoder.Encode(samples, 23, 17, 3, 12, 7, 1, 23);
        for (int i = 0; i < 3000; i++)
        {
            byte[] bad = Mutate(i % 2 == 0 ? plain : restarts, rnd);
            DecodesOrRejects(() => JpegLosslessDecoder.Decode(bad));
        }
    }

    [Fact]
    public void JpegLosslessDecode_HugeDeclaredSize_RejectedBeforeAllocating()
    {
        byte[] valid = JpegLosslessEncoder.Encode(new ushort[4], 2, 2, 1, 8);
        // SOF3 follows SOI: FF D8 FF C3 len(2) P Y(2) X(2)
        valid[7] = 0xFF;
        valid[8] = 0xFF;
        valid[9] = 0xFF;
        valid[10] = 0xFF;
        Assert.Throws<UnsupportedPixelDataException>(() => JpegLosslessDecoder.Decode(valid));
    }
}
