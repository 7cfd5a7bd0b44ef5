// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// Finds and loads the Tesseract shared library (netstandard2.0 has no NativeLibrary): an explicit path wins,
/// then the module's own <c>runtimes/&lt;rid&gt;/native</c> folder, then the usual install places per OS.
/// Loaded libraries are cached by path and never unloaded.
/// </summary>
internal static class NativeLibraryLoader
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Tesseract> Loaded = new(StringComparer.Ordinal);

    /// <summary>File names of Tesseract 5 (and 4, same C API) per OS, newest first.</summary>
    public static IReadOnlyList<string> LibraryFileNames
    {
        get
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // UB-Mannheim installer: libtesseract-5.dll; vcpkg/CMake builds: tesseract5x.dll.
                return ["libtesseract-5.dll", "tesseract55.dll", "tesseract54.dll", "tesseract53.dll", "tesseract52.dll",
                    "tesseract51.dll", "tesseract50.dll", "libtesseract-4.dll", "tesseract41.dll"];
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return ["libtesseract.5.dylib", "libtesseract.dylib", "libtesseract.4.dylib"];
            }

            return ["libtesseract.so.5", "libtesseract.so.4", "libtesseract.so"];
        }
    }

    /// <summary>Loads and binds Tesseract; false with a reason (what was tried, what to install) on any failure.</summary>
    public static bool TryLoad(string? explicitPath, out Tesseract? api, out string? loadedFrom, out string? failureReason)
    {
        api = null;
        loadedFrom = null;
        LimitOpenMp();
        var attempts = new List<string>();
        foreach (string candidate in Candidates(explicitPath))
        {
            if (TryLoadOne(candidate, out api, out string? error))
            {
                loadedFrom = candidate;
                failureReason = null;
                return true;
            }

            attempts.Add(error!);
        }

        string tried = attempts.Count == 0 ? "nothing found to try" : string.Join("; ", attempts);
        failureReason = explicitPath is null
            ? "Tesseract OCR library not found (" + tried + "). " + InstallHint
            : "Tesseract OCR library could not be loaded from the given path (" + tried + "). " + InstallHint;
        return false;
    }

    /// <summary>
    /// OMP_THREAD_LIMIT=1 for the native runtime, before libtesseract (and its OpenMP runtime, which reads the
    /// variable once at start-up) loads: OpenMP threads spinning inside Tesseract cost several times the CPU of
    /// the recognition itself, and the module already runs one engine per thread. A value the user set wins.
    /// </summary>
    public static void LimitOpenMp()
    {
        try
        {
            LibC.SetEnvironmentIfUnset(OpenMpThreadLimitVariable, "1");
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            // A C library without setenv (not glibc or macOS): Tesseract then runs with its default threading.
        }
    }

    /// <summary>The variable OpenMP reads for its thread limit.</summary>
    public const string OpenMpThreadLimitVariable = "OMP_THREAD_LIMIT";

    /// <summary>What to do about a missing or broken Tesseract.</summary>
    public const string InstallHint =
        "Install tesseract-ocr and tesseract-ocr-eng (Debian/Ubuntu), Tesseract 5 (Windows: the UB-Mannheim installer; macOS: brew install tesseract), or pass -TesseractPath.";

    private static IEnumerable<string> Candidates(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            // An explicit path wins and is the only one tried: a file, or a folder that holds the library.
            if (Directory.Exists(explicitPath))
            {
                foreach (string name in LibraryFileNames)
                {
                    string inFolder = Path.Combine(explicitPath, name);
                    if (File.Exists(inFolder))
                    {
                        yield return Path.GetFullPath(inFolder);
                    }
                }

                yield break;
            }

            yield return Path.GetFullPath(explicitPath);
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in SearchFolders())
        {
            foreach (string name in LibraryFileNames)
            {
                string path;
                try
                {
                    path = Path.GetFullPath(Path.Combine(folder, name));
                }
                catch (ArgumentException)
                {
                    continue; // malformed PATH entry
                }

                if (File.Exists(path) && seen.Add(path))
                {
                    yield return path;
                }
            }
        }

        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Last resort: the bare soname, resolved by the dynamic loader (ld.so.cache, LD_LIBRARY_PATH).
            foreach (string name in LibraryFileNames)
            {
                yield return name;
            }
        }
    }

    private static IEnumerable<string> SearchFolders()
    {
        foreach (string folder in NativeSearchFolders.ModuleFolders(typeof(NativeLibraryLoader).Assembly))
        {
            yield return folder;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            foreach (string variable in new[] { "ProgramFiles", "ProgramW6432", "ProgramFiles(x86)" })
            {
                string? root = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrEmpty(root))
                {
                    yield return Path.Combine(root, "Tesseract-OCR");
                }
            }

            string? local = Environment.GetEnvironmentVariable("LOCALAPPDATA");
            if (!string.IsNullOrEmpty(local))
            {
                yield return Path.Combine(local, "Programs", "Tesseract-OCR");
                yield return Path.Combine(local, "Tesseract-OCR");
            }

            // A Tesseract folder on PATH (where tesseract.exe lives, with its DLLs).
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

    private static bool TryLoadOne(string path, out Tesseract? api, out string? error)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(path, out api))
            {
                error = null;
                return true;
            }

            if (!DynamicLoader.TryOpen(path, out IntPtr library, out error))
            {
                return false;
            }

            Func<string, IntPtr> symbol = name => DynamicLoader.Symbol(library, name);
            if (!Tesseract.TryBind(library, symbol, out api, out string? missing))
            {
                error = path + ": not a usable Tesseract library (no " + missing + ")";
                return false;
            }

            Loaded[path] = api!;
            error = null;
            return true;
        }
    }
}
