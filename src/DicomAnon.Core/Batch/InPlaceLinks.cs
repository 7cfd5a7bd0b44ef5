// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.Batch;

/// <summary>
/// -InPlace renames the de-identified file over the input's name. When that name is a symbolic link, or one of
/// several hard links, the original bytes survive under the link's target or the other names: the run must say so
/// instead of letting "Deidentified" suggest that the data are gone.
/// </summary>
internal static class InPlaceLinks
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxNlink = 0x4;

    /// <summary>A warning (path not included) when <paramref name="path"/> is a link whose original stays elsewhere; otherwise null.</summary>
    public static string? Describe(string path)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the read that follows reports it
        }

        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            return "is a symbolic link: it is replaced by the de-identified file, and the file it pointed to still holds the original.";
        }

        int links = HardLinkCount(path);
        return links > 1
            ? string.Format(CultureInfo.InvariantCulture, "has {0} other hard link(s): they are not changed and still hold the original.", links - 1)
            : null;
    }

    /// <summary>The number of names of the file (statx on Linux); 1 where it cannot be told.</summary>
    private static int HardLinkCount(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return 1;
        }

        byte[] buffer = new byte[256]; // struct statx; stx_nlink is the u32 at offset 16 on every architecture
        try
        {
            return NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxNlink, buffer) == 0 ? Math.Max(1, BitConverter.ToInt32(buffer, 16)) : 1;
        }
        catch (EntryPointNotFoundException)
        {
            return 1; // C library older than glibc 2.28
        }
    }

    private static class NativeMethods
    {
#pragma warning disable CA2101, SYSLIB1054, CA5392
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int statx(int dirFd, string path, int flags, uint mask, byte[] buffer);
#pragma warning restore CA2101, SYSLIB1054, CA5392
    }
}
