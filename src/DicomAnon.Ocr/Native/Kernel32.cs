// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>LoadLibraryEx/GetProcAddress on Windows.</summary>
internal static class Kernel32
{
    /// <summary>Search the DLL's own folder for its dependencies (leptonica, libpng... sit next to libtesseract).</summary>
    public const uint LoadLibrarySearchDllLoadDir = 0x00000100;

    /// <summary>Plus the application folder, System32 and AddDllDirectory folders.</summary>
    public const uint LoadLibrarySearchDefaultDirs = 0x00001000;

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LoadLibraryExW")]
    public static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);

    // GetProcAddress takes an ANSI name; Tesseract's exports are ASCII.
    [DllImport("kernel32.dll", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
    public static extern IntPtr GetProcAddress(IntPtr module, [MarshalAs(UnmanagedType.LPStr)] string procName);
}
