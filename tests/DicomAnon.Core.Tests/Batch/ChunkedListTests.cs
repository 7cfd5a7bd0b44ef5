// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: the per-file records of a long batch in small chunks, never one large array.</summary>
public sealed class ChunkedListTests
{
    [Fact]
    public void Items_AcrossChunkBoundaries_ReadBackInOrder_AndSetInPlace()
    {
        var list = new ChunkedList<long>();
        int n = (3 * ChunkedList<long>.ChunkLength) + 5;
        for (int i = 0; i < n; i++)
        {
            list.Add(i * 7L);
        }

        Assert.Equal(n, list.Count);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i * 7L, list[i]);
        }

        list[ChunkedList<long>.ChunkLength] = -1; // the first item of the second chunk, through the reference
        Assert.Equal(-1, list[ChunkedList<long>.ChunkLength]);
        Assert.Equal((ChunkedList<long>.ChunkLength - 1) * 7L, list[ChunkedList<long>.ChunkLength - 1]);
    }

    [Fact]
    public void AnIndexOutsideTheItems_Throws()
    {
        var list = new ChunkedList<int>();
        list.Add(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
