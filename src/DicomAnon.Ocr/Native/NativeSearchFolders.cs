// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// Where the module looks for a native library (Tesseract here, OpenJPEG and CharLS in DicomAnon.Imaging) before the
/// system loader's own search: the module's <c>runtimes/&lt;rid&gt;/native</c> folder and its own folder, then the
/// usual install places of each OS.
/// </summary>
internal static class NativeSearchFolders
{
    /// <summary><c>runtimes/&lt;rid&gt;/native</c> beside <paramref name="assembly"/>, then the assembly's own folder.</summary>
    public static IEnumerable<string> ModuleFolders(Assembly assembly)
    {
        string? moduleFolder = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(moduleFolder))
        {
            yield return Path.Combine(moduleFolder, "runtimes", RuntimeId(), "native");
            yield return moduleFolder!;
        }
    }

    /// <summary>Package-manager library folders: Homebrew and MacPorts on macOS, multiarch first on Linux; none on Windows.</summary>
    public static IEnumerable<string> InstallFolders()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            yield break;
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            yield return "/opt/homebrew/lib";
            yield return "/usr/local/lib";
            yield return "/opt/local/lib";
            yield break;
        }

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

    /// <summary>The non-empty entries of PATH, unquoted (on Windows, where an installer's bin folder holds its DLLs).</summary>
    public static IEnumerable<string> PathEntries()
    {
        foreach (string entry in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (entry.Trim().Length != 0)
            {
                yield return entry.Trim().Trim('"');
            }
        }
    }

    /// <summary>The runtime identifier of the process (<c>win-x64</c>, <c>linux-arm64</c>, ...).</summary>
    public static string RuntimeId()
    {
        string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.X86 => "x86",
            _ => "x64",
        };
        return os + "-" + arch;
    }
}
