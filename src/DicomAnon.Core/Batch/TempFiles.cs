// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Names of our temporary files (".&lt;host&gt;-&lt;pid&gt;-&lt;guid&gt;.dicomanon.tmp", next to the target) and the clean-up of
/// ones left by a killed run: a temp file is removed when its process on this host is gone, or when it is older
/// than a day (another host's). Walks never take them as inputs.
/// </summary>
internal static class TempFiles
{
    public const string Suffix = ".dicomanon.tmp";

    private static readonly string Host = Sanitize(Environment.MachineName);
    private static readonly int Pid = Process.GetCurrentProcess().Id;

    /// <summary>True for a name of ours (any host, any process).</summary>
    public static bool IsOurs(string fileName) =>
        fileName.StartsWith(".", StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    // 16 random hex digits drawn once per process, then a counter: unique within the process without asking the
    // operating system for random bytes once per file (a Guid costs a read of /dev/urandom on Linux). The file is
    // created with CreateNew, so a name that exists all the same is never overwritten.
    private static readonly string RunPrefix = Guid.NewGuid().ToString("N").Substring(0, 16);
    private static long _counter;

    /// <summary>A new temporary path in <paramref name="folder"/> (the last part is 32 hex digits, as a Guid's).</summary>
    public static string NewPath(string folder) =>
        Path.Combine(folder, "." + Host + "-" + Pid.ToString(CultureInfo.InvariantCulture) + "-" + RunPrefix
            + Interlocked.Increment(ref _counter).ToString("x16", CultureInfo.InvariantCulture) + Suffix);

    /// <summary>Deletes stale temporary files of ours in <paramref name="folder"/> (not below it). Returns how many.</summary>
    public static int RemoveStale(string folder)
    {
        int removed = 0;
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, ".*" + Suffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (string f in files)
        {
            if (IsStale(Path.GetFileName(f)) || File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddDays(-1))
            {
                try
                {
                    File.Delete(f);
                    removed++;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Still in use or not ours to delete: left alone.
                }
            }
        }

        return removed;
    }

    private static bool IsStale(string name)
    {
        string[] parts = name.Substring(1).Split('-');
        if (parts.Length < 3 || !string.Equals(parts[0], Host, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        if (pid == Pid)
        {
            return false;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string Sanitize(string s)
    {
        char[] chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] != '_')
            {
                chars[i] = '_';
            }
        }

        return chars.Length == 0 ? "host" : new string(chars);
    }
}
