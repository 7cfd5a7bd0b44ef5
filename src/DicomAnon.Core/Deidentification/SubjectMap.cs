// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// A study coordinator's list of subjects: original Patient ID → pseudonym (and optionally pseudonym name and date
/// offset). Entries override the keyed derivation for the patients they list; other patients are derived as usual.
/// </summary>
/// <remarks>
/// CSV (RFC 4180: quoted fields, doubled quotes, separators and line breaks inside quotes), separated by commas,
/// or by semicolons or tabs when the first line has those and no comma. Columns by position: original ID, pseudonym
/// ID, pseudonym name (optional), date offset in days (optional). A first row with any known column
/// name is a header, and then columns are found by name (case and punctuation ignored): OriginalPatientId
/// (PatientId, Original, OriginalId), PseudonymPatientId (Pseudonym, PseudonymId, NewPatientId), PseudonymPatientName
/// (PseudonymName, NewPatientName), DateOffsetDays (DateOffset, Offset, OffsetDays, ShiftDays).
/// Errors name the line, never a value.
/// </remarks>
/// <threadsafety>Immutable after loading; safe to share between threads.</threadsafety>
internal sealed class SubjectMap
{
    private readonly Dictionary<string, SubjectMapEntry> _byOriginal;

    public SubjectMap(IEnumerable<SubjectMapEntry> entries)
    {
        _byOriginal = new Dictionary<string, SubjectMapEntry>(StringComparer.Ordinal);
        foreach (SubjectMapEntry e in entries)
        {
            if (_byOriginal.ContainsKey(e.OriginalPatientId))
            {
                throw new ArgumentException("The subject map lists an original Patient ID twice.", nameof(entries));
            }

            _byOriginal.Add(e.OriginalPatientId, e);
        }
    }

    public int Count => _byOriginal.Count;

    public IEnumerable<SubjectMapEntry> Entries => _byOriginal.Values;

    public bool TryGet(string originalPatientId, out SubjectMapEntry? entry) =>
        _byOriginal.TryGetValue(originalPatientId ?? string.Empty, out entry);

    /// <summary>Reads a subject map file (UTF-8, BOM allowed).</summary>
    public static SubjectMap LoadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader);
    }

    /// <summary>Parses CSV text (see the class remarks).</summary>
    /// <exception cref="FormatException">A malformed line (the message gives the line number only).</exception>
    public static SubjectMap Load(TextReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        string text = reader.ReadToEnd();
        char sep = DetectSeparator(text);
        List<(int Line, List<string> Fields)> records = ParseCsv(text, sep);
        int iOrig = 0, iPseudo = 1, iName = 2, iOffset = 3;
        int start = 0;
        if (records.Count > 0 && records[0].Fields.Exists(h => HeaderKind(h) >= 0))
        {
            iOrig = iPseudo = iName = iOffset = -1;
            List<string> h = records[0].Fields;
            for (int i = 0; i < h.Count; i++)
            {
                switch (HeaderKind(h[i]))
                {
                    case 0: iOrig = i; break;
                    case 1: iPseudo = i; break;
                    case 2: iName = i; break;
                    case 3: iOffset = i; break;
                }
            }

            if (iPseudo < 0 || iOrig < 0)
            {
                throw new FormatException("Subject map header needs OriginalPatientId and PseudonymPatientId columns.");
            }

            start = 1;
        }

        var entries = new List<SubjectMapEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = start; r < records.Count; r++)
        {
            (int line, List<string> f) = records[r];
            if (f.Count == 1 && f[0].Trim().Length == 0)
            {
                continue; // blank line
            }

            string orig = Field(f, iOrig).Trim();
            string pseudo = Field(f, iPseudo).Trim();
            if (orig.Length == 0 || pseudo.Length == 0)
            {
                throw new FormatException($"Subject map line {line}: the original and pseudonym Patient IDs are required.");
            }

            if (!IsValidLo(pseudo))
            {
                throw new FormatException($"Subject map line {line}: the pseudonym Patient ID must be at most 64 characters without backslash or control characters.");
            }

            string name = Field(f, iName).Trim();
            if (name.Length > 0 && (!IsValidLo(name) || name.IndexOf('=') >= 0))
            {
                throw new FormatException($"Subject map line {line}: the pseudonym name must be at most 64 characters without backslash, '=' or control characters.");
            }

            string off = Field(f, iOffset).Trim();
            int? offset = null;
            if (off.Length > 0)
            {
                if (!int.TryParse(off, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int o) || o < -36500 || o > 36500)
                {
                    throw new FormatException($"Subject map line {line}: the date offset must be a whole number of days (-36500 to 36500).");
                }

                offset = o;
            }

            if (!seen.Add(orig))
            {
                throw new FormatException($"Subject map line {line}: this original Patient ID is already listed.");
            }

            entries.Add(new SubjectMapEntry(orig, pseudo, name.Length > 0 ? name : null, offset));
        }

        return new SubjectMap(entries);
    }

    internal static bool IsValidLo(string s)
    {
        if (s.Length > 64)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (c < ' ' || c == '\\' || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static string Field(List<string> f, int i) => i >= 0 && i < f.Count ? f[i] : string.Empty;

    /// <summary>0 original, 1 pseudonym, 2 name, 3 offset, -1 not a header name.</summary>
    private static int HeaderKind(string field)
    {
        var sb = new StringBuilder();
        foreach (char c in field)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString() switch
        {
            "originalpatientid" or "patientid" or "original" or "originalid" => 0,
            "pseudonympatientid" or "pseudonym" or "pseudonymid" or "newpatientid" => 1,
            "pseudonympatientname" or "pseudonymname" or "newpatientname" => 2,
            "dateoffsetdays" or "dateoffset" or "offset" or "offsetdays" or "shiftdays" => 3,
            _ => -1,
        };
    }

    private static char DetectSeparator(string text)
    {
        int end = text.IndexOf('\n');
        string first = end >= 0 ? text.Substring(0, end) : text;
        if (first.IndexOf(',') >= 0)
        {
            return ',';
        }

        return first.IndexOf(';') >= 0 ? ';' : first.IndexOf('\t') >= 0 ? '\t' : ',';
    }

    // One CSV codec for subject maps and crosswalks (DicomAnon.Core.Batch.CsvCodec).
    private static List<(int Line, List<string> Fields)> ParseCsv(string text, char sep) =>
        Batch.CsvCodec.ParseRecords(text, sep, "Subject map", strict: true);
}
