// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>Writes entropy-coded data: bits MSB first, a zero byte stuffed after every 0xFF, 1-bits to pad.</summary>
internal sealed class JpegBitWriter
{
    private byte[] _buffer;
    private int _length;
    private ulong _accumulator;
    private int _bits;

    public JpegBitWriter(int capacity) => _buffer = new byte[Math.Max(capacity, 1024)];

    public byte[] Buffer => _buffer;

    public int Length => _length;

    public void Clear()
    {
        _length = 0;
        _accumulator = 0;
        _bits = 0;
    }

    /// <summary>Makes room for <paramref name="bytes"/> more bytes (call before each block: a block needs at most 1,100).</summary>
    public void EnsureCapacity(int bytes)
    {
        long needed = (long)_length + bytes;
        if (needed > _buffer.Length)
        {
            long size = Math.Max(needed, 2L * _buffer.Length);
            if (size > int.MaxValue - 64)
            {
                throw new NotSupportedException("The re-encoded JPEG would exceed 2 GB.");
            }

            Array.Resize(ref _buffer, (int)size);
        }
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (count at most 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(uint value, int count)
    {
        unchecked
        {
            ulong accumulator = (_accumulator << count) | value;
            int bits = _bits + count;
            if (bits >= 8)
            {
                bits = Drain(accumulator, bits);
            }

            _accumulator = accumulator;
            _bits = bits;
        }
    }

    private int Drain(ulong accumulator, int bits)
    {
        unchecked
        {
            byte[] buffer = _buffer;
            int length = _length;
            while (bits >= 8)
            {
                bits -= 8;
                byte b = (byte)(accumulator >> bits);
                buffer[length++] = b;
                if (b == 0xFF)
                {
                    buffer[length++] = 0;
                }
            }

            _length = length;
            return bits;
        }
    }

    /// <summary>Pads the last byte with 1-bits (F.1.2.3).</summary>
    public void Flush()
    {
        if (_bits > 0)
        {
            int n = 8 - _bits;
            Write((1u << n) - 1, n);
        }
    }

    /// <summary>Flushes and writes marker RSTn.</summary>
    public void WriteRestartMarker(int n)
    {
        Flush();
        EnsureCapacity(2);
        _buffer[_length++] = 0xFF;
        _buffer[_length++] = (byte)(0xD0 + n);
    }
}
