// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;
using DicomAnon.Imaging.Codecs.Native;

namespace DicomAnon.Imaging.Codecs.Jpeg2000;

/// <summary>
/// OpenJPEG 2.x C API (openjpeg.h), bound once to the loaded library. Structures are read and written at the
/// offsets of the 2.x headers on 64-bit platforms (stable since 2.1; checked against 2.5.0 with offsetof).
/// </summary>
internal sealed class OpenJpeg
{
    public const int CodecJ2K = 0;
    public const int CodecJP2 = 2;
    public const int ColorSpaceSrgb = 1;
    public const int ColorSpaceGray = 2;

    // opj_image_t
    public const int ImageNumComps = 16;
    public const int ImageColorSpace = 20;
    public const int ImageComps = 24;

    // opj_image_comp_t (64 bytes)
    public const int CompSize = 64;
    public const int CompDx = 0;
    public const int CompDy = 4;
    public const int CompW = 8;
    public const int CompH = 12;
    public const int CompPrec = 24;
    public const int CompSgnd = 32;
    public const int CompData = 48;

    // opj_cparameters_t (18720 bytes in 2.5.0)
    public const int CParamsSize = 18720;
    public const int CpDistoAlloc = 20;
    public const int TcpNumLayers = 4796;
    public const int TcpRates = 4800;
    public const int NumResolution = 5600;
    public const int Irreversible = 5616;
    public const int TcpMct = 18698;

    /// <summary>opj_dparameters_t is about 8.3 kB in 2.x; a larger zeroed block is given.</summary>
    public const int DParamsSize = 16384;

    private static readonly NativeCodecBinding<OpenJpeg> Binding = new(
        "OpenJPEG 2",
        FileNames,
        lib => new OpenJpeg(lib),
        NotVersion2,
        MissingMessage);

    private OpenJpeg(NativeCodecLibrary lib)
    {
        Version = lib.Bind<VersionFn>("opj_version");
        CreateDecompress = lib.Bind<CreateCodecFn>("opj_create_decompress");
        CreateCompress = lib.Bind<CreateCodecFn>("opj_create_compress");
        DestroyCodec = lib.Bind<DestroyFn>("opj_destroy_codec");
        SetDefaultDecoderParameters = lib.Bind<SetDefaultsFn>("opj_set_default_decoder_parameters");
        SetDefaultEncoderParameters = lib.Bind<SetDefaultsFn>("opj_set_default_encoder_parameters");
        SetupDecoder = lib.Bind<SetupDecoderFn>("opj_setup_decoder");
        SetupEncoder = lib.Bind<SetupEncoderFn>("opj_setup_encoder");
        SetErrorHandler = lib.Bind<SetHandlerFn>("opj_set_error_handler");
        StreamCreate = lib.Bind<StreamCreateFn>("opj_stream_create");
        StreamDestroy = lib.Bind<DestroyFn>("opj_stream_destroy");
        StreamSetReadFunction = lib.Bind<SetCallbackFn>("opj_stream_set_read_function");
        StreamSetWriteFunction = lib.Bind<SetCallbackFn>("opj_stream_set_write_function");
        StreamSetSkipFunction = lib.Bind<SetCallbackFn>("opj_stream_set_skip_function");
        StreamSetSeekFunction = lib.Bind<SetCallbackFn>("opj_stream_set_seek_function");
        StreamSetUserDataLength = lib.Bind<SetUserDataLengthFn>("opj_stream_set_user_data_length");
        ReadHeader = lib.Bind<ReadHeaderFn>("opj_read_header");
        Decode = lib.Bind<CodecStreamImageFn>("opj_decode");
        EndDecompress = lib.Bind<CodecStreamFn>("opj_end_decompress");
        ImageCreate = lib.Bind<ImageCreateFn>("opj_image_create");
        ImageDestroy = lib.Bind<DestroyFn>("opj_image_destroy");
        StartCompress = lib.Bind<StartCompressFn>("opj_start_compress");
        Encode = lib.Bind<CodecStreamFn>("opj_encode");
        EndCompress = lib.Bind<CodecStreamFn>("opj_end_compress");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr VersionFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr CreateCodecFn(int format);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void DestroyFn(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetDefaultsFn(IntPtr parameters);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetupDecoderFn(IntPtr codec, IntPtr parameters);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetupEncoderFn(IntPtr codec, IntPtr parameters, IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void MessageFn(IntPtr message, IntPtr clientData);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SetHandlerFn(IntPtr codec, IntPtr handler, IntPtr clientData);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr StreamCreateFn(UIntPtr bufferSize, int isInput);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetCallbackFn(IntPtr stream, IntPtr callback);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetUserDataLengthFn(IntPtr stream, ulong length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ReadHeaderFn(IntPtr stream, IntPtr codec, out IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CodecStreamImageFn(IntPtr codec, IntPtr stream, IntPtr image);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CodecStreamFn(IntPtr codec, IntPtr stream);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ImageCreateFn(uint numComponents, IntPtr componentParameters, int colorSpace);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int StartCompressFn(IntPtr codec, IntPtr image, IntPtr stream);

    /// <summary>OPJ_SIZE_T (*)(void* buffer, OPJ_SIZE_T bytes, void* user): (OPJ_SIZE_T)-1 at the end.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate UIntPtr ReadWriteFn(IntPtr buffer, UIntPtr bytes, IntPtr user);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate long SkipFn(long bytes, IntPtr user);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SeekFn(long position, IntPtr user);

    public VersionFn Version { get; }

    public CreateCodecFn CreateDecompress { get; }

    public CreateCodecFn CreateCompress { get; }

    public DestroyFn DestroyCodec { get; }

    public SetDefaultsFn SetDefaultDecoderParameters { get; }

    public SetDefaultsFn SetDefaultEncoderParameters { get; }

    public SetupDecoderFn SetupDecoder { get; }

    public SetupEncoderFn SetupEncoder { get; }

    public SetHandlerFn SetErrorHandler { get; }

    public StreamCreateFn StreamCreate { get; }

    public DestroyFn StreamDestroy { get; }

    public SetCallbackFn StreamSetReadFunction { get; }

    public SetCallbackFn StreamSetWriteFunction { get; }

    public SetCallbackFn StreamSetSkipFunction { get; }

    public SetCallbackFn StreamSetSeekFunction { get; }

    public SetUserDataLengthFn StreamSetUserDataLength { get; }

    public ReadHeaderFn ReadHeader { get; }

    public CodecStreamImageFn Decode { get; }

    public CodecStreamFn EndDecompress { get; }

    public ImageCreateFn ImageCreate { get; }

    public DestroyFn ImageDestroy { get; }

    public StartCompressFn StartCompress { get; }

    public CodecStreamFn Encode { get; }

    public CodecStreamFn EndCompress { get; }

    /// <summary>The bound library; throws <see cref="CodecLibraryNotFoundException"/> naming the package when it cannot be loaded.</summary>
    public static OpenJpeg Instance => Binding.Api;

    /// <summary>Null for an OpenJPEG 2.x; otherwise why the library cannot be used.</summary>
    private static string? NotVersion2(OpenJpeg api)
    {
        string version = Marshal.PtrToStringAnsi(api.Version()) ?? string.Empty;
        return version.StartsWith("2.", StringComparison.Ordinal) ? null : "OpenJPEG " + version + " is not 2.x";
    }

    /// <summary>The error a file gets when OpenJPEG cannot be loaded: what was tried and which package to install.</summary>
    internal static string MissingMessage(string failure) =>
        "JPEG 2000 needs the OpenJPEG 2 library, which could not be loaded (" + failure + "). Install it: Debian/Ubuntu apt-get install libopenjp2-7; macOS brew install openjpeg; Windows: put openjp2.dll next to the module or on PATH.";

    /// <summary>File names of OpenJPEG 2 per OS.</summary>
    internal static string[] FileNames()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return ["openjp2.dll", "libopenjp2.dll", "libopenjp2-7.dll"];
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? ["libopenjp2.7.dylib", "libopenjp2.dylib"]
            : ["libopenjp2.so.7", "libopenjp2.so"];
    }
}
