// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.IO;

/// <summary>
/// A read-only stream over a file opened by the C library (Linux): its size is asked once, and each read is one
/// positional read (pread). A FileStream adds .NET's advisory lock and its release (FileShare emulation) and two size
/// queries per open: four of a header read's nine system calls, on every file of a run, twice (the folder pre-pass of
/// path scrubbing and the parse).
/// </summary>
/// <remarks>
/// Only for files the caller has found regular and non-empty: a FIFO or device is never opened here. When the file
/// cannot be opened this way <see cref="TryOpen"/> returns null and the caller opens a FileStream, whose error is the
/// one reported, so the messages stay what they were.
/// </remarks>
internal sealed class DescriptorReadStream : Stream
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // the same on x64, arm64 and arm
    private const int SeekEnd = 2;
    private const int EINTR = 4;
    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static bool _unusable;
    private readonly long _length;
    private int _fd;
    private long _position;

    private DescriptorReadStream(int fd, long length)
    {
        _fd = fd;
        _length = length;
    }

    public override bool CanRead => _fd >= 0;

    public override bool CanSeek => _fd >= 0;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>The file at <paramref name="path"/> opened read-only; null off Linux or when the C library cannot open or size it.</summary>
    public static DescriptorReadStream? TryOpen(string path)
    {
        if (!IsLinux || _unusable || path.IndexOf('\0') >= 0)
        {
            return null; // a NUL would cut the path short in C: FileStream refuses such a name
        }

        int fd;
        try
        {
            fd = NativeMethods.open(System.Text.Encoding.UTF8.GetBytes(path + "\0"), ORdOnly | OCloExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unusable = true;
            return null;
        }

        if (fd < 0)
        {
            return null;
        }

        long length = NativeMethods.lseek(fd, 0, SeekEnd);
        if (length < 0)
        {
            _ = NativeMethods.close(fd);
            return null;
        }

        return new DescriptorReadStream(fd, length);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || count < 0 || count > buffer.Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (_fd < 0)
        {
            throw new ObjectDisposedException(nameof(DescriptorReadStream));
        }

        if (count == 0 || _position >= _length)
        {
            return 0;
        }

        while (true)
        {
            long n = NativeMethods.pread(_fd, ref buffer[offset], (UIntPtr)(uint)count, _position).ToInt64();
            if (n >= 0)
            {
                _position += n;
                return (int)n;
            }

            int errno = Marshal.GetLastWin32Error();
            if (errno != EINTR)
            {
                throw new IOException($"Reading the file failed with errno {errno}.", errno);
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        Position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_fd >= 0)
        {
            _ = NativeMethods.close(_fd);
            _fd = -1;
        }

        base.Dispose(disposing);
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, IDE1006 // libc names; the module targets netstandard2.0 (no LibraryImport)
        // The path as NUL-terminated UTF-8, as FileStream passes it (netstandard2.0 has no UTF-8 string marshalling).
        [DllImport("libc.so.6", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern long lseek(int fd, long offset, int whence);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern IntPtr pread(int fd, ref byte buffer, UIntPtr count, long offset);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA5392, IDE1006
    }
}
