// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13: writes run behind the caller on one worker, in posting order, and come back in that order with their own errors.</summary>
public sealed class WriteBehindTests
{
    [Fact]
    public void Items_ComeBackInPostedOrder_WrittenInThatOrderOnAnotherThread()
    {
        var written = new ConcurrentQueue<int>();
        var threads = new ConcurrentBag<int>();
        var taken = new List<int>();
        using (var behind = new WriteBehind<int>(depth: 3))
        {
            for (int i = 0; i < 50; i++)
            {
                while (behind.IsFull)
                {
                    taken.Add(behind.Take(out Exception? error));
                    Assert.Null(error);
                }

                // Every fifth item has nothing to write: it still comes back in its place.
                behind.Post(i, i % 5 == 0 ? null : n =>
                {
                    threads.Add(Environment.CurrentManagedThreadId);
                    written.Enqueue(n);
                });
                Assert.True(behind.Pending <= 3);
            }

            while (behind.Pending > 0)
            {
                taken.Add(behind.Take(out Exception? error));
                Assert.Null(error);
            }
        }

        Assert.Equal(Range(0, 50), taken);
        Assert.Equal(Range(0, 50).FindAll(n => n % 5 != 0), new List<int>(written));
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threads);
    }

    [Fact]
    public void Write_RunsWhileTheCallerPreparesTheNextItem()
    {
        using var release = new ManualResetEventSlim(false);
        using var started = new ManualResetEventSlim(false);
        using var behind = new WriteBehind<string>(depth: 2);
        behind.Post("first", _ =>
        {
            started.Set();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
        });

        // The first write is under way and blocked, yet the caller goes on: it is not waiting for it.
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        Assert.False(behind.IsOldestDone);
        behind.Post("second", null);
        Assert.True(behind.IsFull);
        Assert.Throws<InvalidOperationException>(() => behind.Post("third", null));

        release.Set();
        Assert.Equal("first", behind.Take(out Exception? e1));
        Assert.Null(e1);
        Assert.True(behind.IsOldestDone);
        Assert.Equal("second", behind.Take(out Exception? e2));
        Assert.Null(e2);
        Assert.Throws<InvalidOperationException>(() => behind.Take(out _));
    }

    [Fact]
    public void FailedWrite_IsHandedBackForItsItemAlone_AndLaterItemsAreWritten()
    {
        var written = new List<int>();
        var errors = new Dictionary<int, Exception?>();
        using (var behind = new WriteBehind<int>(depth: 4))
        {
            for (int i = 0; i < 4; i++)
            {
                behind.Post(i, n =>
                {
                    if (n == 1)
                    {
                        throw new IOException("No space left on device (test).");
                    }

                    lock (written)
                    {
                        written.Add(n);
                    }
                });
            }

            for (int i = 0; i < 4; i++)
            {
                int item = behind.Take(out Exception? error);
                errors[item] = error;
            }
        }

        Assert.Equal(new[] { 0, 2, 3 }, written);
        Assert.IsType<IOException>(errors[1]);
        Assert.Null(errors[0]);
        Assert.Null(errors[2]);
        Assert.Null(errors[3]);
    }

    [Fact]
    public void Stop_FinishesTheWriteUnderWay_AndRunsNoLaterOne()
    {
        using var release = new ManualResetEventSlim(false);
        using var started = new ManualResetEventSlim(false);
        var ran = new ConcurrentQueue<int>();
        var behind = new WriteBehind<int>(depth: 3);
        behind.Post(0, n =>
        {
            started.Set();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
            ran.Enqueue(n);
        });
        behind.Post(1, n => ran.Enqueue(n));
        behind.Post(2, n => ran.Enqueue(n));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        behind.Stop(); // as Ctrl+C does, from another thread than the one that takes
        release.Set();
        Assert.Equal(0, behind.Take(out Exception? e0));
        Assert.Null(e0);
        Assert.Equal(1, behind.Take(out Exception? e1));
        Assert.IsType<OperationCanceledException>(e1);
        Assert.Equal(2, behind.Take(out Exception? e2));
        Assert.IsType<OperationCanceledException>(e2);
        behind.Dispose();
        Assert.Equal(new[] { 0 }, ran.ToArray());
    }

    [Fact]
    public void Dispose_WaitsForTheWriteUnderWay_SoNoWriteRunsAfterIt()
    {
        using var started = new ManualResetEventSlim(false);
        int finished = 0;
        int later = 0;
        var behind = new WriteBehind<int>(depth: 2);
        behind.Post(0, _ =>
        {
            started.Set();
            Thread.Sleep(200);
            Interlocked.Exchange(ref finished, 1);
        });
        behind.Post(1, _ => Interlocked.Exchange(ref later, 1));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        behind.Dispose();
        Assert.Equal(1, Volatile.Read(ref finished));
        Assert.Equal(0, Volatile.Read(ref later));
        Assert.Throws<ObjectDisposedException>(() => behind.Post(2, null));
    }

    [Fact]
    public void Depth_BelowOne_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehind<int>(depth: 0));

    private static List<int> Range(int start, int count)
    {
        var list = new List<int>();
        for (int i = start; i < start + count; i++)
        {
            list.Add(i);
        }

        return list;
    }
}
