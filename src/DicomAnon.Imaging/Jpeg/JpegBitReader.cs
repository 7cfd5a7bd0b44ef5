// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Globalization;

namespace DicomAnon.Imaging.Jpeg;

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

    /// <summary>Decodes one Huffman symbol.</summary>
    public int DecodeSymbol(JpegHuffmanTable table)
    {
        unchecked
        {
            if (_bits < 32)
            {
                Fill();
            }

            int entry = table.Lookup[(int)(_buffer >> (64 - JpegHuffmanTable.LookupBits))];
            if (entry != 0)
            {
                int length = entry >> 8;
                _buffer <<= length;
                _bits -= length;
                return entry & 0xFF;
            }

            int[] maxCode = table.MaxCode;
            for (int length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
            {
                int code = (int)(_buffer >> (64 - length));
                if (code <= maxCode[length])
                {
                    _buffer <<= length;
                    _bits -= length;
                    return table.Values[table.ValueOffset[length] + code];
                }
            }

            throw new JpegFormatException("Invalid Huffman code in entropy-coded data.", _position);
        }
    }

    /// <summary>RECEIVE(s) then EXTEND (F.2.2.1): the signed value of an s-bit magnitude category, 0 for s = 0.</summary>
    public int ReceiveExtend(int s)
    {
        unchecked
        {
            if (s == 0)
            {
                return 0;
            }

            if (_bits < s)
            {
                Fill();
            }

            int v = (int)(_buffer >> (64 - s));
            _buffer <<= s;
            _bits -= s;
            return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
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
