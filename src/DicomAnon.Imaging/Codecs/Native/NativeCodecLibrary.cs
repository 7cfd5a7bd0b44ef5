// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Imaging.Codecs.Native;

/// <summary>
/// One codec library (OpenJPEG, CharLS) found and loaded the way the OCR bridge finds Tesseract (netstandard2.0 has no
/// NativeLibrary): the module's <c>runtimes/&lt;rid&gt;/native</c> folder and its own folder first, then the usual
/// install places of each OS, then the bare name for the system loader. Loaded once per process, never unloaded.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private readonly IntPtr _handle;
    private readonly bool _windows;

    private NativeCodecLibrary(IntPtr handle, string path, bool windows)
    {
        _handle = handle;
        Path = path;
        _windows = windows;
    }

    /// <summary>Where the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>Loads the first of <paramref name="fileNames"/> found; false with the list of attempts when none loads.</summary>
    public static bool TryLoad(IReadOnlyList<string> fileNames, out NativeCodecLibrary? library, out string failure)
    {
        var attempts = new List<string>();
        bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        foreach (string candidate in Candidates(fileNames, windows))
        {
            IntPtr handle;
            try
            {
                handle = windows ? Kernel32.LoadLibraryEx(candidate, IntPtr.Zero, System.IO.Path.IsPathRooted(candidate) ? 0x1100u : 0u) : Dl.Open(candidate);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                attempts.Add(candidate + ": the system loader is unavailable (" + ex.Message + ")");
                continue;
            }

            if (handle != IntPtr.Zero)
            {
                library = new NativeCodecLibrary(handle, candidate, windows);
                failure = string.Empty;
                return true;
            }

            attempts.Add(windows
                ? string.Format(CultureInfo.InvariantCulture, "{0}: LoadLibraryEx error {1}", candidate, Marshal.GetLastWin32Error())
                : candidate + ": " + (Dl.LastError() ?? "dlopen failed"));
        }

        library = null;
        failure = attempts.Count == 0 ? "nothing found to try" : string.Join("; ", attempts);
        return false;
    }

    /// <summary>The entry point <paramref name="name"/> as a delegate; throws <see cref="EntryPointNotFoundException"/> when absent.</summary>
    public T Bind<T>(string name)
        where T : Delegate
    {
        IntPtr p = _windows ? Kernel32.GetProcAddress(_handle, name) : Dl.Symbol(_handle, name);
        if (p == IntPtr.Zero)
        {
            throw new EntryPointNotFoundException(name);
        }

        return Marshal.GetDelegateForFunctionPointer<T>(p);
    }

    private static IEnumerable<string> Candidates(IReadOnlyList<string> fileNames, bool windows)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in SearchFolders(windows))
        {
            foreach (string name in fileNames)
            {
                string path;
                try
                {
                    path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, name));
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    continue; // malformed PATH entry
                }

                if (File.Exists(path) && seen.Add(path))
                {
                    yield return path;
                }
            }
        }

        foreach (string name in fileNames)
        {
            yield return name; // ld.so.cache, LD_LIBRARY_PATH, DYLD paths, the Windows DLL search order
        }
    }

    private static IEnumerable<string> SearchFolders(bool windows)
    {
        string? moduleFolder = System.IO.Path.GetDirectoryName(typeof(NativeCodecLibrary).Assembly.Location);
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.X86 => "x86",
            _ => "x64",
        };
        if (!string.IsNullOrEmpty(moduleFolder))
        {
            string os = windows ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
            yield return System.IO.Path.Combine(moduleFolder, "runtimes", os + "-" + arch, "native");
            yield return moduleFolder!;
        }

        if (windows)
        {
            // vcpkg, conda and the OpenJPEG/CharLS release zips put the DLL in a bin folder on PATH.
            foreach (string entry in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
            {
                if (entry.Trim().Length != 0)
                {
                    yield return entry.Trim().Trim('"');
                }
            }
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            yield return "/opt/homebrew/lib";
            yield return "/usr/local/lib";
            yield return "/opt/local/lib";
        }
        else
        {
            string triplet = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.Arm64 => "aarch64-linux-gnu",
                Architecture.Arm => "arm-linux-gnueabihf",
                Architecture.X86 => "i386-linux-gnu",
                _ => "x86_64-linux-gnu",
            };
            yield return "/usr/lib/" + triplet;
            yield return "/usr/lib64";
            yield return "/usr/lib";
            yield return "/usr/local/lib";
            yield return "/usr/local/lib64";
        }
    }

#pragma warning disable SA1300, IDE1006, CA5392 // native names; full paths are given where known
    private static class Kernel32
    {
        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LoadLibraryExW")]
        public static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);

        [DllImport("kernel32.dll", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
        public static extern IntPtr GetProcAddress(IntPtr module, [MarshalAs(UnmanagedType.LPStr)] string procName);
    }

    /// <summary>dlopen/dlsym: libdl.so.2 (glibc before 2.34), else libc.so.6; libSystem on macOS.</summary>
    private static class Dl
    {
        private const int RtldNow = 2;

        public static IntPtr Open(string path)
        {
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

            return text == IntPtr.Zero ? null : Marshal.PtrToStringAnsi(text);
        }
    }

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
#pragma warning restore SA1300, IDE1006, CA5392
}
