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
/// </summary>
internal sealed class ResumeState : IDisposable
{
    /// <summary>The hidden folder under the destination that holds the records; walks never enter it.</summary>
    public const string FolderName = ".dicomanon-state";

    private readonly Dictionary<string, ResumeRecord> _records = new(StringComparer.Ordinal);
    private readonly string _folder;
    private StreamWriter? _writer;

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
        foreach (string f in files)
        {
            foreach (string line in File.ReadLines(f))
            {
                ResumeRecord? r = ParseLine(line);
                if (r is not null)
                {
                    state._records[r.SourceId] = r;
                }
            }
        }

        return state;
    }

    public int Count => _records.Count;

    /// <summary>True when <paramref name="sourceId"/> was finished from a source of this size and time with these settings, and its output is still there.</summary>
    public bool IsFinished(string sourceId, long size, long modifiedTicksUtc, string settingsHash, string destination, out string outputPath)
    {
        outputPath = string.Empty;
        ResumeRecord? r;
        lock (_records)
        {
            _records.TryGetValue(sourceId, out r);
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
            _records[record.SourceId] = record;
        }

        if (_writer is null)
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, DateTime.UtcNow.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + ".tsv");
            _writer = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
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

    private static ResumeRecord? ParseLine(string line)
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

        return new ResumeRecord(f[0], size, ticks, f[3], rel);
    }
}
