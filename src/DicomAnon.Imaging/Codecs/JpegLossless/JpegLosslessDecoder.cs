// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Codecs.JpegLossless;

/// <summary>
/// Decoder for JPEG lossless, non-hierarchical, Huffman coded (ITU T.81 Annex H, process 14; SOF3):
/// predictors 1-7, point transform, restart intervals, precision 2-16, one to four components
/// (sampling factors 1x1), interleaved or one scan per component.
/// </summary>
internal static class JpegLosslessDecoder
{
    public static JpegLosslessImage Decode(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        return new Decoder(data).Run();
    }

    private static UnsupportedPixelDataException Bad(string what) => new("Lossless JPEG data is malformed: " + what + ".");

    private sealed class Huffman
    {
        public const int LookBits = 9;
        public readonly int[] MaxCode = new int[18];
        public readonly int[] ValPtr = new int[17];
        public readonly int[] MinCode = new int[17];
        public readonly byte[] Values;

        /// <summary>For each 9-bit prefix: code length (0 = longer code) in the high byte, symbol in the low byte.</summary>
        public readonly ushort[] Lookup = new ushort[1 << LookBits];

        public Huffman(byte[] counts, byte[] values)
        {
            Values = values;
            int code = 0, k = 0;
            for (int len = 1; len <= 16; len++)
            {
                ValPtr[len] = k;
                MinCode[len] = code;
                for (int n = 0; n < counts[len - 1]; n++, code++, k++)
                {
                    if (len <= LookBits && code < (1 << len))
                    {
                        int first = code << (LookBits - len), count = 1 << (LookBits - len);
                        for (int j = 0; j < count; j++)
                        {
                            Lookup[first + j] = (ushort)((len << 8) | values[k]);
                        }
                    }
                }

                MaxCode[len] = counts[len - 1] > 0 ? code - 1 : -1;
                code <<= 1;
            }

            MaxCode[17] = int.MaxValue;
        }
    }

    private sealed class Decoder
    {
        private readonly byte[] _d;
        private readonly Huffman?[] _tables = new Huffman?[4];
        private readonly int[] _componentIds = new int[4];
        private int _pos;
        private int _precision;
        private int _width;
        private int _height;
        private int _components;
        private int _restartInterval;
        private ushort[]? _samples;
        private bool[]? _decoded;
        private int _firstPredictor;
        private int _firstPt;
        private bool _sawScan;

        // Bit reader state.
        private ulong _bitBuffer;
        private int _bitCount;
        private bool _hitMarker;

        public Decoder(byte[] data) => _d = data;

        public JpegLosslessImage Run()
        {
            if (_d.Length < 4 || _d[0] != 0xFF || _d[1] != 0xD8)
            {
                throw Bad("no SOI marker");
            }

            _pos = 2;
            while (true)
            {
                int marker = NextMarker();
                if (marker == 0xD9)
                {
                    break;
                }

                if (marker is >= 0xD0 and <= 0xD7 or 0x01)
                {
                    continue;
                }

                if (_pos + 2 > _d.Length)
                {
                    throw Bad("truncated segment");
                }

                int len = (_d[_pos] << 8) | _d[_pos + 1];
                if (len < 2 || _pos + len > _d.Length)
                {
                    throw Bad("segment length outside the data");
                }

                int segStart = _pos + 2, segEnd = _pos + len;
                switch (marker)
                {
                    case 0xC3:
                        ReadFrameHeader(segStart, segEnd);
                        _pos = segEnd;
                        break;
                    case 0xC4:
                        ReadHuffmanTables(segStart, segEnd);
                        _pos = segEnd;
                        break;
                    case 0xDD:
                        _restartInterval = segEnd - segStart >= 2 ? (_d[segStart] << 8) | _d[segStart + 1] : throw Bad("short DRI");
                        _pos = segEnd;
                        break;
                    case 0xDA:
                        _pos = segEnd;
                        ReadScan(segStart, segEnd);
                        break;
                    case 0xDC:
                        _pos = segEnd; // DNL: height is already known from SOF in DICOM.
                        break;
                    case >= 0xC0 and <= 0xCF when marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                        throw new UnsupportedPixelDataException("The JPEG data is not lossless process 14 (SOF3).");
                    default:
                        _pos = segEnd; // APPn, COM, DQT, DAC...
                        break;
                }

                if (_pos >= _d.Length)
                {
                    break; // tolerate a missing EOI
                }
            }

            if (_samples is null || !_sawScan)
            {
                throw Bad("no frame or no scan");
            }

            if (Array.IndexOf(_decoded!, false) >= 0)
            {
                throw Bad("a component has no scan");
            }

            return new JpegLosslessImage(_width, _height, _components, _precision, _firstPredictor, _firstPt, _samples);
        }

        private int NextMarker()
        {
            while (_pos < _d.Length)
            {
                if (_d[_pos] != 0xFF)
                {
                    _pos++;
                    continue;
                }

                while (_pos < _d.Length && _d[_pos] == 0xFF)
                {
                    _pos++;
                }

                if (_pos >= _d.Length)
                {
                    break;
                }

                int m = _d[_pos++];
                if (m != 0)
                {
                    return m;
                }
            }

            return 0xD9;
        }

        private void ReadFrameHeader(int p, int end)
        {
            if (_samples is not null)
            {
                throw Bad("more than one frame header");
            }

            if (end - p < 6)
            {
                throw Bad("short SOF3");
            }

            _precision = _d[p];
            _height = (_d[p + 1] << 8) | _d[p + 2];
            _width = (_d[p + 3] << 8) | _d[p + 4];
            _components = _d[p + 5];
            if (_precision is < 2 or > 16 || _width == 0 || _height == 0 || _components is < 1 or > 4 || end - p < 6 + (3 * _components))
            {
                throw Bad("unsupported frame header (precision, size or components)");
            }

            long total = (long)_width * _height * _components;
            if (total > (_d.Length * 8L) + (1L << 20) && total > 16L * 1024 * 1024)
            {
                // Each sample takes at least one bit unless whole runs are zero-length codes; cap what garbage can make us allocate.
                throw Bad("frame size far larger than the data");
            }

            for (int c = 0; c < _components; c++)
            {
                _componentIds[c] = _d[p + 6 + (3 * c)];
                int hv = _d[p + 7 + (3 * c)];
                if (hv != 0x11)
                {
                    throw new UnsupportedPixelDataException("Lossless JPEG with subsampled components is not supported.");
                }
            }

            _samples = new ushort[total];
            _decoded = new bool[_components];
        }

        private void ReadHuffmanTables(int p, int end)
        {
            while (p < end)
            {
                if (p + 17 > end)
                {
                    throw Bad("short DHT");
                }

                int tc = _d[p] >> 4, th = _d[p] & 0x0F;
                if (tc != 0 || th > 3)
                {
                    throw Bad("DHT with an AC or out-of-range table");
                }

                var counts = new byte[16];
                Buffer.BlockCopy(_d, p + 1, counts, 0, 16);
                int n = 0;
                foreach (byte c in counts)
                {
                    n += c;
                }

                if (n > 256 || p + 17 + n > end)
                {
                    throw Bad("DHT with too many codes");
                }

                var values = new byte[n];
                Buffer.BlockCopy(_d, p + 17, values, 0, n);
                _tables[th] = new Huffman(counts, values);
                p += 17 + n;
            }
        }

        private void ReadScan(int p, int end)
        {
            if (_samples is null || _decoded is null)
            {
                throw Bad("scan before the frame header");
            }

            int ns = _d[p];
            if (ns < 1 || ns > _components || end - p < 1 + (2 * ns) + 3)
            {
                throw Bad("bad scan header");
            }

            var comps = new int[ns];
            var tables = new Huffman[ns];
            for (int i = 0; i < ns; i++)
            {
                int id = _d[p + 1 + (2 * i)];
                int ci = Array.IndexOf(_componentIds, id, 0, _components);
                if (ci < 0 || _decoded[ci] || Array.IndexOf(comps, ci, 0, i) >= 0)
                {
                    throw Bad("scan names an unknown or repeated component");
                }

                comps[i] = ci;
                int td = _d[p + 2 + (2 * i)] >> 4;
                tables[i] = (td < 4 ? _tables[td] : null) ?? throw Bad("scan uses an undefined Huffman table");
            }

            int q = p + 1 + (2 * ns);
            int predictor = _d[q];
            int pt = _d[q + 2] & 0x0F;
            if (predictor is < 1 or > 7 || pt >= _precision)
            {
                throw Bad("bad selection value or point transform");
            }

            if (!_sawScan)
            {
                _firstPredictor = predictor;
                _firstPt = pt;
                _sawScan = true;
            }

            DecodeScan(comps, tables, predictor, pt);
            foreach (int ci in comps)
            {
                _decoded[ci] = true;
            }
        }

        private void DecodeScan(int[] comps, Huffman[] tables, int predictor, int pt)
        {
            ushort[] s = _samples!;
            int nc = _components, ns = comps.Length, w = _width;
            int initial = 1 << (_precision - pt - 1);
            uint outMask = (1u << _precision) - 1;
            var prevRow = new int[ns][];
            var curRow = new int[ns][];
            for (int i = 0; i < ns; i++)
            {
                prevRow[i] = new int[w];
                curRow[i] = new int[w];
            }

            _bitBuffer = 0;
            _bitCount = 0;
            _hitMarker = false;
            int mcusLeft = _restartInterval;
            bool firstLine = true;
            int lineStartX = 0;
            for (int y = 0; y < _height; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    if (_restartInterval > 0)
                    {
                        if (mcusLeft == 0)
                        {
                            ProcessRestart();
                            mcusLeft = _restartInterval;
                            firstLine = true;
                            lineStartX = x;
                        }

                        mcusLeft--;
                    }

                    for (int i = 0; i < ns; i++)
                    {
                        int[] cur = curRow[i], prev = prevRow[i];
                        int pred;
                        if (firstLine)
                        {
                            // First line of the image or of a restart interval: 2^(P-Pt-1), then Ra (H.1.2.1).
                            pred = x == lineStartX ? initial : cur[x - 1];
                        }
                        else if (x == 0)
                        {
                            pred = prev[0];
                        }
                        else
                        {
                            int ra = cur[x - 1], rb = prev[x], rc = prev[x - 1];
                            pred = predictor switch
                            {
                                1 => ra,
                                2 => rb,
                                3 => rc,
                                4 => ra + rb - rc,
                                5 => ra + ((rb - rc) >> 1),
                                6 => rb + ((ra - rc) >> 1),
                                _ => (ra + rb) >> 1,
                            };
                        }

                        int diff = DecodeDiff(tables[i]);
                        int v = (pred + diff) & 0xFFFF;
                        cur[x] = v;
                        s[((((long)y * w) + x) * nc) + comps[i]] = (ushort)((uint)(v << pt) & outMask);
                    }
                }

                firstLine = false;
                lineStartX = 0;
                for (int i = 0; i < ns; i++)
                {
                    (prevRow[i], curRow[i]) = (curRow[i], prevRow[i]);
                }
            }

            // Leave _pos after the entropy-coded data: the next marker search finds what follows.
            SkipToMarker();
        }

        private int DecodeDiff(Huffman h)
        {
            Fill();
            int look = (int)(_bitBuffer >> (64 - Huffman.LookBits));
            int entry = h.Lookup[look];
            int ssss;
            if (entry != 0)
            {
                Skip(entry >> 8);
                ssss = entry & 0xFF;
            }
            else
            {
                int len = Huffman.LookBits + 1;
                int code = (int)(_bitBuffer >> (64 - len));
                while (code > h.MaxCode[len])
                {
                    len++;
                    if (len > 16)
                    {
                        throw Bad("invalid Huffman code");
                    }

                    code = (int)(_bitBuffer >> (64 - len));
                }

                int idx = h.ValPtr[len] + code - h.MinCode[len];
                if (idx < 0 || idx >= h.Values.Length)
                {
                    throw Bad("invalid Huffman code");
                }

                Skip(len);
                ssss = h.Values[idx];
            }

            if (ssss == 0)
            {
                return 0;
            }

            if (ssss == 16)
            {
                return 32768;
            }

            if (ssss > 16)
            {
                throw Bad("difference category above 16");
            }

            Fill();
            int bits = (int)(_bitBuffer >> (64 - ssss));
            Skip(ssss);
            return bits < (1 << (ssss - 1)) ? bits - (1 << ssss) + 1 : bits;
        }

        private void Skip(int n)
        {
            _bitBuffer = unchecked(_bitBuffer << n);
            _bitCount -= n;
        }

        /// <summary>Tops the buffer up to at least 32 bits (zeros past a marker or the end of the data).</summary>
        private void Fill()
        {
            while (_bitCount <= 56)
            {
                uint b = 0;
                if (!_hitMarker && _pos < _d.Length)
                {
                    byte v = _d[_pos];
                    if (v == 0xFF)
                    {
                        byte next = _pos + 1 < _d.Length ? _d[_pos + 1] : (byte)0xD9;
                        if (next == 0x00)
                        {
                            _pos += 2;
                            b = 0xFF;
                        }
                        else
                        {
                            _hitMarker = true; // leave _pos on the marker
                        }
                    }
                    else
                    {
                        _pos++;
                        b = v;
                    }
                }

                _bitBuffer |= (ulong)b << (56 - _bitCount);
                _bitCount += 8;
            }
        }

        private void ProcessRestart()
        {
            _bitCount = 0;
            _bitBuffer = 0;
            _hitMarker = false;
            SkipToMarker();
            if (_pos + 1 < _d.Length && _d[_pos] == 0xFF && _d[_pos + 1] is >= 0xD0 and <= 0xD7)
            {
                _pos += 2;
            }
            else
            {
                throw Bad("expected restart marker missing");
            }
        }

        private void SkipToMarker()
        {
            while (_pos + 1 < _d.Length && !(_d[_pos] == 0xFF && _d[_pos + 1] != 0x00 && _d[_pos + 1] != 0xFF))
            {
                _pos++;
            }

            while (_pos + 1 < _d.Length && _d[_pos] == 0xFF && _d[_pos + 1] == 0xFF)
            {
                _pos++;
            }
        }
    }
}
