// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: a full collection is asked for only when the older generations outgrew their margin, as seen after a young collection.</summary>
/// <remarks>Alone, not beside other tests: the heap size it reads is the whole process's.</remarks>
[Collection(nameof(ManagedHeapBoundTests))]
public sealed class ManagedHeapBoundTests
{
    [Fact]
    public void Check_CollectsOnlyAfterTheHeapGrewByTheMargin()
    {
        GC.Collect();
        long before = GC.GetTotalMemory(forceFullCollection: false);
        var bound = new ManagedHeapBound(margin: 8L * 1024 * 1024);
        int fullBefore = GC.CollectionCount(GC.MaxGeneration);
        Assert.False(bound.Check());

        // Alive: past the margin and past the heap held before, whatever the collector did meanwhile.
        byte[][] held = new byte[(int)Math.Max(24, (before / (1024 * 1024)) + 16)][];
        for (int i = 0; i < held.Length; i++)
        {
            held[i] = new byte[1024 * 1024];
            held[i][0] = 1;
        }

        GC.Collect(0); // the collector's own young collection, on its schedule
        Assert.True(bound.Check());
        Assert.Equal(1, bound.Collections);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullBefore);
        GC.Collect(0);
        Assert.False(bound.Check()); // measured again after the collection: what is alive now is the new base
        Assert.Equal(1, bound.Collections);
        GC.KeepAlive(held);
    }

    [Fact]
    public void ALargeHeapHeldByTheSession_IsCollectedOnlyInProportionToIt()
    {
        byte[][] session = new byte[64][];
        for (int i = 0; i < session.Length; i++)
        {
            session[i] = new byte[1024 * 1024]; // 64 MB the session holds: each full collection marks it
            session[i][i] = 1;
        }

        var bound = new ManagedHeapBound(margin: 8L * 1024 * 1024);
        byte[][] more = new byte[12][];
        for (int i = 0; i < more.Length; i++)
        {
            more[i] = new byte[1024 * 1024]; // 12 MB more: past the margin, but not past a quarter of the 64 MB held
            more[i][i] = 1;
        }

        GC.Collect(0);
        Assert.False(bound.Check());
        Assert.Equal(0, bound.Collections);
        GC.KeepAlive(session);
        GC.KeepAlive(more);
    }

    [Fact]
    public void AMarginThatIsNotPositive_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedHeapBound(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagedHeapBound(-1));
    }
}

/// <summary>Runs <see cref="ManagedHeapBoundTests"/> after the parallel tests, on its own.</summary>
[CollectionDefinition(nameof(ManagedHeapBoundTests), DisableParallelization = true)]
public sealed class ManagedHeapBoundCollection
{
}
