// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.Batch;

/// <summary>How this platform compares file-system paths: without case on Windows and macOS, exactly elsewhere.</summary>
internal static class PathComparison
{
    /// <summary>True where the usual file system ignores case (Windows, macOS).</summary>
    public static bool IgnoresCase { get; } =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public static StringComparison Comparison => IgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static StringComparer Comparer => IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it (both full paths).</summary>
    public static bool IsSameOrUnder(string path, string folder)
    {
        string p = Trim(path);
        string f = Trim(folder);
        if (string.Equals(p, f, Comparison))
        {
            return true;
        }

        return p.Length > f.Length
            && p.StartsWith(f, Comparison)
            && (IsSeparator(p[f.Length]) || (f.Length > 0 && IsSeparator(f[f.Length - 1])));
    }

    /// <summary>The path without trailing separators (a root such as "/" or "C:\" is kept).</summary>
    public static string Trim(string path)
    {
        string t = path.TrimEnd('/', '\\');
        if (t.Length == 0)
        {
            return path.Substring(0, 1);
        }

        return t.Length == 2 && t[1] == ':' ? t + System.IO.Path.DirectorySeparatorChar : t;
    }

    public static bool IsSeparator(char c) => c == '/' || c == '\\';
}
