// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The real location of a path: symbolic links, '.' and '..' resolved (realpath(3) on Unix, the final path of an
/// opened handle on Windows). Used to see that a destination is not a source and to visit each folder once.
/// </summary>
internal static class RealPath
{
    /// <summary>
    /// The resolved full path. A path that does not exist yet is resolved through its deepest existing ancestor
    /// and the rest appended, so a destination to be created compares correctly.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string? existing = full;
        string rest = string.Empty;
        while (existing is not null)
        {
            string? real = TryResolveExisting(existing);
            if (real is not null)
            {
                return rest.Length == 0 ? real : Path.Combine(real, rest);
            }

            string name = Path.GetFileName(PathComparison.Trim(existing));
            rest = rest.Length == 0 ? name : Path.Combine(name, rest);
            existing = Path.GetDirectoryName(PathComparison.Trim(existing));
        }

        return full;
    }

    /// <summary>The resolved path of an existing file or folder; null when it does not exist or cannot be resolved.</summary>
    public static string? TryResolveExisting(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? ResolveWindows(path) : ResolveUnix(path);
    }

    private static string? ResolveUnix(string path)
    {
        IntPtr p = NativeMethods.realpath(path, IntPtr.Zero);
        if (p == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Utf8FromNative(p);
        }
        finally
        {
            NativeMethods.free(p);
        }
    }

    private static string Utf8FromNative(IntPtr p)
    {
        int len = 0;
        while (Marshal.ReadByte(p, len) != 0)
        {
            len++;
        }

        byte[] bytes = new byte[len];
        Marshal.Copy(p, bytes, 0, len);
        return Encoding.UTF8.GetString(bytes);
    }

    private static string? ResolveWindows(string path)
    {
        const uint FileReadAttributes = 0x80;
        const uint ShareAll = 0x7;
        const uint OpenExisting = 3;
        const uint BackupSemantics = 0x02000000;
        using SafeFileHandle h = NativeMethods.CreateFileW(path, FileReadAttributes, ShareAll, IntPtr.Zero, OpenExisting, BackupSemantics, IntPtr.Zero);
        if (h.IsInvalid)
        {
            return null;
        }

        var sb = new StringBuilder(1024);
        uint n = NativeMethods.GetFinalPathNameByHandleW(h, sb, (uint)sb.Capacity, 0);
        if (n == 0 || n >= sb.Capacity)
        {
            return null;
        }

        string s = sb.ToString();
        if (s.StartsWith(@"\\?\UNC\", StringComparison.Ordinal))
        {
            return @"\\" + s.Substring(8);
        }

        return s.StartsWith(@"\\?\", StringComparison.Ordinal) ? s.Substring(4) : s;
    }

    private static class NativeMethods
    {
#pragma warning disable CA2101, SYSLIB1054, CA5392, CA1838
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc")]
        public static extern void free(IntPtr p);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        public static extern uint GetFinalPathNameByHandleW(SafeFileHandle h, StringBuilder path, uint length, uint flags);
#pragma warning restore CA2101, SYSLIB1054, CA5392, CA1838
    }
}
