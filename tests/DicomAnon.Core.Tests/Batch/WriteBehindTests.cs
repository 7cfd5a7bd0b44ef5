// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13: writes run behind the caller on one worker or more, and come back in posting order with their own errors.</summary>
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

    [Fact]
    public void Workers_BelowOne_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehind<int>(depth: 2, workers: 0));

    [Fact]
    public void TwoWorkers_WriteTwoItemsAtOnce_YetTheyAreTakenInPostedOrder()
    {
        using var release = new ManualResetEventSlim(false);
        using var bothStarted = new CountdownEvent(2);
        using var behind = new WriteBehind<int>(depth: 4, workers: 2);
        Assert.Equal(2, behind.Workers);
        var finished = new ConcurrentQueue<int>();
        behind.Post(0, n =>
        {
            bothStarted.Signal();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30))); // held until the second write has finished
            finished.Enqueue(n);
        });
        behind.Post(1, n =>
        {
            bothStarted.Signal();
            finished.Enqueue(n);
        });

        // Both writes began although the first is blocked: two run at once.
        Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(30)));
        SpinWait.SpinUntil(() => finished.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { 1 }, finished.ToArray());
        Assert.False(behind.IsOldestDone); // the oldest is still being written: its later neighbour waits behind it

        release.Set();
        Assert.Equal(0, behind.Take(out Exception? e0));
        Assert.Null(e0);
        Assert.Equal(1, behind.Take(out Exception? e1));
        Assert.Null(e1);
    }

    [Fact]
    public void TwoWorkers_ManyItems_EachWrittenOnce_TakenInOrder_ErrorsStayWithTheirItems()
    {
        var written = new ConcurrentDictionary<int, int>();
        var taken = new List<int>();
        var failed = new List<int>();
        using (var behind = new WriteBehind<int>(depth: 4, workers: 2))
        {
            for (int i = 0; i < 200; i++)
            {
                while (behind.IsFull)
                {
                    TakeOne(behind, taken, failed);
                }

                behind.Post(i, i % 7 == 0 ? null : n =>
                {
                    if (n % 13 == 0)
                    {
                        throw new IOException("No space left on device (test).");
                    }

                    Thread.SpinWait((n % 3) * 2000); // uneven lengths, so later items often finish first
                    written.AddOrUpdate(n, 1, (_, c) => c + 1);
                });
                Assert.True(behind.Pending <= 4);
            }

            while (behind.Pending > 0)
            {
                TakeOne(behind, taken, failed);
            }
        }

        Assert.Equal(Range(0, 200), taken);
        Assert.Equal(Range(0, 200).FindAll(n => n % 13 == 0 && n % 7 != 0), failed);
        foreach (int n in Range(0, 200))
        {
            bool writes = n % 7 != 0 && n % 13 != 0;
            Assert.Equal(writes ? 1 : 0, written.TryGetValue(n, out int count) ? count : 0);
        }
    }

    [Fact]
    public void TwoWorkers_Stop_FinishesBothWritesUnderWay_AndRunsNoLaterOne()
    {
        using var release = new ManualResetEventSlim(false);
        using var bothStarted = new CountdownEvent(2);
        var ran = new ConcurrentQueue<int>();
        var behind = new WriteBehind<int>(depth: 4, workers: 2);
        for (int i = 0; i < 2; i++)
        {
            behind.Post(i, n =>
            {
                bothStarted.Signal();
                Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
                ran.Enqueue(n);
            });
        }

        behind.Post(2, n => ran.Enqueue(n));
        behind.Post(3, n => ran.Enqueue(n));
        Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(30)));

        behind.Stop();
        release.Set();
        Assert.Equal(0, behind.Take(out Exception? e0));
        Assert.Null(e0);
        Assert.Equal(1, behind.Take(out Exception? e1));
        Assert.Null(e1);
        Assert.Equal(2, behind.Take(out Exception? e2));
        Assert.IsType<OperationCanceledException>(e2);
        Assert.Equal(3, behind.Take(out Exception? e3));
        Assert.IsType<OperationCanceledException>(e3);
        behind.Dispose();
        Assert.Equal(new[] { 0, 1 }, ran.OrderBy(n => n).ToArray());
    }

    private static void TakeOne(WriteBehind<int> behind, List<int> taken, List<int> failed)
    {
        int item = behind.Take(out Exception? error);
        taken.Add(item);
        if (error is not null)
        {
            Assert.IsType<IOException>(error);
            failed.Add(item);
        }
    }

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
