// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: the resume set's hashes in small chunks, never on the large object heap, with HashSet's answers.</summary>
public sealed class ChunkedHashSet64Tests
{
    [Fact]
    public void ManyValues_AcrossSeveralGrowths_AnswerAsAHashSetDoes()
    {
        var random = new Random(13);
        var set = new ChunkedHashSet64();
        var expected = new HashSet<ulong>();
        var buffer = new byte[8];
        for (int i = 0; i < 50_000; i++)
        {
            random.NextBytes(buffer);
            ulong value = i % 5 == 0 ? (ulong)(i / 5) : BitConverter.ToUInt64(buffer, 0); // small, alike low bits too
            Assert.Equal(expected.Add(value), set.Add(value));
        }

        Assert.Equal(expected.Count, set.Count);
        foreach (ulong value in expected)
        {
            Assert.True(set.Contains(value));
        }

        for (int i = 0; i < 50_000; i++)
        {
            random.NextBytes(buffer);
            ulong probe = BitConverter.ToUInt64(buffer, 0);
            Assert.Equal(expected.Contains(probe), set.Contains(probe));
            Assert.Equal(expected.Contains((ulong)i + 20_000), set.Contains((ulong)i + 20_000));
        }
    }

    [Fact]
    public void Zero_IsAValueLikeAnyOther()
    {
        var set = new ChunkedHashSet64();
        Assert.False(set.Contains(0));
        Assert.True(set.Add(1));
        Assert.False(set.Contains(0));
        Assert.True(set.Add(0));
        Assert.False(set.Add(0));
        Assert.True(set.Contains(0));
        Assert.True(set.Contains(1));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void AddingADuplicate_ReturnsFalse_AndKeepsTheCount()
    {
        var set = new ChunkedHashSet64();
        Assert.True(set.Add(ulong.MaxValue));
        Assert.False(set.Add(ulong.MaxValue));
        Assert.Equal(1, set.Count);
    }
}
