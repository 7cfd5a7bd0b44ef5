// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace DicomAnon.Core.Batch;

/// <summary>RFC 4180 CSV: a header row, quoted fields with doubled quotes; one codec for crosswalks and subject maps.</summary>
public static class CsvCodec
{
    private static readonly char[] NeedsQuotes = { ',', '"', '\n', '\r' };

    /// <summary>Rows keyed by header name (case-insensitive); blank lines are skipped.</summary>
    public static List<Dictionary<string, string>> ReadRows(string text)
    {
        var rows = new List<Dictionary<string, string>>();
        List<List<string>> records = Parse(text);
        if (records.Count == 0)
        {
            return rows;
        }

        List<string> header = records[0];
        for (int r = 1; r < records.Count; r++)
        {
            if (records[r].Count == 1 && records[r][0].Length == 0)
            {
                continue;
            }

            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int c = 0; c < header.Count; c++)
            {
                row[header[c].Trim()] = c < records[r].Count ? records[r][c] : string.Empty;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>One field, quoted when it holds a comma, quote or line break.</summary>
    public static string Field(string? value)
    {
        string v = value ?? string.Empty;
        return v.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
    }

    /// <summary>One line (with its "\n") of the given fields.</summary>
    public static string Line(params string?[] fields)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(fields[i]));
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>All records of the text, each a list of fields (a byte-order mark is ignored).</summary>
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        int start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = new List<string>();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
