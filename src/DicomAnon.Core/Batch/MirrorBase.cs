// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The folder that copies are mirrored from: every input's path relative to it becomes its path under the
/// destination. Without -RelativeTo it is the deepest folder that holds every input of the call (a folder given
/// counts as itself, a file as its folder), so two distinct inputs never get the same relative path and one
/// folder keeps the layout it always had.
/// </summary>
internal static class MirrorBase
{
    /// <summary>The deepest common folder of <paramref name="folders"/> (full paths); null when they share no root.</summary>
    public static string? CommonFolder(IEnumerable<string> folders)
    {
        string[]? common = null;
        string? first = null;
        foreach (string folder in folders)
        {
            string[] parts = Split(folder);
            if (common is null)
            {
                common = parts;
                first = folder;
                continue;
            }

            int n = 0;
            while (n < common.Length && n < parts.Length && string.Equals(common[n], parts[n], PathComparison.Comparison))
            {
                n++;
            }

            if (n < common.Length)
            {
                Array.Resize(ref common, n);
            }
        }

        if (common is null || common.Length == 0)
        {
            return null;
        }

        // Rebuild from the first folder's text so that the root ("/", "C:\", "\\server\share") is kept as written.
        string result = PathComparison.Trim(first!);
        for (int drop = Split(result).Length - common.Length; drop > 0; drop--)
        {
            result = Path.GetDirectoryName(result) ?? result;
        }

        return PathComparison.Trim(result);
    }

    /// <summary>
    /// The path of <paramref name="file"/> relative to <paramref name="baseFolder"/>; null when the file is not
    /// below it.
    /// </summary>
    public static string? Relative(string file, string baseFolder)
    {
        string b = PathComparison.Trim(baseFolder);
        if (!PathComparison.IsSameOrUnder(file, b) || string.Equals(PathComparison.Trim(file), b, PathComparison.Comparison))
        {
            return null;
        }

        return file.Substring(b.Length).TrimStart('/', '\\');
    }

    private static string[] Split(string path)
    {
        string full = PathComparison.Trim(path);
        var parts = new List<string>();
        string? cur = full;
        while (cur is not null)
        {
            string? parent = Path.GetDirectoryName(cur);
            parts.Add(parent is null ? cur : Path.GetFileName(cur));
            cur = parent;
        }

        parts.Reverse();
        return parts.ToArray();
    }
}
