// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Byte-range replacements of a codestream (re-encoded scans, rewritten or inserted DHT segments), applied in one copy:
/// everything not replaced is copied unchanged; bytes after EOI are dropped and a missing EOI is added.
/// </summary>
internal sealed class JpegCodestreamEditor
{
    private readonly List<Edit> _edits = new();

    /// <summary>Replaces [<paramref name="start"/>, <paramref name="end"/>) by the first <paramref name="count"/> bytes of <paramref name="buffer"/> (an insertion when start = end).</summary>
    public void Replace(int start, int end, byte[] buffer, int count) => _edits.Add(new Edit(start, end, buffer, count));

    /// <summary>The edited codestream: <paramref name="data"/> up to <paramref name="end"/> (just past EOI) with the edits applied.</summary>
    public byte[] Apply(byte[] data, int end)
    {
        _edits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        long size = end;
        foreach (Edit e in _edits)
        {
            size += e.Count - (e.End - e.Start);
        }

        bool appendEoi = end == data.Length && (end < 2 || data[end - 2] != 0xFF || data[end - 1] != 0xD9);
        if (appendEoi)
        {
            size += 2;
        }

        byte[] output = new byte[size];
        int src = 0, dst = 0;
        foreach (Edit e in _edits)
        {
            Buffer.BlockCopy(data, src, output, dst, e.Start - src);
            dst += e.Start - src;
            Buffer.BlockCopy(e.Buffer, 0, output, dst, e.Count);
            dst += e.Count;
            src = e.End;
        }

        Buffer.BlockCopy(data, src, output, dst, end - src);
        dst += end - src;
        if (appendEoi)
        {
            output[dst++] = 0xFF;
            output[dst] = 0xD9;
        }

        return output;
    }

    private readonly struct Edit
    {
        public Edit(int start, int end, byte[] buffer, int count)
        {
            Start = start;
            End = end;
            Buffer = buffer;
            Count = count;
        }

        public int Start { get; }

        public int End { get; }

        public byte[] Buffer { get; }

        public int Count { get; }
    }
}
