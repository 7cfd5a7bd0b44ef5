// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Keeps a long batch's managed heap within a small margin of what it last held after a full collection. A batch's
/// files live just long enough (parsed ahead, written behind) to be promoted, so the collector's own schedule lets the
/// oldest generation fill with finished files for tens of thousands of files before it looks there: at 100,000 small
/// files the heap reached about 115 MB with less than half of it alive, and every megabyte the heap holds is memory
/// the collector keeps committed. The older generations are measured right after each of the collector's own young
/// collections, when the youngest generation is empty: its budget (about 20 MB on a 32 MB L3 cache) is then not
/// counted, and the margin can be small. A full, compacting collection is asked for when they have grown by
/// <see cref="Margin"/>, or by a quarter of what the heap then held if that is more, since the last one: at 100,000
/// small files that is one every thousand files or so, and a session that holds a large heap of its own (which each full
/// collection must mark) is collected no more often than in proportion to it.
/// </summary>
/// <remarks>Called from the pipeline thread only.</remarks>
internal sealed class ManagedHeapBound
{
    /// <summary>The default margin.</summary>
    public const long DefaultMargin = 8L * 1024 * 1024;

    private long _limit;
    private int _youngCollections;

    public ManagedHeapBound(long margin = DefaultMargin)
    {
        if (margin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), "The margin must be positive.");
        }

        Margin = margin;
        _youngCollections = GC.CollectionCount(0);
        _limit = LimitAbove(GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>How far the heap may grow past its size after the last full collection (at least; see the remarks above).</summary>
    public long Margin { get; }

    /// <summary>The full collections this bound asked for.</summary>
    public int Collections { get; private set; }

    /// <summary>After a file: a full collection when the older generations outgrew the margin; true when one ran.</summary>
    public bool Check()
    {
        // Between young collections only the youngest generation grows, and it is not what this bound is for.
        int young = GC.CollectionCount(0);
        if (young == _youngCollections)
        {
            return false;
        }

        _youngCollections = young;
        if (GC.GetTotalMemory(forceFullCollection: false) <= _limit)
        {
            return false;
        }

        // The large object heap is swept, not compacted, by default: its outgrown arrays would leave holes that only
        // a larger heap can work around. This collection is rare enough to compact it too.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        Collections++;
        _youngCollections = GC.CollectionCount(0);
        _limit = LimitAbove(GC.GetTotalMemory(forceFullCollection: false));
        return true;
    }

    private long LimitAbove(long heap) => heap + Math.Max(Margin, heap / 4);
}
