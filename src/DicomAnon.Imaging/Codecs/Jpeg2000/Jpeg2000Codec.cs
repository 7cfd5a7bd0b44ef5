// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomAnon.Imaging.Codecs.Jpeg2000;

/// <summary>
/// JPEG 2000 frames through OpenJPEG: decode J2K codestreams (Part 1 and, with OpenJPEG 2.5, HTJ2K) or JP2 files,
/// encode lossless (reversible 5/3 wavelet, one quality layer, no multiple-component transform).
/// </summary>
internal static class Jpeg2000Codec
{
    /// <summary>Decodes one frame to samples colour-by-pixel. The inverse colour transform (RCT/ICT) is applied by OpenJPEG.</summary>
    [SuppressMessage("Usage", "CA2201:Do not raise reserved exception types", Justification = "The native create call returns NULL only when its allocation failed; an OutOfMemoryException stops the batch as a managed one would (the cmdlets treat it as fatal, not per-file).")]
    public static CodecImage Decode(byte[] codestream)
    {
        if (codestream is null || codestream.Length < 4)
        {
            throw new CodecException("The JPEG 2000 frame is empty.");
        }

        OpenJpeg api = OpenJpeg.Instance;
        bool jp2 = codestream[0] == 0 && codestream[1] == 0 && codestream[2] == 0 && codestream[3] == 0x0C;
        IntPtr codec = api.CreateDecompress(jp2 ? OpenJpeg.CodecJP2 : OpenJpeg.CodecJ2K);
        if (codec == IntPtr.Zero)
        {
            throw new OutOfMemoryException("OpenJPEG could not create a decoder.");
        }

        var errors = new StringBuilder();
        OpenJpeg.MessageFn onError = (msg, _) => Append(errors, msg);
        long position = 0;
        OpenJpeg.ReadWriteFn read = (buffer, bytes, _) =>
        {
            long left = codestream.Length - position;
            if (left <= 0)
            {
                return new UIntPtr(ulong.MaxValue);
            }

            int n = (int)Math.Min(left, (long)Math.Min(bytes.ToUInt64(), int.MaxValue));
            Marshal.Copy(codestream, (int)position, buffer, n);
            position += n;
            return (UIntPtr)(uint)n;
        };
        OpenJpeg.SkipFn skip = (bytes, _) =>
        {
            long target = Math.Max(0, Math.Min(codestream.Length, position + bytes));
            long moved = target - position;
            position = target;
            return moved;
        };
        OpenJpeg.SeekFn seek = (to, _) =>
        {
            if (to < 0 || to > codestream.Length)
            {
                return 0;
            }

            position = to;
            return 1;
        };

        IntPtr parameters = Marshal.AllocHGlobal(OpenJpeg.DParamsSize);
        IntPtr stream = IntPtr.Zero, image = IntPtr.Zero;
        try
        {
            Zero(parameters, OpenJpeg.DParamsSize);
            api.SetErrorHandler(codec, Marshal.GetFunctionPointerForDelegate(onError), IntPtr.Zero);
            api.SetDefaultDecoderParameters(parameters);
            if (api.SetupDecoder(codec, parameters) == 0)
            {
                throw Failure("set-up", errors);
            }

            stream = api.StreamCreate((UIntPtr)(uint)Math.Min(codestream.Length, 1 << 20), 1);
            api.StreamSetReadFunction(stream, Marshal.GetFunctionPointerForDelegate(read));
            api.StreamSetSkipFunction(stream, Marshal.GetFunctionPointerForDelegate(skip));
            api.StreamSetSeekFunction(stream, Marshal.GetFunctionPointerForDelegate(seek));
            api.StreamSetUserDataLength(stream, (ulong)codestream.Length);
            if (api.ReadHeader(stream, codec, out image) == 0 || image == IntPtr.Zero)
            {
                throw Failure("header", errors);
            }

            if (api.Decode(codec, stream, image) == 0 || api.EndDecompress(codec, stream) == 0)
            {
                throw Failure("decode", errors);
            }

            return ReadImage(image);
        }
        finally
        {
            if (image != IntPtr.Zero)
            {
                api.ImageDestroy(image);
            }

            if (stream != IntPtr.Zero)
            {
                api.StreamDestroy(stream);
            }

            api.DestroyCodec(codec);
            Marshal.FreeHGlobal(parameters);
            GC.KeepAlive(onError);
            GC.KeepAlive(read);
            GC.KeepAlive(skip);
            GC.KeepAlive(seek);
        }
    }

    /// <summary>Encodes samples (colour-by-pixel) as a lossless J2K codestream: reversible 5/3, one layer, no MCT.</summary>
    [SuppressMessage("Usage", "CA2201:Do not raise reserved exception types", Justification = "The native create call returns NULL only when its allocation failed; an OutOfMemoryException stops the batch as a managed one would (the cmdlets treat it as fatal, not per-file).")]
    public static byte[] EncodeLossless(CodecImage source)
    {
        OpenJpeg api = OpenJpeg.Instance;
        int comps = source.Components, w = source.Width, h = source.Height;

        // opj_image_cmptparm_t: dx, dy, w, h, x0, y0, prec, bpp, sgnd (nine uint32).
        IntPtr cmpt = Marshal.AllocHGlobal(36 * comps);
        IntPtr parameters = Marshal.AllocHGlobal(OpenJpeg.CParamsSize + 4096);
        IntPtr image = IntPtr.Zero, codec = IntPtr.Zero, stream = IntPtr.Zero;
        var output = new MemoryStream();
        var errors = new StringBuilder();
        OpenJpeg.MessageFn onError = (msg, _) => Append(errors, msg);
        OpenJpeg.ReadWriteFn write = (buffer, bytes, _) =>
        {
            int n = checked((int)bytes.ToUInt64());
            var chunk = new byte[n];
            Marshal.Copy(buffer, chunk, 0, n);
            output.Write(chunk, 0, n);
            return bytes;
        };
        OpenJpeg.SkipFn skip = (bytes, _) =>
        {
            output.Position = Math.Max(0, output.Position + bytes);
            return bytes;
        };
        OpenJpeg.SeekFn seek = (to, _) =>
        {
            output.Position = Math.Max(0, to);
            return 1;
        };
        try
        {
            for (int c = 0; c < comps; c++)
            {
                int[] fields = { 1, 1, w, h, 0, 0, source.Precision, source.Precision, source.IsSigned ? 1 : 0 };
                Marshal.Copy(fields, 0, cmpt + (36 * c), fields.Length);
            }

            image = api.ImageCreate((uint)comps, cmpt, comps == 1 ? OpenJpeg.ColorSpaceGray : OpenJpeg.ColorSpaceSrgb);
            if (image == IntPtr.Zero)
            {
                throw new OutOfMemoryException("OpenJPEG could not create an image.");
            }

            Marshal.Copy(new[] { 0, 0, w, h }, 0, image, 4); // x0, y0, x1, y1
            IntPtr compArray = Marshal.ReadIntPtr(image, OpenJpeg.ImageComps);
            var plane = new int[w * h];
            for (int c = 0; c < comps; c++)
            {
                for (int i = 0; i < plane.Length; i++)
                {
                    plane[i] = source.Samples[(i * comps) + c];
                }

                Marshal.Copy(plane, 0, Marshal.ReadIntPtr(compArray, (OpenJpeg.CompSize * c) + OpenJpeg.CompData), plane.Length);
            }

            Zero(parameters, OpenJpeg.CParamsSize + 4096);
            api.SetDefaultEncoderParameters(parameters);
            Marshal.WriteInt32(parameters, OpenJpeg.TcpNumLayers, 1);
            Marshal.WriteInt32(parameters, OpenJpeg.TcpRates, 0); // rate 0.0f: lossless layer
            Marshal.WriteInt32(parameters, OpenJpeg.CpDistoAlloc, 1);
            Marshal.WriteInt32(parameters, OpenJpeg.Irreversible, 0);
            Marshal.WriteByte(parameters, OpenJpeg.TcpMct, 0);
            int levels = 6;
            while (levels > 1 && ((w >> (levels - 1)) < 1 || (h >> (levels - 1)) < 1))
            {
                levels--;
            }

            Marshal.WriteInt32(parameters, OpenJpeg.NumResolution, levels);

            codec = api.CreateCompress(OpenJpeg.CodecJ2K);
            api.SetErrorHandler(codec, Marshal.GetFunctionPointerForDelegate(onError), IntPtr.Zero);
            if (api.SetupEncoder(codec, parameters, image) == 0)
            {
                throw Failure("encoder set-up", errors);
            }

            stream = api.StreamCreate((UIntPtr)(1u << 20), 0);
            api.StreamSetWriteFunction(stream, Marshal.GetFunctionPointerForDelegate(write));
            api.StreamSetSkipFunction(stream, Marshal.GetFunctionPointerForDelegate(skip));
            api.StreamSetSeekFunction(stream, Marshal.GetFunctionPointerForDelegate(seek));
            if (api.StartCompress(codec, image, stream) == 0 || api.Encode(codec, stream) == 0 || api.EndCompress(codec, stream) == 0)
            {
                throw Failure("encode", errors);
            }

            api.StreamDestroy(stream); // flushes the last bytes through the write callback
            stream = IntPtr.Zero;
            return output.ToArray();
        }
        finally
        {
            if (stream != IntPtr.Zero)
            {
                api.StreamDestroy(stream);
            }

            if (codec != IntPtr.Zero)
            {
                api.DestroyCodec(codec);
            }

            if (image != IntPtr.Zero)
            {
                api.ImageDestroy(image);
            }

            Marshal.FreeHGlobal(parameters);
            Marshal.FreeHGlobal(cmpt);
            GC.KeepAlive(onError);
            GC.KeepAlive(write);
            GC.KeepAlive(skip);
            GC.KeepAlive(seek);
        }
    }

    private static CodecImage ReadImage(IntPtr image)
    {
        int comps = Marshal.ReadInt32(image, OpenJpeg.ImageNumComps);
        if (comps is not (1 or 3))
        {
            throw new CodecException("The JPEG 2000 frame has a number of components other than 1 or 3.");
        }

        IntPtr compArray = Marshal.ReadIntPtr(image, OpenJpeg.ImageComps);
        int w = 0, h = 0, prec = 0;
        bool signed = false;
        int[]? samples = null;
        for (int c = 0; c < comps; c++)
        {
            IntPtr comp = compArray + (OpenJpeg.CompSize * c);
            int dx = Marshal.ReadInt32(comp, OpenJpeg.CompDx), dy = Marshal.ReadInt32(comp, OpenJpeg.CompDy);
            int cw = Marshal.ReadInt32(comp, OpenJpeg.CompW), ch = Marshal.ReadInt32(comp, OpenJpeg.CompH);
            int cp = Marshal.ReadInt32(comp, OpenJpeg.CompPrec);
            bool cs = Marshal.ReadInt32(comp, OpenJpeg.CompSgnd) != 0;
            IntPtr data = Marshal.ReadIntPtr(comp, OpenJpeg.CompData);
            if (c == 0)
            {
                (w, h, prec, signed) = (cw, ch, cp, cs);
                if (w < 1 || h < 1 || w > 65535 || h > 65535 || prec < 1 || prec > 16)
                {
                    throw new CodecException("The JPEG 2000 frame size or precision is outside what DICOM allows.");
                }

                samples = new int[w * h * comps];
            }
            else if (cw != w || ch != h || cp != prec || cs != signed)
            {
                throw new CodecException("The JPEG 2000 frame has components of different size or precision (subsampled components are not supported).");
            }

            if (dx != 1 || dy != 1 || data == IntPtr.Zero)
            {
                throw new CodecException("The JPEG 2000 frame has subsampled or missing components.");
            }

            var plane = new int[w * h];
            Marshal.Copy(data, plane, 0, plane.Length);
            for (int i = 0; i < plane.Length; i++)
            {
                samples![(i * comps) + c] = plane[i];
            }
        }

        return new CodecImage(w, h, comps, prec, signed, samples!);
    }

    private static CodecException Failure(string stage, StringBuilder errors) =>
        new("OpenJPEG " + stage + " failed" + (errors.Length > 0 ? ": " + errors.ToString().Trim() : "."));

    private static void Append(StringBuilder errors, IntPtr message)
    {
        if (errors.Length < 1000 && message != IntPtr.Zero)
        {
            errors.Append(Marshal.PtrToStringAnsi(message)?.Trim()).Append(' ');
        }
    }

    private static void Zero(IntPtr block, int size)
    {
        Marshal.Copy(new byte[size], 0, block, size);
    }
}
