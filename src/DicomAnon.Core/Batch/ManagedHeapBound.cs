// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Keeps a long batch's managed heap within a fixed margin of what it last held after a full collection. A batch's
/// files live just long enough (parsed ahead, written behind) to be promoted, so the collector's own schedule lets the
/// oldest generation fill with finished files for tens of thousands of files before it looks there: at 100,000 small
/// files the heap reached about 115 MB with less than half of it alive. A full, compacting collection is asked for
/// only when the heap has grown by <see cref="Margin"/>, or by as much as it then held if that is more, since the last
/// one: a run pays for one per tens of MB it allocates, never one per file, and a session that holds a large heap of its
/// own (which each full collection must mark) is collected no more often than in proportion to it.
/// </summary>
/// <remarks>Called from the pipeline thread only.</remarks>
internal sealed class ManagedHeapBound
{
    /// <summary>The default margin: above the first generation's budget (which alone is about 20 MB on a 32 MB L3 cache).</summary>
    public const long DefaultMargin = 48L * 1024 * 1024;

    private long _limit;

    public ManagedHeapBound(long margin = DefaultMargin)
    {
        if (margin <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), "The margin must be positive.");
        }

        Margin = margin;
        long now = GC.GetTotalMemory(forceFullCollection: false);
        _limit = now + Math.Max(margin, now);
    }

    /// <summary>How far the heap may grow past its size after the last full collection (at least; see the remarks above).</summary>
    public long Margin { get; }

    /// <summary>The full collections this bound asked for.</summary>
    public int Collections { get; private set; }

    /// <summary>After a file: a full collection when the heap outgrew the margin; true when one ran.</summary>
    public bool Check()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) <= _limit)
        {
            return false;
        }

        // The large object heap is swept, not compacted, by default: its outgrown arrays would leave holes that only
        // a larger heap can work around. This collection is rare enough to compact it too.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        Collections++;
        long after = GC.GetTotalMemory(forceFullCollection: false);
        _limit = after + Math.Max(Margin, after);
        return true;
    }
}
