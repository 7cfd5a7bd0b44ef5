// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>One table of a DHT segment: class (0 DC, 1 AC), identifier and the table.</summary>
internal readonly struct JpegDhtEntry
{
    public JpegDhtEntry(int tableClass, int id, JpegHuffmanTable table)
    {
        Class = tableClass;
        Id = id;
        Table = table;
    }

    public int Class { get; }

    public int Id { get; }

    public JpegHuffmanTable Table { get; }
}

/// <summary>A DHT segment (marker to end) and the tables it defines, in order.</summary>
internal sealed class JpegDhtSegment
{
    public JpegDhtSegment(int start, int end)
    {
        Start = start;
        End = end;
    }

    public int Start { get; }

    public int End { get; }

    public List<JpegDhtEntry> Tables { get; } = new();

    /// <summary>True when a table was replaced: the segment is written again.</summary>
    public bool Modified { get; set; }
}
