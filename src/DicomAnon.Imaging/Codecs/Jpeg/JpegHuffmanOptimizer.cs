// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// When a changed scan needs a symbol its Huffman table has no code for (typically an optimised table that never saw a
/// flat black block), builds optimal tables from the scan's symbol counts (T.81 K.2) for the tables that lack one, and
/// records the DHT edits: a table defined since the previous scan is replaced in its own segment (the file keeps its
/// segment layout); a table defined before an earlier scan is redefined in a new DHT segment inserted before this scan.
/// </summary>
internal static class JpegHuffmanOptimizer
{
    /// <summary>Rebuilds the encoding tables of <paramref name="scan"/> that lack a code; the caller encodes again.</summary>
    public static void Rebuild(JpegScan scan, int restartInterval, JpegHuffmanTable?[] dcEncode, JpegHuffmanTable?[] acEncode, List<JpegDhtSegment> dhtSinceScan, JpegCodestreamEditor editor)
    {
        int n = scan.Components.Length;
        long[][] dcStats = new long[4][];
        long[][] acStats = new long[4][];
        long[][] dcCount = new long[n][];
        long[][] acCount = new long[n][];
        for (int i = 0; i < n; i++)
        {
            dcCount[i] = dcStats[scan.DcTableIds[i]] ??= new long[256];
            acCount[i] = acStats[scan.AcTableIds[i]] ??= new long[256];
        }

        var counter = new JpegCountVisitor(dcCount, acCount);
        JpegScanCoder.Run(scan, restartInterval, ref counter);
        var inserted = new List<JpegDhtEntry>();
        for (int id = 0; id < 4; id++)
        {
            if (dcStats[id] is long[] ds && Lacks(dcEncode[id]!, ds))
            {
                dcEncode[id] = JpegHuffmanTable.BuildOptimal(ds);
                ReplaceOrInsert(new JpegDhtEntry(0, id, dcEncode[id]!), dhtSinceScan, inserted);
            }

            if (acStats[id] is long[] st && Lacks(acEncode[id]!, st))
            {
                acEncode[id] = JpegHuffmanTable.BuildOptimal(st);
                ReplaceOrInsert(new JpegDhtEntry(1, id, acEncode[id]!), dhtSinceScan, inserted);
            }
        }

        foreach (JpegDhtSegment segment in dhtSinceScan)
        {
            if (segment.Modified)
            {
                byte[] bytes = BuildDht(segment.Tables);
                editor.Replace(segment.Start, segment.End, bytes, bytes.Length);
            }
        }

        if (inserted.Count > 0)
        {
            byte[] dht = BuildDht(inserted);
            editor.Replace(scan.HeaderStart, scan.HeaderStart, dht, dht.Length);
        }
    }

    private static void ReplaceOrInsert(JpegDhtEntry entry, List<JpegDhtSegment> dhtSinceScan, List<JpegDhtEntry> inserted)
    {
        for (int i = dhtSinceScan.Count - 1; i >= 0; i--)
        {
            List<JpegDhtEntry> tables = dhtSinceScan[i].Tables;
            for (int j = tables.Count - 1; j >= 0; j--)
            {
                if (tables[j].Class == entry.Class && tables[j].Id == entry.Id)
                {
                    tables[j] = entry;
                    dhtSinceScan[i].Modified = true;
                    return;
                }
            }
        }

        inserted.Add(entry);
    }

    private static byte[] BuildDht(List<JpegDhtEntry> tables)
    {
        byte[] dht = new byte[4 + (tables.Count * (17 + 256))];
        int p = 4;
        foreach (JpegDhtEntry e in tables)
        {
            e.Table.WriteDefinition(dht, ref p, e.Class, e.Id);
        }

        dht[0] = 0xFF;
        dht[1] = 0xC4;
        dht[2] = (byte)((p - 2) >> 8);
        dht[3] = (byte)((p - 2) & 0xFF);
        Array.Resize(ref dht, p);
        return dht;
    }

    private static bool Lacks(JpegHuffmanTable table, long[] stats)
    {
        for (int s = 0; s < 256; s++)
        {
            if (stats[s] != 0 && table.Sizes[s] == 0)
            {
                return true;
            }
        }

        return false;
    }
}
