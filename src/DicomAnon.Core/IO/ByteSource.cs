// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core.IO;

/// <summary>
/// A forward reader over a stream with its own buffer, absolute positions, explicit byte order, and lengths
/// checked against what is left, so a hostile length can neither over-allocate nor read past the end.
/// </summary>
internal sealed class ByteSource
{
    private const int BufferSize = 64 * 1024;

    // The first read asks for this much, each further read for twice as much, up to the buffer: a header read up to
    // the pixel data (a few KB) then costs one small read, not a 64 KB copy out of the page cache.
    private const int FirstReadSize = 8 * 1024;
    private readonly Stream _stream;
    [ThreadStatic]
    private static byte[]? _spare;

    private readonly byte[] _buffer;
    private readonly long _length; // -1 when unknown (deflated data)
    private long _bufferStart;
    private int _pos;
    private int _count;
    private int _readSize = FirstReadSize;

    public ByteSource(Stream stream, long startPosition)
    {
        _stream = stream;
        _length = stream.CanSeek ? stream.Length : -1;
        _bufferStart = startPosition;
        Limit = _length >= 0 ? long.MaxValue : 64L << 20;

        // One buffer per thread, reused file after file (readers are not re-entrant on a thread except for
        // nested UN sequences, which take a fresh buffer).
        _buffer = _spare ?? new byte[BufferSize];
        _spare = null;
    }

    /// <summary>Gives the buffer back to the thread for the next reader.</summary>
    public void Release() => _spare = _buffer;

    public long Position => _bufferStart + _pos;

    /// <summary>Bytes left when the length is known; long.MaxValue otherwise.</summary>
    public long Remaining => _length >= 0 ? _length - Position : long.MaxValue;

    public bool IsSeekable => _length >= 0;

    public bool BigEndian { get; set; }

    /// <summary>For sources of unknown length (inflated data): the most bytes that may be consumed (64 MB unless set).</summary>
    public long Limit { get; set; }

    /// <summary>True at the end of the data (reads more to find out when the length is unknown).</summary>
    public bool AtEnd => !Ensure(1);

    public ushort ReadUInt16()
    {
        Require(2);
        ushort v = BigEndian
            ? (ushort)((_buffer[_pos] << 8) | _buffer[_pos + 1])
            : (ushort)(_buffer[_pos] | (_buffer[_pos + 1] << 8));
        _pos += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Require(4);
        uint v = BigEndian
            ? ((uint)_buffer[_pos] << 24) | ((uint)_buffer[_pos + 1] << 16) | ((uint)_buffer[_pos + 2] << 8) | _buffer[_pos + 3]
            : LittleEndian.ReadUInt32(_buffer, _pos);
        _pos += 4;
        return v;
    }

    public byte ReadByte()
    {
        Require(1);
        return _buffer[_pos++];
    }

    /// <summary>True when the next <paramref name="n"/> bytes (n &lt;= 64) are there to <see cref="PeekByte"/> without consuming them.</summary>
    public bool CanPeek(int n) => Ensure(n);

    /// <summary>Byte <paramref name="index"/> ahead of the position; only after <see cref="CanPeek"/> said it is there.</summary>
    public byte PeekByte(int index) => _buffer[_pos + index];

    /// <summary>Looks at the next <paramref name="n"/> bytes (n &lt;= 64) without consuming them; false if fewer remain.</summary>
    public bool TryPeek(int n, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (!Ensure(n))
        {
            return false;
        }

        bytes = new byte[n];
        Buffer.BlockCopy(_buffer, _pos, bytes, 0, n);
        return true;
    }

    /// <summary>Reads <paramref name="length"/> bytes. Fails cleanly (EndOfStreamException) if they are not there.</summary>
    public byte[] ReadBytes(long length)
    {
        if (length > Remaining)
        {
            throw new EndOfStreamException();
        }

        CheckLimit(length);

        if (length > int.MaxValue - 64)
        {
            throw new InvalidDataException("A value over 2 GB cannot be held in memory.");
        }

        // The length is bounded by what remains (known length) or by Limit (inflated data): the allocation is
        // justified by the input.
        byte[] result = new byte[(int)length];
        ReadInto(result, 0, result.Length);
        return result;
    }

    /// <summary>Moves to an absolute position of a seekable source (to re-read a value after a failed attempt to parse it).</summary>
    public void Seek(long position)
    {
        if (_length < 0)
        {
            throw new NotSupportedException("Only a seekable source can move back.");
        }

        if (position >= _bufferStart && position <= _bufferStart + _count)
        {
            _pos = (int)(position - _bufferStart);
            return;
        }

        _stream.Position = position;
        _bufferStart = position;
        _pos = 0;
        _count = 0;
    }

    public void Skip(long length)
    {
        if (length > Remaining)
        {
            throw new EndOfStreamException();
        }

        CheckLimit(length);

        long inBuffer = _count - _pos;
        if (length <= inBuffer)
        {
            _pos += (int)length;
            return;
        }

        if (_length >= 0)
        {
            long target = Position + length;
            _stream.Position = target;
            _bufferStart = target;
            _pos = 0;
            _count = 0;
            return;
        }

        long left = length;
        while (left > 0)
        {
            if (!Ensure(1))
            {
                throw new EndOfStreamException();
            }

            int take = (int)Math.Min(left, _count - _pos);
            _pos += take;
            left -= take;
        }
    }

    private void CheckLimit(long length)
    {
        if (Limit != long.MaxValue && Position + length > Limit)
        {
            throw new DicomLimitExceededException(
                "MaxDecodedBytes",
                $"The deflated data would expand beyond {Limit} bytes (possible decompression bomb; see MaxInflationRatio and MaxDecodedBytes).",
                null,
                -1);
        }
    }

    private void ReadInto(byte[] target, int offset, int count)
    {
        while (count > 0)
        {
            if (_pos == _count && !Ensure(1))
            {
                throw new EndOfStreamException();
            }

            int take = Math.Min(count, _count - _pos);
            Buffer.BlockCopy(_buffer, _pos, target, offset, take);
            _pos += take;
            offset += take;
            count -= take;
        }
    }

    private void Require(int n)
    {
        if (!Ensure(n))
        {
            throw new EndOfStreamException();
        }
    }

    /// <summary>Makes at least <paramref name="n"/> bytes available in the buffer; false at end of data.</summary>
    private bool Ensure(int n)
    {
        if (_count - _pos >= n)
        {
            return true;
        }

        if (_length >= 0 && Position + n > _length)
        {
            return false; // the end of a file of known length: asking the file again would only return nothing
        }

        int kept = _count - _pos;
        if (kept > 0 && _pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, kept);
        }

        _bufferStart += _pos;
        _pos = 0;
        _count = kept;
        while (_count < n)
        {
            int want = Math.Min(_buffer.Length - _count, Math.Max(n - _count, _readSize));
            int read = _stream.Read(_buffer, _count, want);
            if (read <= 0)
            {
                return false;
            }

            _count += read;
            _readSize = Math.Min(BufferSize, _readSize * 2);
        }

        return true;
    }
}
