// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomAnon.Ocr;

/// <summary>
/// Where the time of burned-in text cleaning goes, by stage (candidate finding, reads, re-check, encode): a
/// diagnostic, off unless a profile sets <see cref="Enabled"/>; when off each call costs one field read. Each stage
/// adds its calls, its wall time and, on Linux, its thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>), which a
/// busy shared machine does not inflate. Stages nest (a read inside a pass counts in both). No values, only names
/// of stages and figures.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
internal static class StageClock
{
    private const int ThreadCpuClock = 3;

    private static readonly ConcurrentDictionary<string, Totals> Stages = new(StringComparer.Ordinal);
    private static readonly bool Linux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static volatile bool _enabled;

    /// <summary>Whether stages are timed.</summary>
    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>A mark to pass to <see cref="Stop"/>; zero when off.</summary>
    public static Mark Start() => _enabled ? new Mark(Stopwatch.GetTimestamp(), ThreadCpuNanoseconds()) : default;

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="stage"/> (nothing when off).</summary>
    public static void Stop(string stage, Mark start)
    {
        if (!_enabled || start.Wall == 0)
        {
            return;
        }

        long wall = Stopwatch.GetTimestamp() - start.Wall;
        long cpu = ThreadCpuNanoseconds() - start.Cpu;
        Stages.GetOrAdd(stage, _ => new Totals()).Add(wall, cpu);
    }

    /// <summary>Counts one event of <paramref name="stage"/> with no time (a cache hit).</summary>
    public static void Count(string stage)
    {
        if (_enabled)
        {
            Stages.GetOrAdd(stage, _ => new Totals()).Add(0, 0);
        }
    }

    /// <summary>Forgets every stage.</summary>
    public static void Reset() => Stages.Clear();

    /// <summary>One line per stage: calls, wall ms, CPU ms, CPU ms per call.</summary>
    public static string Report()
    {
        var text = new StringBuilder();
        text.AppendLine("stage                          calls     wall ms      cpu ms   cpu ms/call");
        foreach (System.Collections.Generic.KeyValuePair<string, Totals> s in Stages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            long calls = s.Value.Calls;
            double wall = s.Value.WallTicks * 1000.0 / Stopwatch.Frequency, cpu = s.Value.CpuNanoseconds / 1e6;
            text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-28} {1,7} {2,11:F0} {3,11:F0} {4,13:F2}", s.Key, calls, wall, cpu, calls == 0 ? 0 : cpu / calls));
        }

        return text.ToString();
    }

    private static long ThreadCpuNanoseconds()
    {
        if (!Linux)
        {
            return 0;
        }

        return clock_gettime(ThreadCpuClock, out TimeSpec t) == 0 ? (t.Seconds * 1_000_000_000L) + t.Nanoseconds : 0;
    }

#pragma warning disable SA1300, IDE1006 // native name
    [DllImport("libc.so.6")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore SA1300, IDE1006

    /// <summary>When a stage started.</summary>
    internal readonly struct Mark
    {
        public Mark(long wall, long cpu)
        {
            Wall = wall;
            Cpu = cpu;
        }

        public long Wall { get; }

        public long Cpu { get; }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private sealed class Totals
    {
        private long _calls;
        private long _wall;
        private long _cpu;

        public long Calls => System.Threading.Interlocked.Read(ref _calls);

        public long WallTicks => System.Threading.Interlocked.Read(ref _wall);

        public long CpuNanoseconds => System.Threading.Interlocked.Read(ref _cpu);

        public void Add(long wall, long cpu)
        {
            System.Threading.Interlocked.Increment(ref _calls);
            System.Threading.Interlocked.Add(ref _wall, wall);
            System.Threading.Interlocked.Add(ref _cpu, cpu);
        }
    }
}
