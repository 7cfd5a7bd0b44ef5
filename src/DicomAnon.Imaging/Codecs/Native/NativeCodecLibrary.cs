// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using DicomAnon.Ocr.Native;

namespace DicomAnon.Imaging.Codecs.Native;

/// <summary>
/// One codec library (OpenJPEG, CharLS) found and loaded with the OCR bridge's loader (<see cref="DynamicLoader"/>,
/// <see cref="NativeSearchFolders"/>): the module's <c>runtimes/&lt;rid&gt;/native</c> folder and its own folder first,
/// then the usual install places of each OS, then the bare name for the system loader. Loaded once per process, never
/// unloaded.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private readonly IntPtr _handle;

    private NativeCodecLibrary(IntPtr handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>Where the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>Loads the first of <paramref name="fileNames"/> found; false with the list of attempts when none loads.</summary>
    public static bool TryLoad(IReadOnlyList<string> fileNames, out NativeCodecLibrary? library, out string failure)
    {
        var attempts = new List<string>();
        foreach (string candidate in Candidates(fileNames))
        {
            if (DynamicLoader.TryOpen(candidate, out IntPtr handle, out string? error))
            {
                library = new NativeCodecLibrary(handle, candidate);
                failure = string.Empty;
                return true;
            }

            attempts.Add(error!);
        }

        library = null;
        failure = attempts.Count == 0 ? "nothing found to try" : string.Join("; ", attempts);
        return false;
    }

    /// <summary>The entry point <paramref name="name"/> as a delegate; throws <see cref="EntryPointNotFoundException"/> when absent.</summary>
    public T Bind<T>(string name)
        where T : Delegate
    {
        IntPtr p = DynamicLoader.Symbol(_handle, name);
        if (p == IntPtr.Zero)
        {
            throw new EntryPointNotFoundException(name);
        }

        return Marshal.GetDelegateForFunctionPointer<T>(p);
    }

    private static IEnumerable<string> Candidates(IReadOnlyList<string> fileNames)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in SearchFolders())
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

    private static IEnumerable<string> SearchFolders()
    {
        foreach (string folder in NativeSearchFolders.ModuleFolders(typeof(NativeCodecLibrary).Assembly))
        {
            yield return folder;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // vcpkg, conda and the OpenJPEG/CharLS release zips put the DLL in a bin folder on PATH.
            foreach (string entry in NativeSearchFolders.PathEntries())
            {
                yield return entry;
            }
        }

        foreach (string folder in NativeSearchFolders.InstallFolders())
        {
            yield return folder;
        }
    }
}
