// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.IO;

/// <summary>
/// A read-only stream over a file opened by the C library (Linux): its size is asked once, and each read is one
/// positional read (pread); a header read's first two reads (the 132 bytes before the dataset, then 8 KB) are one. A FileStream adds .NET's advisory lock and its release (FileShare emulation) and two size
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
    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    // A header read asks for the first 132 bytes (preamble and 'DICM'), then for 8 KB after them: both are served by
    // one read of this many bytes at the start of the file.
    private const int FirstBlockSize = 132 + (8 * 1024);
    [ThreadStatic]
    private static byte[]? _spareBlock;
    private static bool _unusable;
    private readonly long _length;
    private byte[]? _firstBlock; // taken from the thread on the first read at byte 0, given back on dispose
    private int _firstBlockCount = -1; // bytes of the file in _firstBlock; -1 until read
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
            fd = LinuxFiles.Open(path, LinuxFiles.ORdOnly | LinuxFiles.OCloExec);
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

        long length = LinuxFiles.Seek(fd, 0, LinuxFiles.SeekEnd);
        if (length < 0)
        {
            _ = LinuxFiles.Close(fd);
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

        if (_firstBlockCount < 0 && _position == 0 && count < FirstBlockSize)
        {
            _firstBlock = _spareBlock ?? new byte[FirstBlockSize];
            _spareBlock = null;
            _firstBlockCount = ReadAt(_firstBlock, 0, FirstBlockSize, 0);
        }

        if (_position < _firstBlockCount)
        {
            int n = (int)Math.Min(count, _firstBlockCount - _position);
            Buffer.BlockCopy(_firstBlock!, (int)_position, buffer, offset, n);
            _position += n;
            return n;
        }

        int read = ReadAt(buffer, offset, count, _position);
        _position += read;
        return read;
    }

    private int ReadAt(byte[] buffer, int offset, int count, long position)
    {
        while (true)
        {
            long n = LinuxFiles.ReadAt(_fd, ref buffer[offset], count, position);
            if (n >= 0)
            {
                return (int)n;
            }

            int errno = Marshal.GetLastWin32Error();
            if (errno != LinuxFiles.EINTR)
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
            _ = LinuxFiles.Close(_fd);
            _fd = -1;
        }

        if (disposing && _firstBlock is not null)
        {
            _spareBlock = _firstBlock; // disposed on the thread that read: the readers open, read and close on one thread
            _firstBlock = null;
        }

        base.Dispose(disposing);
    }
}
