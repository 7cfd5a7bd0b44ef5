// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Parses a baseline (SOF0) or extended 8- or 12-bit Huffman (SOF1) JPEG codestream, decodes every scan to quantized
/// coefficients and, when asked, re-encodes each scan after a callback changed coefficients. Everything is
/// bounded by the input: no allocation beyond what the entropy-coded bytes could describe, no unbounded loop.
/// </summary>
internal sealed class JpegCodestream
{
    /// <summary>At most this many blocks in a frame (2^24 blocks = 1 G samples; keeps every index in int).</summary>
    private const long MaxBlocks = 1L << 24;

    /// <summary>Largest coefficient array (in shorts) or output buffer (in bytes) kept per thread for the next call.</summary>
    private const int MaxPooled = 1 << 23;

    // Per-thread scratch for Transcode (its coefficients never escape): a cine loop then allocates little besides the output.
    [ThreadStatic]
    private static short[]?[]? _threadCoefficientPool;

    [ThreadStatic]
    private static JpegBitWriter? _threadWriter;

    private readonly byte[] _data;
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _dcEncode = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acEncode = new JpegHuffmanTable?[4];
    private readonly int[]?[] _quantTables = new int[]?[4];
    private readonly JpegBitReader _reader;
    private readonly JpegCodestreamEditor _editor = new();
    private readonly List<JpegDhtSegment> _dhtSinceScan = new();
    private int _restartInterval;

    private readonly bool _pooled;
    private int _scansEncoded;

    private JpegCodestream(byte[] data, bool pooled)
    {
        _pooled = pooled;
        _data = data;
        _reader = new JpegBitReader(data);
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public bool IsExtended { get; private set; }

    /// <summary>Sample precision P of the frame header: 8, or 12 for extended (SOF1) codestreams.</summary>
    public int Precision { get; private set; } = 8;

    public int MaxH { get; private set; }

    public int MaxV { get; private set; }

    public JpegFrameComponent[] Components { get; private set; } = Array.Empty<JpegFrameComponent>();

    /// <summary>True when an Adobe APP14 segment was seen; <see cref="AdobeTransform"/> is then its transform flag.</summary>
    public bool HasAdobe { get; private set; }

    public int AdobeTransform { get; private set; }

    public bool HasJfif { get; private set; }

    public int RestartInterval => _restartInterval;

    /// <summary>Offset just past EOI (or the end of the data when EOI is missing after a complete scan).</summary>
    public int End { get; private set; }

    public bool TablesRebuilt { get; private set; }

    /// <summary>Decodes every scan; the coefficients are then in <see cref="Components"/>.</summary>
    public static JpegCodestream Decode(byte[] data) => Run(data, null, null);

    /// <summary>
    /// Decodes every scan, lets <paramref name="changeScan"/> change the coefficients of each scan's components (after the
    /// header is known, before the scan is re-encoded), re-encodes, and returns the new codestream.
    /// </summary>
    public static byte[] Transcode(byte[] data, Action<JpegCodestream> onFrame, Action<JpegCodestream, JpegScan> changeScan, out JpegCodestream stream)
    {
        stream = Run(data, onFrame, changeScan);
        if (_threadWriter is not null && _threadWriter.Buffer.Length > MaxPooled)
        {
            _threadWriter = null;
        }

        return stream._editor.Apply(stream._data, stream.End);
    }

    private static JpegCodestream Run(byte[] data, Action<JpegCodestream>? onFrame, Action<JpegCodestream, JpegScan>? changeScan)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        var s = new JpegCodestream(data, pooled: changeScan is not null);
        s.Parse(onFrame, changeScan);
        return s;
    }

    private static string Hex(int marker) => "0xFF" + marker.ToString("X2", CultureInfo.InvariantCulture);

    private static int CeilDiv(long a, long b) => (int)((a + b - 1) / b);

    private void Parse(Action<JpegCodestream>? onFrame, Action<JpegCodestream, JpegScan>? changeScan)
    {
        byte[] d = _data;
        if (d.Length < 4 || d[0] != 0xFF || d[1] != 0xD8)
        {
            throw new JpegFormatException("Not a JPEG codestream (no SOI marker at byte 0).", 0);
        }

        int pos = 2;
        bool sawScan = false;
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes (B.1.1.2).
            if (pos >= d.Length)
            {
                if (sawScan)
                {
                    End = d.Length; // EOI missing after complete scans: the assembler appends it.
                    return;
                }

                throw new JpegFormatException("Codestream ends before the first scan.", pos);
            }

            if (d[pos] != 0xFF)
            {
                throw new JpegFormatException(string.Format(CultureInfo.InvariantCulture, "Expected a marker at byte {0}, found 0x{1:X2}.", pos, d[pos]), pos);
            }

            int markerStart = pos;
            while (pos < d.Length && d[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= d.Length)
            {
                throw new JpegFormatException("Codestream ends inside a marker.", markerStart);
            }

            int marker = d[pos++];
            markerStart = pos - 2;
            if (marker == 0xD9)
            {
                if (!sawScan)
                {
                    throw new JpegFormatException("EOI before any scan.", markerStart);
                }

                End = pos;
                return;
            }

            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            {
                continue; // TEM or a stray RSTn: no length, nothing to do
            }

            if (marker == 0xD8)
            {
                throw new JpegFormatException("Second SOI marker.", markerStart);
            }

            if (marker == 0x00)
            {
                throw new JpegFormatException("Invalid marker 0xFF00 outside entropy-coded data.", markerStart);
            }

            if (pos + 2 > d.Length)
            {
                throw new JpegFormatException("Segment " + Hex(marker) + " is truncated before its length.", markerStart);
            }

            int length = (d[pos] << 8) | d[pos + 1];
            if (length < 2 || pos + length > d.Length)
            {
                throw new JpegFormatException(
                    string.Format(CultureInfo.InvariantCulture, "Segment {0} declares {1} bytes but {2} remain.", Hex(marker), length, d.Length - pos), markerStart);
            }

            int body = pos + 2;
            int bodyEnd = pos + length;
            switch (marker)
            {
                case 0xC0:
                case 0xC1:
                    if (Components.Length != 0)
                    {
                        throw new JpegFormatException("Second frame header (SOF).", markerStart);
                    }

                    IsExtended = marker == 0xC1;
                    ReadFrameHeader(body, bodyEnd, markerStart);
                    onFrame?.Invoke(this);
                    break;
                case 0xC2:
                    throw new NotSupportedException("Progressive JPEG (SOF2) is not supported; only baseline (SOF0) and extended 8-bit Huffman (SOF1) can be redacted in the DCT domain.");
                case 0xC3:
                    throw new NotSupportedException("Lossless JPEG (SOF3) is not a DCT codestream; it is not handled by the baseline redactor.");
                case 0xC5:
                case 0xC6:
                case 0xC7:
                case 0xDE:
                case 0xDF:
                    throw new NotSupportedException("Hierarchical JPEG (" + Hex(marker) + ") is not supported.");
                case 0xC9:
                case 0xCA:
                case 0xCB:
                case 0xCD:
                case 0xCE:
                case 0xCF:
                case 0xCC:
                    throw new NotSupportedException("Arithmetic-coded JPEG (" + Hex(marker) + ") is not supported.");
                case 0xDC:
                    throw new NotSupportedException("JPEG with a DNL marker (height defined after the scan) is not supported.");
                case 0xC4:
                    ReadHuffmanTables(body, bodyEnd, markerStart);
                    break;
                case 0xDB:
                    ReadQuantTables(body, bodyEnd);
                    break;
                case 0xDD:
                    if (length != 4)
                    {
                        throw new JpegFormatException("DRI segment length is not 4.", markerStart);
                    }

                    _restartInterval = (d[body] << 8) | d[body + 1];
                    break;
                case 0xDA:
                    {
                        if (Components.Length == 0)
                        {
                            throw new JpegFormatException("Scan (SOS) before the frame header (SOF).", markerStart);
                        }

                        JpegScan scan = ReadScanHeader(body, bodyEnd, markerStart);
                        DecodeScan(scan);
                        if (changeScan is not null)
                        {
                            changeScan(this, scan);
                            EncodeScan(scan);
                        }

                        sawScan = true;
                        _dhtSinceScan.Clear();
                        pos = scan.DataEnd;
                        continue;
                    }

                case 0xEE:
                    if (length >= 14 && d[body] == (byte)'A' && d[body + 1] == (byte)'d' && d[body + 2] == (byte)'o' && d[body + 3] == (byte)'b' && d[body + 4] == (byte)'e')
                    {
                        HasAdobe = true;
                        AdobeTransform = d[body + 11];
                    }

                    break;
                case 0xE0:
                    if (length >= 7 && d[body] == (byte)'J' && d[body + 1] == (byte)'F' && d[body + 2] == (byte)'I' && d[body + 3] == (byte)'F' && d[body + 4] == 0)
                    {
                        HasJfif = true;
                    }

                    break;
                default:
                    break; // APPn, COM, JPGn and reserved markers: passed through unchanged
            }

            pos = bodyEnd;
        }
    }

    private void ReadFrameHeader(int p, int end, int markerStart)
    {
        byte[] d = _data;
        if (end - p < 6)
        {
            throw new JpegFormatException("Frame header is too short.", markerStart);
        }

        int precision = d[p];
        int height = (d[p + 1] << 8) | d[p + 2];
        int width = (d[p + 3] << 8) | d[p + 4];
        int count = d[p + 5];
        if (precision != 8 && !(precision == 12 && IsExtended))
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, "{0}-bit JPEG is not supported; only 8-bit (SOF0, SOF1) and 12-bit extended (SOF1) samples can be redacted in the DCT domain.", precision));
        }

        Precision = precision;

        if (height == 0)
        {
            throw new NotSupportedException("JPEG with height 0 in the frame header (defined later by DNL) is not supported.");
        }

        if (width == 0)
        {
            throw new JpegFormatException("Frame width is 0.", markerStart);
        }

        if (count != 1 && count != 3)
        {
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, "JPEG with {0} components is not supported (1 or 3).", count));
        }

        if (end - p != 6 + (3 * count))
        {
            throw new JpegFormatException("Frame header length does not match its component count.", markerStart);
        }

        int maxH = 1, maxV = 1;
        for (int i = 0; i < count; i++)
        {
            int b = d[p + 6 + (3 * i) + 1];
            int h = b >> 4, v = b & 15;
            if (h < 1 || h > 4 || v < 1 || v > 4)
            {
                throw new JpegFormatException("Component sampling factor outside 1..4.", markerStart);
            }

            if (d[p + 6 + (3 * i) + 2] > 3)
            {
                throw new JpegFormatException("Quantization table selector outside 0..3.", markerStart);
            }

            for (int j = 0; j < i; j++)
            {
                if (d[p + 6 + (3 * j)] == d[p + 6 + (3 * i)])
                {
                    throw new JpegFormatException("Two frame components have the same identifier.", markerStart);
                }
            }

            maxH = Math.Max(maxH, h);
            maxV = Math.Max(maxV, v);
        }

        int mcusPerLine = CeilDiv(width, 8L * maxH);
        int mcuRows = CeilDiv(height, 8L * maxV);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            int b = d[p + 6 + (3 * i) + 1];
            total += (long)mcusPerLine * (b >> 4) * mcuRows * (b & 15);
        }

        // Every coded block takes at least two bits (a DC and an AC code), so the rest of the file bounds the frame size.
        long possible = (4L * (_data.Length - end)) + 64;
        if (total > possible || total > MaxBlocks)
        {
            throw new JpegFormatException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Frame of {0} x {1} needs {2} blocks but the remaining {3} bytes can hold at most {4} (limit {5}).",
                    width,
                    height,
                    total,
                    _data.Length - end,
                    possible,
                    MaxBlocks),
                markerStart);
        }

        var components = new JpegFrameComponent[count];
        for (int i = 0; i < count; i++)
        {
            int q = p + 6 + (3 * i);
            int h = d[q + 1] >> 4, v = d[q + 1] & 15;
            int bpl = mcusPerLine * h, rows = mcuRows * v;
            components[i] = new JpegFrameComponent
            {
                Index = i,
                Id = d[q],
                H = h,
                V = v,
                QuantTableId = d[q + 2],
                Width = CeilDiv((long)width * h, maxH),
                Height = CeilDiv((long)height * v, maxV),
                BlocksPerLine = bpl,
                BlockRows = rows,
                Coefficients = RentCoefficients(i, bpl * rows * 64),
            };
        }

        Width = width;
        Height = height;
        MaxH = maxH;
        MaxV = maxV;
        Components = components;
    }

    /// <summary>A zeroed array of at least <paramref name="length"/> shorts: reused per thread when transcoding, else new.</summary>
    private short[] RentCoefficients(int index, int length)
    {
        if (!_pooled)
        {
            return new short[length];
        }

        short[]?[] pool = _threadCoefficientPool ??= new short[]?[3];
        short[]? array = pool[index];
        if (array is null || array.Length < length)
        {
            array = new short[length];
            pool[index] = length <= MaxPooled ? array : null;
        }
        else
        {
            Array.Clear(array, 0, length);
        }

        return array;
    }

    private void ReadHuffmanTables(int p, int end, int markerStart)
    {
        byte[] d = _data;
        var segment = new JpegDhtSegment(markerStart, end);
        _dhtSinceScan.Add(segment);
        while (p < end)
        {
            int start = p;
            int tc = d[p] >> 4, th = d[p] & 15;
            if (tc > 1 || th > 3)
            {
                throw new JpegFormatException("Huffman table class or identifier out of range.", start);
            }

            if (end - p < 17)
            {
                throw new JpegFormatException("Huffman table definition is truncated.", start);
            }

            var counts = new byte[17];
            int total = 0;
            for (int l = 1; l <= 16; l++)
            {
                counts[l] = d[p + l];
                total += counts[l];
            }

            p += 17;
            if (total > 256 || end - p < total)
            {
                throw new JpegFormatException("Huffman table declares more symbols than its segment holds.", start);
            }

            var values = new byte[total];
            Buffer.BlockCopy(d, p, values, 0, total);
            p += total;
            JpegHuffmanTable table = JpegHuffmanTable.Create(counts, values, start);
            segment.Tables.Add(new JpegDhtEntry(tc, th, table));
            if (tc == 0)
            {
                _dcTables[th] = table;
                _dcEncode[th] = table;
            }
            else
            {
                _acTables[th] = table;
                _acEncode[th] = table;
            }
        }
    }

    private void ReadQuantTables(int p, int end)
    {
        byte[] d = _data;
        while (p < end)
        {
            int start = p;
            int pq = d[p] >> 4, tq = d[p] & 15;
            if (pq > 1 || tq > 3)
            {
                throw new JpegFormatException("Quantization table precision or identifier out of range.", start);
            }

            int size = pq == 0 ? 64 : 128;
            p++;
            if (end - p < size)
            {
                throw new JpegFormatException("Quantization table definition is truncated.", start);
            }

            var table = new int[64];
            for (int k = 0; k < 64; k++)
            {
                table[k] = pq == 0 ? d[p + k] : (d[p + (2 * k)] << 8) | d[p + (2 * k) + 1];
            }

            p += size;
            _quantTables[tq] = table;
        }
    }

    private JpegScan ReadScanHeader(int p, int end, int markerStart)
    {
        byte[] d = _data;
        int count = end - p >= 1 ? d[p] : 0;
        if (count < 1 || count > 4 || end - p != 4 + (2 * count))
        {
            throw new JpegFormatException("Scan header length does not match its component count.", markerStart);
        }

        var components = new JpegFrameComponent[count];
        var dcIds = new int[count];
        var acIds = new int[count];
        for (int i = 0; i < count; i++)
        {
            int id = d[p + 1 + (2 * i)];
            JpegFrameComponent? c = null;
            foreach (JpegFrameComponent fc in Components)
            {
                if (fc.Id == id)
                {
                    c = fc;
                }
            }

            if (c is null)
            {
                throw new JpegFormatException("Scan names a component that the frame does not define.", markerStart);
            }

            if (c.Decoded || Array.IndexOf(components, c) >= 0)
            {
                throw new JpegFormatException("A component is coded twice (baseline allows one scan per component).", markerStart);
            }

            int t = d[p + 2 + (2 * i)];
            dcIds[i] = t >> 4;
            acIds[i] = t & 15;
            if (dcIds[i] > 3 || acIds[i] > 3)
            {
                throw new JpegFormatException("Huffman table selector outside 0..3.", markerStart);
            }

            if (_dcTables[dcIds[i]] is null || _acTables[acIds[i]] is null)
            {
                throw new JpegFormatException("Scan uses a Huffman table that was not defined.", markerStart);
            }

            c.QuantTable = _quantTables[c.QuantTableId] ?? throw new JpegFormatException("Scan component uses a quantization table that was not defined.", markerStart);
            components[i] = c;
        }

        // Ss, Se, Ah/Al mean nothing in a sequential scan (T.81 B.2.3: 0, 63, 0) and are ignored, as libjpeg and GDCM
        // ignore them: some encoders write Se = 0 (pydicom's JPEG-lossy.dcm). The SOS bytes are copied unchanged.

        var blockComponent = new List<int>();
        var dx = new List<int>();
        var dy = new List<int>();
        var scaleX = new int[count];
        var scaleY = new int[count];
        int mcusPerLine, mcuRows;
        if (count == 1)
        {
            JpegFrameComponent c = components[0];
            mcusPerLine = CeilDiv(c.Width, 8);
            mcuRows = CeilDiv(c.Height, 8);
            scaleX[0] = scaleY[0] = 1;
            blockComponent.Add(0);
            dx.Add(0);
            dy.Add(0);
        }
        else
        {
            mcusPerLine = CeilDiv(Width, 8L * MaxH);
            mcuRows = CeilDiv(Height, 8L * MaxV);
            for (int i = 0; i < count; i++)
            {
                scaleX[i] = components[i].H;
                scaleY[i] = components[i].V;
                for (int v = 0; v < components[i].V; v++)
                {
                    for (int h = 0; h < components[i].H; h++)
                    {
                        blockComponent.Add(i);
                        dx.Add(h);
                        dy.Add(v);
                    }
                }
            }

            if (blockComponent.Count > 10)
            {
                throw new JpegFormatException("An MCU of the interleaved scan has more than 10 blocks.", markerStart);
            }
        }

        return new JpegScan
        {
            Components = components,
            DcTableIds = dcIds,
            AcTableIds = acIds,
            McusPerLine = mcusPerLine,
            McuRows = mcuRows,
            BlockComponent = blockComponent.ToArray(),
            BlockDx = dx.ToArray(),
            BlockDy = dy.ToArray(),
            ScaleX = scaleX,
            ScaleY = scaleY,
            HeaderStart = markerStart,
            DataStart = end,
            DataEnd = FindScanEnd(end),
        };
    }

    /// <summary>The offset of the first marker after the entropy-coded data that is not RSTn (or the end of the data).</summary>
    private int FindScanEnd(int p)
    {
        byte[] d = _data;
        while (true)
        {
            int i = Array.IndexOf(d, (byte)0xFF, p);
            if (i < 0 || i + 1 >= d.Length)
            {
                return d.Length;
            }

            byte next = d[i + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
            {
                p = i + 2;
            }
            else if (next == 0xFF)
            {
                p = i + 1;
            }
            else
            {
                return i;
            }
        }
    }

    private void DecodeScan(JpegScan scan)
    {
        _reader.Reset(scan.DataStart, scan.DataEnd);
        int n = scan.Components.Length;
        var dc = new JpegHuffmanTable[n];
        var ac = new JpegHuffmanTable[n];
        for (int i = 0; i < n; i++)
        {
            dc[i] = _dcTables[scan.DcTableIds[i]]!;
            ac[i] = _acTables[scan.AcTableIds[i]]!;
        }

        var decoder = new JpegDecodeVisitor(_reader, dc, ac);
        JpegScanCoder.Run(scan, _restartInterval, ref decoder);
        foreach (JpegFrameComponent c in scan.Components)
        {
            c.Decoded = true;
        }
    }

    private void EncodeScan(JpegScan scan)
    {
        int capacity = Math.Max(1024, scan.DataEnd - scan.DataStart + ((scan.DataEnd - scan.DataStart) / 8));
        JpegBitWriter writer;
        if (_pooled && _scansEncoded == 0)
        {
            // Only the first scan's buffer is reused: each scan's output is referenced until the edits are applied.
            writer = _threadWriter ??= new JpegBitWriter(capacity);
            writer.Clear();
            writer.EnsureCapacity(capacity);
        }
        else
        {
            writer = new JpegBitWriter(capacity);
        }

        _scansEncoded++;
        if (!Encode(scan, writer))
        {
            JpegHuffmanOptimizer.Rebuild(scan, _restartInterval, _dcEncode, _acEncode, _dhtSinceScan, _editor);
            TablesRebuilt = true;
            writer.Clear();
            if (!Encode(scan, writer))
            {
                throw new InvalidOperationException("Rebuilt Huffman tables lack a symbol (internal error).");
            }
        }

        writer.Flush();
        _editor.Replace(scan.DataStart, scan.DataEnd, writer.Buffer, writer.Length);
    }

    /// <summary>Encodes the scan with the current encoding tables; false when a symbol has no code.</summary>
    private bool Encode(JpegScan scan, JpegBitWriter writer)
    {
        int n = scan.Components.Length;
        var dc = new JpegHuffmanTable[n];
        var ac = new JpegHuffmanTable[n];
        for (int i = 0; i < n; i++)
        {
            dc[i] = _dcEncode[scan.DcTableIds[i]]!;
            ac[i] = _acEncode[scan.AcTableIds[i]]!;
        }

        var encoder = new JpegEncodeVisitor(writer, dc, ac);
        return JpegScanCoder.Run(scan, _restartInterval, ref encoder);
    }
}
