// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>
/// Feeds byte arrays to the reader and checks the contract for bad input: a result, or DicomFormatException /
/// NotDicomFileException; never another exception type, never a hang, never an allocation the input cannot justify.
/// Cases run on a worker thread watched by the caller, so a hang fails the test (naming the case) instead of blocking it.
/// </summary>
public static class FuzzHarness
{
    /// <summary>Largest allocation tolerated for one case (the inputs are all under 64 KB).</summary>
    public const long AllocationCap = 64L * 1024 * 1024;

    /// <summary>Longest one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    public sealed record Case(string Label, byte[] Data);

    public sealed record Report(int Cases, int Parsed, int Rejected, List<string> Failures);

    public static Report Run(IEnumerable<Case> cases, string? scratchFile = null)
    {
        var failures = new List<string>();
        int count = 0, parsed = 0, rejected = 0;
        string current = "(none)";
        long caseStart = 0;
        Exception? harnessError = null;
        var done = new ManualResetEventSlim(false);

        var worker = new Thread(() =>
        {
            try
            {
                foreach (Case c in cases)
                {
                    Volatile.Write(ref current, c.Label);
                    Volatile.Write(ref caseStart, Stopwatch.GetTimestamp());
                    count++;
                    string? failure = RunOne(c.Data, scratchFile, out bool ok);
                    if (failure is not null)
                    {
                        lock (failures)
                        {
                            failures.Add($"{c.Label}: {failure}");
                        }
                    }
                    else if (ok)
                    {
                        parsed++;
                    }
                    else
                    {
                        rejected++;
                    }
                }
            }
            catch (Exception ex)
            {
                harnessError = ex;
            }
            finally
            {
                Volatile.Write(ref caseStart, 0L);
                done.Set();
            }
        }, 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz" };
        worker.Start();

        while (!done.Wait(200))
        {
            long started = Volatile.Read(ref caseStart);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > CaseTimeout)
            {
                lock (failures)
                {
                    failures.Add($"{Volatile.Read(ref current)}: no result after {CaseTimeout.TotalSeconds} s (hang)");
                    return new Report(count, parsed, rejected, new List<string>(failures));
                }
            }
        }

        if (harnessError is not null)
        {
            throw new InvalidOperationException("The case generator failed.", harnessError);
        }

        return new Report(count, parsed, rejected, failures);
    }

    /// <summary>Reads one input from memory; null when the contract holds (ok = parsed), otherwise what went wrong.</summary>
    public static string? RunOne(byte[] data, out bool ok) => RunOne(data, null, out ok);

    /// <summary>Reads one input; with <paramref name="scratchFile"/>, through a file (values of 256 bytes or more deferred to it).</summary>
    public static string? RunOne(byte[] data, string? scratchFile, out bool ok)
    {
        ok = false;
        if (scratchFile is not null)
        {
            File.WriteAllBytes(scratchFile, data);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            DicomFile file;
            if (scratchFile is null)
            {
                using var ms = new MemoryStream(data, writable: false);
                file = DicomReader.Read(ms, DicomReadOptions.Default);
            }
            else
            {
                file = DicomReader.ReadFile(scratchFile, new DicomReadOptions { BulkDataThreshold = 256 });
            }

            Walk(file.FileMetaInformation);
            Walk(file.Dataset);
            ok = true;
        }
        catch (DicomFormatException)
        {
        }
        catch (NotDicomFileException)
        {
        }
        catch (Exception ex)
        {
            string frame = new StackTrace(ex, false).GetFrames().Select(f => f.GetMethod()).Where(m => m is not null).Select(m => $"{m!.DeclaringType?.Name}.{m.Name}").FirstOrDefault() ?? "?";
            return $"{ex.GetType().Name} at {frame}: {ex.Message}";
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return allocated > AllocationCap ? $"allocated {allocated / (1024 * 1024)} MB for a {data.Length}-byte input" : null;
    }

    /// <summary>Touches what a caller would: every value, every string, the character set of every item.</summary>
    private static void Walk(DicomDataset ds)
    {
        _ = ds.CharacterSet;
        foreach (DicomElement e in ds)
        {
            switch (e)
            {
                case DicomValueElement v:
                    _ = v.GetBytes();
                    if (DicomVRInfo.IsString(v.VR))
                    {
                        _ = ds.GetStrings(e.Tag);
                    }

                    break;
                case DicomSequence sq:
                    foreach (DicomDataset item in sq.Items)
                    {
                        Walk(item);
                    }

                    break;
                case DicomFragmentSequence f:
                    _ = f.OffsetTable.ToArray();
                    foreach (DicomBuffer b in f.Fragments)
                    {
                        _ = b.ToArray();
                    }

                    break;
            }
        }
    }

    /// <summary>Where the header ends: the offset of the top-level (7FE0,0010) tag, or the file length.</summary>
    public static int HeaderEnd(byte[] data)
    {
        byte[][] patterns = { new byte[] { 0xE0, 0x7F, 0x10, 0x00 }, new byte[] { 0x7F, 0xE0, 0x00, 0x10 } };
        int best = -1;
        foreach (byte[] p in patterns)
        {
            int i = data.AsSpan().LastIndexOf(p);
            best = Math.Max(best, i);
        }

        return best > 0 ? best + 16 : data.Length;
    }
}
