// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace DicomAnon.Imaging.Codecs.JpegLs;

/// <summary>JPEG-LS (ISO 14495-1) frames through CharLS: decode any, encode lossless (NEAR 0).</summary>
internal static class JpegLsCodec
{
    private const int InterleaveNone = 0;
    private const int InterleaveSample = 2;

    /// <summary>Decodes one codestream to samples colour-by-pixel; <paramref name="nearLossless"/> is NEAR of the first component (0 = lossless).</summary>
    [SuppressMessage("Usage", "CA2201:Do not raise reserved exception types", Justification = "The native create call returns NULL only when its allocation failed; an OutOfMemoryException stops the batch as a managed one would (the cmdlets treat it as fatal, not per-file).")]
    public static CodecImage Decode(byte[] codestream, out int nearLossless)
    {
        CharLs api = CharLs.Instance;
        IntPtr decoder = api.DecoderCreate();
        if (decoder == IntPtr.Zero)
        {
            throw new OutOfMemoryException("CharLS could not create a decoder.");
        }

        GCHandle source = GCHandle.Alloc(codestream, GCHandleType.Pinned);
        try
        {
            api.Check(api.DecoderSetSourceBuffer(decoder, source.AddrOfPinnedObject(), (UIntPtr)(uint)codestream.Length), "source");
            api.Check(api.DecoderReadHeader(decoder), "header");
            var info = new int[4];
            api.Check(api.DecoderGetFrameInfo(decoder, info), "frame info");
            int width = info[0], height = info[1], bits = info[2], components = info[3];
            if (width < 1 || height < 1 || width > 65535 || height > 65535 || bits < 2 || bits > 16 || components is not (1 or 3))
            {
                throw new CodecException("The JPEG-LS frame header is outside what DICOM allows (size, precision or components).");
            }

            api.Check(api.DecoderGetNearLossless(decoder, 0, out nearLossless), "near-lossless");
            api.Check(api.DecoderGetInterleaveMode(decoder, out int interleave), "interleave mode");
            int bytesPerSample = bits <= 8 ? 1 : 2;
            long size = (long)width * height * components * bytesPerSample;
            var raw = new byte[size];
            GCHandle dest = GCHandle.Alloc(raw, GCHandleType.Pinned);
            try
            {
                api.Check(api.DecoderDecodeToBuffer(decoder, dest.AddrOfPinnedObject(), (UIntPtr)(ulong)size, 0), "decode");
            }
            finally
            {
                dest.Free();
            }

            // Interleave mode none decodes plane after plane; line and sample modes decode colour-by-pixel.
            int n = width * height;
            var samples = new int[n * components];
            for (int i = 0; i < samples.Length; i++)
            {
                int v = bytesPerSample == 1 ? raw[i] : raw[2 * i] | (raw[(2 * i) + 1] << 8);
                int target = interleave == InterleaveNone && components > 1 ? ((i % n) * components) + (i / n) : i;
                samples[target] = v;
            }

            return new CodecImage(width, height, components, bits, false, samples);
        }
        finally
        {
            source.Free();
            api.DecoderDestroy(decoder);
        }
    }

    /// <summary>Encodes samples (colour-by-pixel, unsigned values of <see cref="CodecImage.Precision"/> bits) losslessly (NEAR 0, sample-interleaved).</summary>
    [SuppressMessage("Usage", "CA2201:Do not raise reserved exception types", Justification = "The native create call returns NULL only when its allocation failed; an OutOfMemoryException stops the batch as a managed one would (the cmdlets treat it as fatal, not per-file).")]
    public static byte[] EncodeLossless(CodecImage image)
    {
        CharLs api = CharLs.Instance;
        int bytesPerSample = image.Precision <= 8 ? 1 : 2;
        int mask = (1 << image.Precision) - 1;
        var raw = new byte[image.Samples.Length * bytesPerSample];
        for (int i = 0; i < image.Samples.Length; i++)
        {
            int v = image.Samples[i] & mask;
            if (bytesPerSample == 1)
            {
                raw[i] = (byte)v;
            }
            else
            {
                raw[2 * i] = unchecked((byte)v);
                raw[(2 * i) + 1] = (byte)(v >> 8);
            }
        }

        IntPtr encoder = api.EncoderCreate();
        if (encoder == IntPtr.Zero)
        {
            throw new OutOfMemoryException("CharLS could not create an encoder.");
        }

        GCHandle source = GCHandle.Alloc(raw, GCHandleType.Pinned);
        try
        {
            api.Check(api.EncoderSetFrameInfo(encoder, new[] { image.Width, image.Height, image.Precision, image.Components }), "frame info");
            api.Check(api.EncoderSetNearLossless(encoder, 0), "near-lossless");
            if (image.Components > 1)
            {
                api.Check(api.EncoderSetInterleaveMode(encoder, InterleaveSample), "interleave mode");
            }

            api.Check(api.EncoderGetEstimatedDestinationSize(encoder, out UIntPtr estimate), "size");
            var output = new byte[checked((int)estimate.ToUInt64())];
            GCHandle dest = GCHandle.Alloc(output, GCHandleType.Pinned);
            try
            {
                api.Check(api.EncoderSetDestinationBuffer(encoder, dest.AddrOfPinnedObject(), (UIntPtr)(uint)output.Length), "destination");
                api.Check(api.EncoderEncodeFromBuffer(encoder, source.AddrOfPinnedObject(), (UIntPtr)(uint)raw.Length, 0), "encode");
                api.Check(api.EncoderGetBytesWritten(encoder, out UIntPtr written), "bytes written");
                Array.Resize(ref output, checked((int)written.ToUInt64()));
                return output;
            }
            finally
            {
                dest.Free();
            }
        }
        finally
        {
            source.Free();
            api.EncoderDestroy(encoder);
        }
    }
}
