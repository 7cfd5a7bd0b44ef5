// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace DicomAnon.Core.Batch;

/// <summary>RFC 4180 CSV: a header row, quoted fields with doubled quotes; one codec for crosswalks and subject maps.</summary>
internal static class CsvCodec
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

    /// <summary>All records of comma-separated text, each a list of fields; a quoted field cut off at the end is kept as read.</summary>
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        foreach ((int _, List<string> fields) in ParseRecords(text, ',', "CSV", strict: false))
        {
            records.Add(fields);
        }

        return records;
    }

    /// <summary>
    /// All records with the line each starts on (a byte-order mark is ignored; quoted fields may hold separators,
    /// quotes and line breaks). With <paramref name="strict"/>, an unclosed quote is a <see cref="FormatException"/>
    /// naming <paramref name="what"/> and the line, never the content.
    /// </summary>
    public static List<(int Line, List<string> Fields)> ParseRecords(string text, char separator, string what, bool strict)
    {
        var records = new List<(int, List<string>)>();
        var field = new StringBuilder();
        var fields = new List<string>();
        int line = 1, recordLine = 1;
        bool inQuotes = false, any = false;
        int i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add((recordLine, fields));
                fields = new List<string>();
                line++;
                recordLine = line;
                any = false;
            }
            else
            {
                field.Append(c);
            }
        }

        if (inQuotes && strict)
        {
            throw new FormatException($"{what} line {recordLine}: a quoted field is not closed.");
        }

        if (any || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
