// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.IO;

/// <summary>
/// The C library's file calls that the Linux fast paths use (<see cref="KernelCopy"/>, <see cref="DescriptorReadStream"/>,
/// <see cref="NewFile"/>), declared once with their flags. Callers check for Linux and fall back to FileStream.
/// </summary>
internal static class LinuxFiles
{
    public const int ORdOnly = 0;
    public const int OWrOnly = 0x1;
    public const int OCreat = 0x40; // the same on x64, arm64 and arm
    public const int OExcl = 0x80;
    public const int OCloExec = 0x80000;
    public const int SeekSet = 0;
    public const int SeekEnd = 2;
    public const int EINTR = 4;

    /// <summary><c>open(2)</c> of <paramref name="path"/> as NUL-terminated UTF-8, as FileStream passes it (netstandard2.0 has no UTF-8 string marshalling).</summary>
    public static int Open(string path, int flags, int mode = 0) =>
        NativeMethods.open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), flags, mode);

    public static int Close(int fd) => NativeMethods.close(fd);

    public static long Seek(int fd, long offset, int whence) => NativeMethods.lseek(fd, offset, whence);

    public static long ReadAt(int fd, ref byte buffer, int count, long offset) =>
        NativeMethods.pread(fd, ref buffer, (UIntPtr)(uint)count, offset).ToInt64();

    public static long CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, long length) =>
        NativeMethods.copy_file_range(fdIn, ref offIn, fdOut, ref offOut, (UIntPtr)(ulong)length, 0).ToInt64();

    public static long SendFile(int outFd, int inFd, ref long offset, long count) =>
        NativeMethods.sendfile(outFd, inFd, ref offset, (UIntPtr)(ulong)count).ToInt64();

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, IDE1006 // libc names; the module targets netstandard2.0 (no LibraryImport)
        [DllImport("libc.so.6", SetLastError = true)]
        public static extern int open(byte[] path, int flags, int mode);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern long lseek(int fd, long offset, int whence);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern IntPtr pread(int fd, ref byte buffer, UIntPtr count, long offset);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern IntPtr copy_file_range(int fdIn, ref long offIn, int fdOut, ref long offOut, UIntPtr len, uint flags);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern IntPtr sendfile(int outFd, int inFd, ref long offset, UIntPtr count);
#pragma warning restore SYSLIB1054, CA5392, IDE1006
    }
}
