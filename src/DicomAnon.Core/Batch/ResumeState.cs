// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The finished-file records of every run into one destination, kept in the hidden folder
/// <see cref="FolderName"/> of the destination. Each run appends to its own file (so concurrent runs never
/// contend) and reads all of them when it starts. A record is written right after its output is in place; a run
/// killed between the two leaves an output without a record, which the next run recognises by its identical bytes.
/// Only the earlier runs' records are held in memory: this run's go to its file, and memory keeps a 64-bit hash of
/// each of their source ids (8-16 bytes a file in <see cref="ChunkedHashSet64"/>, instead of the record), so a long run does not grow by its records.
/// A source id finished twice in one run (two inputs whose relative paths differ only in '\' against '/') is
/// looked up in this run's file, exactly.
/// </summary>
internal sealed class ResumeState : IDisposable
{
    /// <summary>The hidden folder under the destination that holds the records; walks never enter it.</summary>
    public const string FolderName = ".dicomanon-state";

    private readonly Dictionary<string, ResumeRecord> _records = new(StringComparer.Ordinal);
    private readonly ChunkedHashSet64 _addedThisRun = new();
    private readonly string _folder;
    private StreamWriter? _writer;
    private string? _writerPath;

    private ResumeState(string folder) => _folder = folder;

    /// <summary>Reads every record under <paramref name="destination"/>; unreadable lines are ignored.</summary>
    public static ResumeState Load(string destination)
    {
        var state = new ResumeState(Path.Combine(destination, FolderName));
        if (!Directory.Exists(state._folder))
        {
            return state;
        }

        string[] files = Directory.GetFiles(state._folder, "*.tsv");
        Array.Sort(files, StringComparer.Ordinal);
        string? lastSettings = null;
        foreach (string f in files)
        {
            foreach (string line in File.ReadLines(f))
            {
                ResumeRecord? r = ParseLine(line, ref lastSettings);
                if (r is not null)
                {
                    state._records[r.SourceId] = r;
                }
            }
        }

        return state;
    }

    /// <summary>The source ids with a record: the earlier runs' and this run's.</summary>
    public int Count
    {
        get
        {
            lock (_records)
            {
                return _records.Count + _addedThisRun.Count;
            }
        }
    }

    /// <summary>True when <paramref name="sourceId"/> was finished from a source of this size and time with these settings, and its output is still there.</summary>
    public bool IsFinished(string sourceId, long size, long modifiedTicksUtc, string settingsHash, string destination, out string outputPath)
    {
        outputPath = string.Empty;
        ResumeRecord? r;
        bool thisRun;
        lock (_records)
        {
            thisRun = _addedThisRun.Contains(Hash64(sourceId));
            _records.TryGetValue(sourceId, out r);
        }

        if (thisRun)
        {
            r = FindInThisRunsFile(sourceId) ?? r; // a hash match for another id finds nothing there
        }

        if (r is null
            || r.Size != size || r.ModifiedTicksUtc != modifiedTicksUtc
            || !string.Equals(r.SettingsHash, settingsHash, StringComparison.Ordinal))
        {
            return false;
        }

        outputPath = Path.Combine(destination, r.OutputRelativePath);
        return File.Exists(outputPath);
    }

    /// <summary>Appends a record to this run's file (created on first use) and flushes it to the operating system.</summary>
    public void Add(ResumeRecord record)
    {
        lock (_records)
        {
            // This run's record supersedes an earlier run's, and is read back from the file if it is asked for.
            _records.Remove(record.SourceId);
            _addedThisRun.Add(Hash64(record.SourceId));
            if (_writer is null)
            {
                Directory.CreateDirectory(_folder);
                _writerPath = Path.Combine(_folder, DateTime.UtcNow.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".tsv");
                _writer = new StreamWriter(new FileStream(_writerPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            }
        }

        _writer.Write(string.Join("\t",
            record.SourceId,
            record.Size.ToString(CultureInfo.InvariantCulture),
            record.ModifiedTicksUtc.ToString(CultureInfo.InvariantCulture),
            record.SettingsHash,
            record.OutputRelativePath.Replace('\\', '/')) + "\n");
        _writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();

    /// <summary>FNV-1a over the id's UTF-16 units: stable, cheap, and only ever confirmed against the file.</summary>
    private static ulong Hash64(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h = unchecked((h ^ c) * 1099511628211UL);
        }

        return h;
    }

    /// <summary>This run's newest record of <paramref name="sourceId"/>, read back from its file (flushed after every record).</summary>
    private ResumeRecord? FindInThisRunsFile(string sourceId)
    {
        if (_writerPath is null)
        {
            return null;
        }

        ResumeRecord? found = null;
        string? lastSettings = null;
        try
        {
            using var stream = new FileStream(_writerPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.StartsWith(sourceId + "\t", StringComparison.Ordinal) && ParseLine(line, ref lastSettings) is ResumeRecord r)
                {
                    found = r;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the file went away: the source is done again, never skipped on a guess
        }

        return found;
    }

    /// <summary>One record, or null; <paramref name="lastSettings"/> lets consecutive records share one settings-hash string.</summary>
    private static ResumeRecord? ParseLine(string line, ref string? lastSettings)
    {
        string[] f = line.Split('\t');
        if (f.Length != 5
            || !long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long size)
            || !long.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks)
            || f[4].Length == 0)
        {
            return null;
        }

        string rel = f[4].Replace('/', Path.DirectorySeparatorChar);
        if (Path.IsPathRooted(rel) || rel.Split(Path.DirectorySeparatorChar).Length == 0 || Array.IndexOf(rel.Split(Path.DirectorySeparatorChar), "..") >= 0)
        {
            return null; // never point outside the destination
        }

        string settings = string.Equals(f[3], lastSettings, StringComparison.Ordinal) ? lastSettings! : f[3];
        lastSettings = settings;
        return new ResumeRecord(f[0], size, ticks, settings, rel);
    }
}
