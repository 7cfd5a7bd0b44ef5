// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace DicomAnon.Core.Batch;

/// <summary>
/// A machine-readable run log: JSON lines appended to one file (readable by its owner only), one record per
/// input and a summary record at the end. Records name files by path and carry ids and counts, never values
/// from a dataset. Each flush takes an exclusive lock and appends, so several runs may share one log.
/// </summary>
internal sealed class RunLog : IDisposable
{
    private readonly List<string> _pending = new();
    private readonly Action<string> _restrict;
    private DateTime _lastFlush = DateTime.UtcNow;

    public RunLog(string path, Action<string> restrict)
    {
        Path = path;
        _restrict = restrict;
        RunId = Guid.NewGuid().ToString("N");
    }

    public string Path { get; }

    /// <summary>Ties the records of one run together.</summary>
    public string RunId { get; }

    /// <summary>Adds one record of name/value pairs (strings, numbers, booleans, nested pairs); written within a second.</summary>
    public void Write(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var sb = new StringBuilder("{\"time\":");
        AppendValue(sb, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        sb.Append(",\"run\":");
        AppendValue(sb, RunId);
        foreach (KeyValuePair<string, object?> f in fields)
        {
            sb.Append(',');
            AppendValue(sb, f.Key);
            sb.Append(':');
            AppendValue(sb, f.Value);
        }

        _pending.Add(sb.Append('}').ToString());
        if (_pending.Count >= 256 || DateTime.UtcNow - _lastFlush > TimeSpan.FromSeconds(1))
        {
            Flush();
        }
    }

    /// <summary>Appends the pending records under an exclusive lock.</summary>
    public void Flush()
    {
        _lastFlush = DateTime.UtcNow;
        if (_pending.Count == 0)
        {
            return;
        }

        var sb = new StringBuilder();
        foreach (string line in _pending)
        {
            sb.Append(line).Append('\n');
        }

        byte[] bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        using (FileStream fs = OpenLocked())
        {
            fs.Seek(0, SeekOrigin.End);
            fs.Write(bytes, 0, bytes.Length);
            fs.Flush(true);
        }

        _pending.Clear();
    }

    public void Dispose() => Flush();

    /// <summary>A JSON value: null, bool, number, string, or an object of nested pairs.</summary>
    public static void AppendValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int or long or double:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> obj:
                sb.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, object?> kv in obj)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendValue(sb, kv.Key);
                    sb.Append(':');
                    AppendValue(sb, kv.Value);
                }

                sb.Append('}');
                break;
            default:
                AppendString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private FileStream OpenLocked()
    {
        DateTime until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        int delay = 5;
        while (true)
        {
            try
            {
                if (!File.Exists(Path))
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

                        _restrict(Path);
                    }
                    catch (IOException) when (File.Exists(Path))
                    {
                        // another run made it first
                    }
                }

                return new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until && File.Exists(Path))
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 200);
            }
        }
    }
}
