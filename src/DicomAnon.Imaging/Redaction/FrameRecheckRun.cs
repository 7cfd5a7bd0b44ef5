// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Runs the independent re-check (<see cref="TextRecheck"/>) over every frame of a file, on one thread per reader.
/// Frames are independent once cleaned: the re-check of a frame looks at that frame alone; its caches only save
/// reading a crop again, exactly the same (same result) or, with <c>carry</c>, within noise of one read in an
/// earlier frame of the same segment (<see cref="RecheckReadingCarry"/>). A clip is cut into
/// <see cref="CarrySegments"/> segments of consecutive frames, each re-checked in frame order by one thread with a
/// carry of its own, so the findings do not depend on how many threads ran or on their timing; a cine's re-check is
/// most of its cleaning time, so a second core halves it.
/// </summary>
internal static class FrameRecheckRun
{
    /// <summary>Segments of consecutive frames a clip is re-checked in (one carry each; 2 = one per core of a 2-core machine).</summary>
    public const int CarrySegments = 2;

    /// <summary>Re-checks frames 0 to <paramref name="frames"/> - 1.</summary>
    /// <param name="frames">How many frames.</param>
    /// <param name="render">The cleaned frame as grey; called under a lock (frame sources are not thread-safe).</param>
    /// <param name="readers">One line reader per worker thread (each reader is used by one thread only); a null reader re-checks without OCR.</param>
    /// <param name="target">All text or PHI only.</param>
    /// <param name="imagingRegions">Ultrasound regions of the file.</param>
    /// <param name="blacked">Per frame, the boxes blacked out.</param>
    /// <param name="classified">Per frame, the label lines the first pass kept (PhiOnly).</param>
    /// <param name="carry">Whether readings are carried between the frames of a segment (<see cref="RecheckReadingCarry"/>).</param>
    /// <param name="linesRead">Line crops read by all workers.</param>
    /// <param name="readingsCarried">Readings answered from an earlier frame.</param>
    /// <param name="candidates">The file's candidate lines kept by frame pixels (<see cref="CandidateMemo"/>), or null.</param>
    /// <returns>Per frame, what the re-check found.</returns>
    public static FrameRecheckResult[] Run(int frames, Func<int, GrayImage> render, IReadOnlyList<ILineReader?> readers, RedactionTarget target, IReadOnlyList<PixelRect> imagingRegions, IReadOnlyList<PixelRect>[] blacked, IReadOnlyList<PixelRect>[] classified, bool carry, out int linesRead, out int readingsCarried, CandidateMemo? candidates = null)
    {
        if (render is null || readers is null || readers.Count == 0 || blacked is null || classified is null)
        {
            throw new ArgumentException("A renderer, at least one reader and the per-frame boxes are needed.");
        }

        var results = new FrameRecheckResult[frames];
        object gate = new();
        int segments = Math.Max(1, Math.Min(CarrySegments, frames));
        int next = -1, read = 0, carried = 0, failed = 0;

        void Work(ILineReader? reader)
        {
            for (int s = Interlocked.Increment(ref next); s < segments && Volatile.Read(ref failed) == 0; s = Interlocked.Increment(ref next))
            {
                RecheckReadingCarry? readings = carry ? new RecheckReadingCarry() : null;
                var recheck = new TextRecheck(reader, target, imagingRegions) { Carry = readings, Candidates = candidates };
                try
                {
                    int end = (int)((long)frames * (s + 1) / segments);
                    for (int i = (int)((long)frames * s / segments); i < end && Volatile.Read(ref failed) == 0; i++)
                    {
                        GrayImage image;
                        DicomAnon.Ocr.StageClock.Mark rendering = DicomAnon.Ocr.StageClock.Start();
                        lock (gate)
                        {
                            image = render(i);
                        }

                        DicomAnon.Ocr.StageClock.Stop("recheck.render", rendering);

                        DicomAnon.Ocr.StageClock.Mark check = DicomAnon.Ocr.StageClock.Start();
                        List<RecheckFinding> findings = recheck.Check(i, image, blacked[i], classified[i]);
                        DicomAnon.Ocr.StageClock.Stop("recheck.check", check);
                        results[i] = new FrameRecheckResult(findings, new List<PixelRect>(recheck.Labels), new List<PixelRect>(recheck.Streaks));
                    }
                }
                catch
                {
                    Interlocked.Exchange(ref failed, 1);
                    throw;
                }
                finally
                {
                    Interlocked.Add(ref read, recheck.LinesRead);
                    Interlocked.Add(ref carried, readings?.Carried ?? 0);
                }
            }
        }

        int workers = Math.Min(readers.Count, segments);
        var helpers = new Task[workers - 1];
        for (int k = 1; k < workers; k++)
        {
            ILineReader? reader = readers[k];
            helpers[k - 1] = Task.Factory.StartNew(() => Work(reader), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            Work(readers[0]);
        }
        finally
        {
            // Helpers stop at their next frame once one worker failed; wait for them before the caller moves on.
            foreach (Task t in helpers)
            {
                try
                {
                    t.Wait();
                }
                catch (AggregateException) when (Volatile.Read(ref failed) != 0)
                {
                    // Reported below (or by the worker that failed on this thread).
                }
            }
        }

        foreach (Task t in helpers)
        {
            if (t.IsFaulted && t.Exception is not null)
            {
                // The first failure, as it was thrown: callers report it by its own type.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(t.Exception.InnerException ?? t.Exception).Throw();
            }
        }

        linesRead = read;
        readingsCarried = carried;
        return results;
    }
}
