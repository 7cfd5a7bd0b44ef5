// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;
using DicomAnon.Imaging.Codecs.Native;

namespace DicomAnon.Imaging.Codecs.JpegLs;

/// <summary>CharLS 2.x C API (charls.h), bound once to the loaded library.</summary>
internal sealed class CharLs
{
    private static readonly NativeCodecBinding<CharLs> Binding = new("CharLS 2", FileNames, lib => new CharLs(lib), _ => null, MissingMessage);

    private CharLs(NativeCodecLibrary lib)
    {
        DecoderCreate = lib.Bind<DecoderCreateFn>("charls_jpegls_decoder_create");
        DecoderDestroy = lib.Bind<DestroyFn>("charls_jpegls_decoder_destroy");
        DecoderSetSourceBuffer = lib.Bind<SetBufferFn>("charls_jpegls_decoder_set_source_buffer");
        DecoderReadHeader = lib.Bind<ReadHeaderFn>("charls_jpegls_decoder_read_header");
        DecoderGetFrameInfo = lib.Bind<GetFrameInfoFn>("charls_jpegls_decoder_get_frame_info");
        DecoderGetNearLossless = lib.Bind<GetNearLosslessFn>("charls_jpegls_decoder_get_near_lossless");
        DecoderGetInterleaveMode = lib.Bind<GetInterleaveModeFn>("charls_jpegls_decoder_get_interleave_mode");
        DecoderGetDestinationSize = lib.Bind<GetDestinationSizeFn>("charls_jpegls_decoder_get_destination_size");
        DecoderDecodeToBuffer = lib.Bind<DecodeToBufferFn>("charls_jpegls_decoder_decode_to_buffer");
        EncoderCreate = lib.Bind<EncoderCreateFn>("charls_jpegls_encoder_create");
        EncoderDestroy = lib.Bind<DestroyFn>("charls_jpegls_encoder_destroy");
        EncoderSetFrameInfo = lib.Bind<SetFrameInfoFn>("charls_jpegls_encoder_set_frame_info");
        EncoderSetNearLossless = lib.Bind<SetIntFn>("charls_jpegls_encoder_set_near_lossless");
        EncoderSetInterleaveMode = lib.Bind<SetIntFn>("charls_jpegls_encoder_set_interleave_mode");
        EncoderGetEstimatedDestinationSize = lib.Bind<GetSizeFn>("charls_jpegls_encoder_get_estimated_destination_size");
        EncoderSetDestinationBuffer = lib.Bind<SetBufferFn>("charls_jpegls_encoder_set_destination_buffer");
        EncoderEncodeFromBuffer = lib.Bind<EncodeFromBufferFn>("charls_jpegls_encoder_encode_from_buffer");
        EncoderGetBytesWritten = lib.Bind<GetSizeFn>("charls_jpegls_encoder_get_bytes_written");
        GetErrorMessage = lib.Bind<GetErrorMessageFn>("charls_get_error_message");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr DecoderCreateFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr EncoderCreateFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void DestroyFn(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetBufferFn(IntPtr handle, IntPtr buffer, UIntPtr size);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ReadHeaderFn(IntPtr handle);

    /// <summary>charls_frame_info: uint32 width, uint32 height, int32 bits_per_sample, int32 component_count.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetFrameInfoFn(IntPtr handle, [Out] int[] frameInfo);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetNearLosslessFn(IntPtr handle, int component, out int nearLossless);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetInterleaveModeFn(IntPtr handle, out int mode);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetDestinationSizeFn(IntPtr handle, uint stride, out UIntPtr size);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int DecodeToBufferFn(IntPtr handle, IntPtr destination, UIntPtr size, uint stride);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetFrameInfoFn(IntPtr handle, int[] frameInfo);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetIntFn(IntPtr handle, int value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int GetSizeFn(IntPtr handle, out UIntPtr size);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int EncodeFromBufferFn(IntPtr handle, IntPtr source, UIntPtr size, uint stride);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr GetErrorMessageFn(int error);

    public DecoderCreateFn DecoderCreate { get; }

    public DestroyFn DecoderDestroy { get; }

    public SetBufferFn DecoderSetSourceBuffer { get; }

    public ReadHeaderFn DecoderReadHeader { get; }

    public GetFrameInfoFn DecoderGetFrameInfo { get; }

    public GetNearLosslessFn DecoderGetNearLossless { get; }

    public GetInterleaveModeFn DecoderGetInterleaveMode { get; }

    public GetDestinationSizeFn DecoderGetDestinationSize { get; }

    public DecodeToBufferFn DecoderDecodeToBuffer { get; }

    public EncoderCreateFn EncoderCreate { get; }

    public DestroyFn EncoderDestroy { get; }

    public SetFrameInfoFn EncoderSetFrameInfo { get; }

    public SetIntFn EncoderSetNearLossless { get; }

    public SetIntFn EncoderSetInterleaveMode { get; }

    public GetSizeFn EncoderGetEstimatedDestinationSize { get; }

    public SetBufferFn EncoderSetDestinationBuffer { get; }

    public EncodeFromBufferFn EncoderEncodeFromBuffer { get; }

    public GetSizeFn EncoderGetBytesWritten { get; }

    public GetErrorMessageFn GetErrorMessage { get; }

    /// <summary>The bound library; throws <see cref="CodecLibraryNotFoundException"/> naming the package when it cannot be loaded.</summary>
    public static CharLs Instance => Binding.Api;

    /// <summary>Throws <see cref="CodecException"/> with CharLS's own message when <paramref name="error"/> is not 0.</summary>
    public void Check(int error, string what)
    {
        if (error != 0)
        {
            IntPtr text = GetErrorMessage(error);
            string message = text == IntPtr.Zero ? "error " + error.ToString(System.Globalization.CultureInfo.InvariantCulture) : Marshal.PtrToStringAnsi(text) ?? string.Empty;
            throw new CodecException("CharLS " + what + ": " + message);
        }
    }

    /// <summary>The error a file gets when CharLS cannot be loaded: what was tried and which package to install.</summary>
    internal static string MissingMessage(string failure) =>
        "JPEG-LS needs the CharLS 2 library, which could not be loaded (" + failure + "). Install it: Debian/Ubuntu apt-get install libcharls2; macOS brew install charls; Windows: put charls-2-x64.dll next to the module or on PATH.";

    /// <summary>File names of CharLS 2 per OS.</summary>
    internal static string[] FileNames()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return RuntimeInformation.ProcessArchitecture == Architecture.X86
                ? ["charls-2-x86.dll", "charls-2.dll", "charls.dll"]
                : ["charls-2-x64.dll", "charls-2.dll", "charls.dll"];
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? ["libcharls.2.dylib", "libcharls.dylib"]
            : ["libcharls.so.2", "libcharls.so"];
    }
}
