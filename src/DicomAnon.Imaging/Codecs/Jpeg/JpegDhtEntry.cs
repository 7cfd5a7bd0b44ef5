// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

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
