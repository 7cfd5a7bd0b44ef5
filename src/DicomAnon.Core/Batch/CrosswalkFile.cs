// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The crosswalk CSV (OriginalPatientId, PseudonymPatientId, DateOffsetDays): the only way back from a pseudonym
/// to its patient. Safe for many writers at once: each append takes an exclusive lock on the file, reads the rows
/// other writers added since, and appends only the pairs not yet present, so every run's rows survive and each
/// (patient, pseudonym) pair appears once. A patient de-identified under two keys has two rows.
/// </summary>
internal sealed class CrosswalkFile
{
    private const string Header = "OriginalPatientId,PseudonymPatientId,DateOffsetDays\n";
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Action<string> _restrict;
    private long _readUpTo;

    /// <param name="path">Full path of the CSV.</param>
    /// <param name="restrict">Makes a new, still empty file readable by its owner only (before any row is written).</param>
    public CrosswalkFile(string path, Action<string> restrict)
    {
        Path = path;
        _restrict = restrict;
    }

    public string Path { get; }

    /// <summary>How long an append waits for another writer's lock before failing.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Appends the rows whose (original, pseudonym) pair is not in the file yet. Returns how many were written.</summary>
    public int Append(IEnumerable<(string Original, string Pseudonym, int OffsetDays)> rows)
    {
        using FileStream fs = OpenLocked();
        if (fs.Length < _readUpTo)
        {
            // Replaced by someone else: read it all again.
            _known.Clear();
            _readUpTo = 0;
        }

        bool endsWithNewline = ReadNew(fs);
        var sb = new StringBuilder();
        if (fs.Length == 0)
        {
            sb.Append(Header);
        }
        else if (!endsWithNewline)
        {
            sb.Append('\n'); // a writer was killed mid-line: keep our rows on their own lines
        }

        int added = 0;
        foreach ((string original, string pseudonym, int offset) in rows)
        {
            if (_known.Add(Pair(original, pseudonym)))
            {
                sb.Append(CsvCodec.Line(original, pseudonym, offset.ToString(CultureInfo.InvariantCulture)));
                added++;
            }
        }

        if (added > 0 || fs.Length == 0)
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
            fs.Seek(0, SeekOrigin.End);
            fs.Write(bytes, 0, bytes.Length);
            fs.Flush(true);
        }

        _readUpTo = fs.Length;
        return added;
    }

    private static string Pair(string original, string pseudonym) => original + "\u0000" + pseudonym;

    /// <summary>Reads rows appended since the last call; true when the file ends with a line break (or is empty).</summary>
    private bool ReadNew(FileStream fs)
    {
        long length = fs.Length;
        if (length == 0)
        {
            return true;
        }

        fs.Seek(_readUpTo, SeekOrigin.Begin);
        byte[] buffer = new byte[checked((int)(length - _readUpTo))];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = fs.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        string text = Encoding.UTF8.GetString(buffer, 0, read);
        List<List<string>> records = CsvCodec.Parse(text);
        foreach (List<string> r in records)
        {
            if (r.Count >= 2 && !(r[0] == "OriginalPatientId" && r[1] == "PseudonymPatientId"))
            {
                _known.Add(Pair(r[0], r[1]));
            }
        }

        return read == 0 || buffer[read - 1] == (byte)'\n';
    }

    private FileStream OpenLocked()
    {
        DateTime until = DateTime.UtcNow + LockTimeout;
        int delay = 5;
        while (true)
        {
            try
            {
                if (!File.Exists(Path))
                {
                    CreateRestricted();
                }

                // FileShare.None is an exclusive lock between writers (flock on Unix, a share mode on Windows).
                return new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until && File.Exists(Path))
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 200);
            }
        }
    }

    private void CreateRestricted()
    {
        string? dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        try
        {
            using (new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }
        }
        catch (IOException) when (File.Exists(Path))
        {
            return; // another writer made it first
        }

        _restrict(Path);
    }
}
