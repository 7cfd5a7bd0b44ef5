// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// dlopen/dlsym on Linux and macOS. glibc before 2.34 has them only in libdl.so.2; newer glibc also exports
/// them from libc.so.6; macOS has them in libSystem. Each entry point is tried in that order.
/// </summary>
internal static class LibDl
{
    private const int RtldNow = 2;

    public static IntPtr Open(string path)
    {
        // RTLD_NOW: resolve every symbol now, so a broken install fails here and not in the middle of a call.
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return LibSystem.dlopen(path, RtldNow);
        }

        try
        {
            return LibDl2.dlopen(path, RtldNow);
        }
        catch (DllNotFoundException)
        {
            return LibC6.dlopen(path, RtldNow);
        }
    }

    public static IntPtr Symbol(IntPtr handle, string name)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return LibSystem.dlsym(handle, name);
        }

        try
        {
            return LibDl2.dlsym(handle, name);
        }
        catch (DllNotFoundException)
        {
            return LibC6.dlsym(handle, name);
        }
    }

    /// <summary>The loader's last error text (names the file and the missing dependency), or null.</summary>
    public static string? LastError()
    {
        IntPtr text;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            text = LibSystem.dlerror();
        }
        else
        {
            try
            {
                text = LibDl2.dlerror();
            }
            catch (DllNotFoundException)
            {
                text = LibC6.dlerror();
            }
        }

        return text == IntPtr.Zero ? null : Utf8.FromNative(text);
    }

#pragma warning disable SA1300, IDE1006 // native names
    private static class LibDl2
    {
        [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPStr)] string fileName, int flags);

        [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlsym(IntPtr handle, [MarshalAs(UnmanagedType.LPStr)] string symbol);

        [DllImport("libdl.so.2")]
        public static extern IntPtr dlerror();
    }

    private static class LibC6
    {
        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPStr)] string fileName, int flags);

        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlsym(IntPtr handle, [MarshalAs(UnmanagedType.LPStr)] string symbol);

        [DllImport("libc.so.6")]
        public static extern IntPtr dlerror();
    }

    private static class LibSystem
    {
        [DllImport("/usr/lib/libSystem.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPStr)] string fileName, int flags);

        [DllImport("/usr/lib/libSystem.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr dlsym(IntPtr handle, [MarshalAs(UnmanagedType.LPStr)] string symbol);

        [DllImport("/usr/lib/libSystem.dylib")]
        public static extern IntPtr dlerror();
    }
#pragma warning restore SA1300, IDE1006
}
