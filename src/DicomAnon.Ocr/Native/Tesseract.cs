// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// Tesseract's C API (capi.h), bound to one loaded copy of the library.
/// </summary>
/// <remarks>
/// The library is loaded by path (<see cref="NativeLibraryLoader"/>) and every entry point is looked up in
/// that very copy and called through a delegate. A <c>[DllImport]</c> would need one compile-time name, but
/// the file is <c>libtesseract.so.5</c> or <c>.so.4</c> on Linux, <c>libtesseract-5.dll</c> or
/// <c>tesseract53.dll</c> on Windows and <c>libtesseract.5.dylib</c> on macOS, and a user may point
/// at a copy outside the loader's search path. Looking every symbol up at load time also means a wrong or
/// too-old library fails in <see cref="TryBind"/>, never with EntryPointNotFoundException in mid-run.
/// </remarks>
internal sealed class Tesseract
{
    /// <summary>TessPageIteratorLevel.RIL_WORD.</summary>
    public const int LevelWord = 3;

    /// <summary>TessOcrEngineMode.OEM_LSTM_ONLY.</summary>
    public const int OemLstmOnly = 1;

    /// <summary>TessOcrEngineMode.OEM_DEFAULT.</summary>
    public const int OemDefault = 3;

    private Tesseract(IntPtr library, Func<string, IntPtr> symbol)
    {
        Library = library;
        Version = Bind<TessVersionFn>(symbol, "TessVersion");
        BaseApiCreate = Bind<TessBaseAPICreateFn>(symbol, "TessBaseAPICreate");
        BaseApiDelete = Bind<TessBaseAPIDeleteFn>(symbol, "TessBaseAPIDelete");
        BaseApiInit2 = Bind<TessBaseAPIInit2Fn>(symbol, "TessBaseAPIInit2");
        BaseApiSetPageSegMode = Bind<TessBaseAPISetPageSegModeFn>(symbol, "TessBaseAPISetPageSegMode");
        BaseApiSetVariable = Bind<TessBaseAPISetVariableFn>(symbol, "TessBaseAPISetVariable");
        BaseApiSetImage = Bind<TessBaseAPISetImageFn>(symbol, "TessBaseAPISetImage");
        BaseApiSetSourceResolution = Bind<TessBaseAPISetSourceResolutionFn>(symbol, "TessBaseAPISetSourceResolution");
        BaseApiRecognize = Bind<TessBaseAPIRecognizeFn>(symbol, "TessBaseAPIRecognize");
        BaseApiGetIterator = Bind<TessBaseAPIGetIteratorFn>(symbol, "TessBaseAPIGetIterator");
        BaseApiClear = Bind<TessBaseAPIClearFn>(symbol, "TessBaseAPIClear");
        BaseApiEnd = Bind<TessBaseAPIEndFn>(symbol, "TessBaseAPIEnd");
        ResultIteratorGetPageIterator = Bind<TessResultIteratorGetPageIteratorFn>(symbol, "TessResultIteratorGetPageIterator");
        PageIteratorBoundingBox = Bind<TessPageIteratorBoundingBoxFn>(symbol, "TessPageIteratorBoundingBox");
        ResultIteratorConfidence = Bind<TessResultIteratorConfidenceFn>(symbol, "TessResultIteratorConfidence");
        ResultIteratorGetUtf8Text = Bind<TessResultIteratorGetUTF8TextFn>(symbol, "TessResultIteratorGetUTF8Text");
        DeleteText = Bind<TessDeleteTextFn>(symbol, "TessDeleteText");
        ResultIteratorNext = Bind<TessResultIteratorNextFn>(symbol, "TessResultIteratorNext");
        ResultIteratorDelete = Bind<TessResultIteratorDeleteFn>(symbol, "TessResultIteratorDelete");
    }

    // const char* TessVersion();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr TessVersionFn();

    // TessBaseAPI* TessBaseAPICreate();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr TessBaseAPICreateFn();

    // void TessBaseAPIDelete(TessBaseAPI* handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPIDeleteFn(IntPtr handle);

    // int TessBaseAPIInit2(TessBaseAPI* handle, const char* datapath, const char* language, TessOcrEngineMode oem); 0 = success.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TessBaseAPIInit2Fn(IntPtr handle, byte[]? dataPath, byte[] language, int oem);

    // void TessBaseAPISetPageSegMode(TessBaseAPI* handle, TessPageSegMode mode);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPISetPageSegModeFn(IntPtr handle, int mode);

    // BOOL TessBaseAPISetVariable(TessBaseAPI* handle, const char* name, const char* value);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TessBaseAPISetVariableFn(IntPtr handle, byte[] name, byte[] value);

    // void TessBaseAPISetImage(TessBaseAPI* handle, const unsigned char* imagedata, int width, int height,
    //                          int bytes_per_pixel, int bytes_per_line);  (the image is copied)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPISetImageFn(IntPtr handle, byte[] imageData, int width, int height, int bytesPerPixel, int bytesPerLine);

    // void TessBaseAPISetSourceResolution(TessBaseAPI* handle, int ppi);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPISetSourceResolutionFn(IntPtr handle, int ppi);

    // int TessBaseAPIRecognize(TessBaseAPI* handle, ETEXT_DESC* monitor); 0 = success.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TessBaseAPIRecognizeFn(IntPtr handle, IntPtr monitor);

    // TessResultIterator* TessBaseAPIGetIterator(TessBaseAPI* handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr TessBaseAPIGetIteratorFn(IntPtr handle);

    // void TessBaseAPIClear(TessBaseAPI* handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPIClearFn(IntPtr handle);

    // void TessBaseAPIEnd(TessBaseAPI* handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessBaseAPIEndFn(IntPtr handle);

    // const TessPageIterator* TessResultIteratorGetPageIterator(const TessResultIterator* handle);  (not owned)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr TessResultIteratorGetPageIteratorFn(IntPtr handle);

    // BOOL TessPageIteratorBoundingBox(const TessPageIterator* handle, TessPageIteratorLevel level,
    //                                  int* left, int* top, int* right, int* bottom);  (right/bottom exclusive)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TessPageIteratorBoundingBoxFn(IntPtr handle, int level, out int left, out int top, out int right, out int bottom);

    // float TessResultIteratorConfidence(const TessResultIterator* handle, TessPageIteratorLevel level);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate float TessResultIteratorConfidenceFn(IntPtr handle, int level);

    // char* TessResultIteratorGetUTF8Text(const TessResultIterator* handle, TessPageIteratorLevel level);  (free with TessDeleteText)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr TessResultIteratorGetUTF8TextFn(IntPtr handle, int level);

    // void TessDeleteText(const char* text);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessDeleteTextFn(IntPtr text);

    // BOOL TessResultIteratorNext(TessResultIterator* handle, TessPageIteratorLevel level);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TessResultIteratorNextFn(IntPtr handle, int level);

    // void TessResultIteratorDelete(TessResultIterator* handle);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void TessResultIteratorDeleteFn(IntPtr handle);

    /// <summary>The OS handle of the loaded library (never unloaded: detectors may come and go).</summary>
    public IntPtr Library { get; }

    public TessVersionFn Version { get; }

    public TessBaseAPICreateFn BaseApiCreate { get; }

    public TessBaseAPIDeleteFn BaseApiDelete { get; }

    public TessBaseAPIInit2Fn BaseApiInit2 { get; }

    public TessBaseAPISetPageSegModeFn BaseApiSetPageSegMode { get; }

    public TessBaseAPISetVariableFn BaseApiSetVariable { get; }

    public TessBaseAPISetImageFn BaseApiSetImage { get; }

    public TessBaseAPISetSourceResolutionFn BaseApiSetSourceResolution { get; }

    public TessBaseAPIRecognizeFn BaseApiRecognize { get; }

    public TessBaseAPIGetIteratorFn BaseApiGetIterator { get; }

    public TessBaseAPIClearFn BaseApiClear { get; }

    public TessBaseAPIEndFn BaseApiEnd { get; }

    public TessResultIteratorGetPageIteratorFn ResultIteratorGetPageIterator { get; }

    public TessPageIteratorBoundingBoxFn PageIteratorBoundingBox { get; }

    public TessResultIteratorConfidenceFn ResultIteratorConfidence { get; }

    public TessResultIteratorGetUTF8TextFn ResultIteratorGetUtf8Text { get; }

    public TessDeleteTextFn DeleteText { get; }

    public TessResultIteratorNextFn ResultIteratorNext { get; }

    public TessResultIteratorDeleteFn ResultIteratorDelete { get; }

    /// <summary>Binds every entry point from an already loaded library; false names the first missing one.</summary>
    public static bool TryBind(IntPtr library, Func<string, IntPtr> symbol, out Tesseract? api, out string? missingSymbol)
    {
        try
        {
            api = new Tesseract(library, symbol);
            missingSymbol = null;
            return true;
        }
        catch (MissingSymbolException ex)
        {
            api = null;
            missingSymbol = ex.Symbol;
            return false;
        }
    }

    /// <summary>The library's version string, e.g. "5.3.0".</summary>
    public string GetVersion() => Utf8.FromNative(Version());

    private static T Bind<T>(Func<string, IntPtr> symbol, string name)
        where T : Delegate
    {
        IntPtr address = symbol(name);
        if (address == IntPtr.Zero)
        {
            throw new MissingSymbolException(name);
        }

        return Marshal.GetDelegateForFunctionPointer<T>(address);
    }

#pragma warning disable CA1064 // never leaves this class
    private sealed class MissingSymbolException : Exception
    {
        public MissingSymbolException(string symbol)
            : base(symbol)
        {
            Symbol = symbol;
        }

        public string Symbol { get; }
    }
#pragma warning restore CA1064
}
