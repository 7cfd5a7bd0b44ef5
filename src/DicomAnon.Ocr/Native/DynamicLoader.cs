// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// Opens a native library by path with LoadLibraryEx (Windows) or dlopen (Linux, macOS), as netstandard2.0 has no
/// NativeLibrary, and looks up its entry points. Libraries opened here are never closed.
/// </summary>
internal static class DynamicLoader
{
    /// <summary>
    /// Opens <paramref name="path"/>, a full path or a bare name for the system loader's own search; false with what the
    /// loader said, naming the path.
    /// </summary>
    public static bool TryOpen(string path, out IntPtr handle, out string? error)
    {
        try
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // With a full path, the DLL's own folder is searched for its dependencies (leptonica, libpng... beside it).
                uint flags = Path.IsPathRooted(path)
                    ? Kernel32.LoadLibrarySearchDllLoadDir | Kernel32.LoadLibrarySearchDefaultDirs
                    : 0u;
                handle = Kernel32.LoadLibraryEx(path, IntPtr.Zero, flags);
                error = handle == IntPtr.Zero
                    ? string.Format(CultureInfo.InvariantCulture, "{0}: LoadLibraryEx error {1}", path, Marshal.GetLastWin32Error())
                    : null;
            }
            else
            {
                handle = LibDl.Open(path);
                error = handle == IntPtr.Zero ? path + ": " + (LibDl.LastError() ?? "dlopen failed") : null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            handle = IntPtr.Zero;
            error = path + ": the system loader itself is unavailable (" + ex.Message + ")";
        }

        return handle != IntPtr.Zero;
    }

    /// <summary>The address of the export <paramref name="name"/>, or zero when the library has none.</summary>
    public static IntPtr Symbol(IntPtr handle, string name) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? Kernel32.GetProcAddress(handle, name) : LibDl.Symbol(handle, name);
}
