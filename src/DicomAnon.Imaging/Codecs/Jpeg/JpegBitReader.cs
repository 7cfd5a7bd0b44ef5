// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.CompilerServices;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Reads entropy-coded data (T.81 F.2.2.5) from a byte array: removes stuffed zero bytes, stops at markers,
/// and feeds zero bits past a marker so that a read beyond the data is detected (see <see cref="CheckNotExhausted"/>)
/// rather than crashing or looping. Written against the big-endian bit order of JPEG; all arithmetic is unchecked.
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private int _position;
    private int _end;
    private ulong _buffer;   // left-aligned: the next bit is bit 63
    private int _bits;       // valid bits in _buffer
    private int _phantom;    // of those, how many (at the tail) are zeros fed past the end of the data
    private bool _atMarker;

    public JpegBitReader(byte[] data) => _data = data;

    /// <summary>Position of the next unread byte (bytes already in the bit buffer are read).</summary>
    public int Position => _position;

    public void Reset(int position, int end)
    {
        _position = position;
        _end = end;
        _buffer = 0;
        _bits = 0;
        _phantom = 0;
        _atMarker = false;
    }

    /// <summary>Throws when the decoder used bits beyond the end of the entropy-coded data.</summary>
    public void CheckNotExhausted()
    {
        if (_phantom > _bits)
        {
            throw new JpegFormatException("Entropy-coded data ends before the last block (truncated or corrupt scan).", _position);
        }
    }

    /// <summary>
    /// Decodes one block (F.2.2.1 and F.2.2.2) into <paramref name="block"/> at <paramref name="offset"/> (zig-zag order; the
    /// block must be zero) and returns its DC value. Bit state is kept in locals for speed.
    /// </summary>
    public int DecodeBlock(JpegHuffmanTable dc, JpegHuffmanTable ac, short[] block, int offset, int predictor)
    {
        unchecked
        {
            if (_bits < 32)
            {
                Fill();
            }

            ulong buffer = _buffer;
            int bits = _bits;
            int t = Symbol(dc, ref buffer, ref bits);
            if (t > 15)
            {
                throw new JpegFormatException("DC difference category above 15.", _position);
            }

            int value = predictor + Extend(ref buffer, ref bits, t);
            if (value < -2048 || value > 2047)
            {
                throw new JpegFormatException("DC coefficient out of range for 8-bit samples (corrupt data).", _position);
            }

            block[offset] = (short)value;
            for (int k = 1; k < 64;)
            {
                if (bits < 32)
                {
                    _buffer = buffer;
                    _bits = bits;
                    Fill();
                    buffer = _buffer;
                    bits = _bits;
                }

                int rs = Symbol(ac, ref buffer, ref bits);
                int r = rs >> 4, size = rs & 15;
                if (size == 0)
                {
                    if (r != 15)
                    {
                        break; // EOB
                    }

                    k += 16; // ZRL
                    continue;
                }

                k += r;
                if (k > 63)
                {
                    throw new JpegFormatException("AC coefficient run goes past the end of the block.", _position);
                }

                block[offset + k] = (short)Extend(ref buffer, ref bits, size);
                k++;
            }

            _buffer = buffer;
            _bits = bits;
            return value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Extend(ref ulong buffer, ref int bits, int s)
    {
        unchecked
        {
            if (s == 0)
            {
                return 0;
            }

            int v = (int)(buffer >> (64 - s));
            buffer <<= s;
            bits -= s;
            return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Symbol(JpegHuffmanTable table, ref ulong buffer, ref int bits)
    {
        unchecked
        {
            int entry = table.Lookup[(int)(buffer >> (64 - JpegHuffmanTable.LookupBits))];
            if (entry != 0)
            {
                int length = entry >> 8;
                buffer <<= length;
                bits -= length;
                return entry & 0xFF;
            }

            return LongSymbol(table, ref buffer, ref bits);
        }
    }

    private int LongSymbol(JpegHuffmanTable table, ref ulong buffer, ref int bits)
    {
        unchecked
        {
            int[] maxCode = table.MaxCode;
            for (int length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
            {
                int code = (int)(buffer >> (64 - length));
                if (code <= maxCode[length])
                {
                    buffer <<= length;
                    bits -= length;
                    return table.Values[table.ValueOffset[length] + code];
                }
            }

            throw new JpegFormatException("Invalid Huffman code in entropy-coded data.", _position);
        }
    }

    /// <summary>
    /// Ends a restart interval: drops the padding bits, skips any bytes before the next marker
    /// and consumes it, which must be RSTn with n = <paramref name="expected"/>.
    /// </summary>
    public void ReadRestartMarker(int expected)
    {
        // Bytes already in the buffer precede the marker; the marker itself is never buffered.
        _buffer = 0;
        _bits = 0;
        _phantom = 0;
        _atMarker = false;
        int p = _position;
        while (true)
        {
            if (p + 1 >= _end)
            {
                throw new JpegFormatException(
                    string.Format(CultureInfo.InvariantCulture, "Expected restart marker RST{0} but the scan data ended.", expected), p);
            }

            if (_data[p] == 0xFF && _data[p + 1] != 0x00 && _data[p + 1] != 0xFF)
            {
                break;
            }

            p++;
        }

        int marker = _data[p + 1];
        if (marker != 0xD0 + expected)
        {
            throw new JpegFormatException(
                string.Format(CultureInfo.InvariantCulture, "Expected restart marker RST{0} but found marker 0x{1:X2} (lost or corrupt data).", expected, marker), p);
        }

        _position = p + 2;
    }

    private void Fill()
    {
        unchecked
        {
            while (_bits <= 56)
            {
                uint b;
                if (_atMarker || _position >= _end)
                {
                    b = 0;
                    _phantom += 8;
                }
                else
                {
                    b = _data[_position];
                    if (b == 0xFF)
                    {
                        if (_position + 1 < _end && _data[_position + 1] == 0x00)
                        {
                            _position += 2;
                        }
                        else
                        {
                            // A marker (or fill bytes before one): stop here and feed zeros.
                            _atMarker = true;
                            b = 0;
                            _phantom += 8;
                        }
                    }
                    else
                    {
                        _position++;
                    }
                }

                _buffer |= (ulong)b << (56 - _bits);
                _bits += 8;
            }
        }
    }
}
