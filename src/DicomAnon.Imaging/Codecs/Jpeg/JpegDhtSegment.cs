// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

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
