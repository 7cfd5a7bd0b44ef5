// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Moves a finished temporary file to its final name in one atomic step that never replaces a file another
/// process made in the meantime (a check followed by a rename would): renameat2(RENAME_NOREPLACE) on Linux, link(2)
/// then unlink where the file system or C library has no such rename (and on other Unixes); MoveFile without
/// replace on Windows.
/// </summary>
internal static class NoReplaceCommit
{
    private const int EEXIST = 17;
    private const int ENOSYS = 38;
    private static volatile bool _renameNoReplace = true;

    /// <summary>
    /// Moves <paramref name="temp"/> to <paramref name="target"/>. Returns false (and leaves the temporary file)
    /// when <paramref name="target"/> exists and <paramref name="replace"/> is false.
    /// </summary>
    public static bool TryCommit(string temp, string target, bool replace)
    {
        if (replace)
        {
            if (File.Exists(target))
            {
                // rename(2) on Unix, ReplaceFile on Windows: atomic for readers of the target.
                File.Replace(temp, target, null);
                return true;
            }

            return TryCommit(temp, target, replace: false) || TryCommit(temp, target, replace: true);
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            try
            {
                File.Move(temp, target);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }

        // Linux: one renameat2(RENAME_NOREPLACE) where the file system has it (ext4, xfs, btrfs, tmpfs ...), the
        // link-then-unlink pair (two metadata updates) where it has not.
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && _renameNoReplace && TryRenameNoReplace(temp, target) is bool moved)
        {
            return moved;
        }

        if (NativeMethods.link(temp, target) == 0)
        {
            File.Delete(temp);
            return true;
        }

        int errno = Marshal.GetLastWin32Error();
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException($"Could not create '{target}' (link failed with errno {errno}); the file system may not support creating a file without replacing another. Use -Force to allow replacing.");
    }

    /// <summary>True when moved, false when the target exists, null when this file system or C library cannot do it.</summary>
    private static bool? TryRenameNoReplace(string temp, string target)
    {
        try
        {
            const int AtFdCwd = -100;
            const uint RenameNoReplace = 1;
            if (NativeMethods.renameat2(AtFdCwd, temp, AtFdCwd, target, RenameNoReplace) == 0)
            {
                return true;
            }

            int errno = Marshal.GetLastWin32Error();
            if (errno == EEXIST)
            {
                return false;
            }

            if (errno == ENOSYS)
            {
                _renameNoReplace = false; // the kernel has no renameat2: never asked again
            }

            return null; // EINVAL (a file system without it) and the rest: link decides and reports
        }
        catch (EntryPointNotFoundException)
        {
            _renameNoReplace = false; // C library older than glibc 2.28
            return null;
        }
    }

    private static class NativeMethods
    {
#pragma warning disable CA2101, SYSLIB1054, CA5392
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int link(string oldPath, string newPath);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int renameat2(int oldDir, string oldPath, int newDir, string newPath, uint flags);
#pragma warning restore CA2101, SYSLIB1054, CA5392
    }
}
