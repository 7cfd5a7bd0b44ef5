// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace DicomAnon.Core.Verification;

/// <summary>How a match of an identifier must be delimited, so that "ANN" does not match ANNOTATION or a date the digits of a UID.</summary>
internal enum IdentifierBoundary
{
    /// <summary>No ASCII letter or digit right before or after (names, IDs, dates, institutions).</summary>
    Word,

    /// <summary>No digit or '.' right before and no digit right after (UIDs).</summary>
    Uid,
}

/// <summary>One identifier found: its kind and the source file it came from (-1: not from a file, e.g. the crosswalk).</summary>
internal readonly struct IdentifierHit
{
    public IdentifierHit(string kind, int source)
    {
        Kind = kind;
        Source = source;
    }

    public string Kind { get; }

    public int Source { get; }
}

/// <summary>
/// One multi-pattern matcher for the identifiers of every source file, over raw bytes: each identifier is indexed
/// in ASCII/Latin-1, UTF-8, UTF-16LE and UTF-16BE, ASCII letters compared case-insensitively. Candidates are found
/// by their first three bytes (a 64K-bit filter on the first two, then a hash table), so the cost per scanned byte
/// does not grow with the number of sources.
/// </summary>
/// <threadsafety>Add and Build on one thread; after <see cref="Build"/>, searches may run concurrently.</threadsafety>
internal sealed class IdentifierIndex
{
    private const int MinimumBytes = 3;
    private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private readonly List<Pattern> _patterns = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly ulong[] _prefix2 = new ulong[65536 / 64];
    private Dictionary<int, Pattern[]> _byPrefix3 = new();

    public int Count => _patterns.Count;

    /// <summary>Indexes <paramref name="text"/> in every encoding (duplicates of the same kind and source are dropped).</summary>
    public void Add(string kind, int source, string text, IdentifierBoundary boundary)
    {
        if (string.IsNullOrEmpty(text) || !_seen.Add(string.Concat(kind, "\u0001", source.ToString(System.Globalization.CultureInfo.InvariantCulture), "\u0001", text)))
        {
            return;
        }

        bool latin1 = true;
        foreach (char c in text)
        {
            latin1 &= c <= 0xFF;
        }

        var forms = new List<(byte[] Bytes, int Unit)>(4);
        if (latin1)
        {
            forms.Add((Latin1.GetBytes(text), 0));
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        if (!latin1 || utf8.Length != text.Length)
        {
            forms.Add((utf8, 0));
        }

        forms.Add((Encoding.Unicode.GetBytes(text), 1));
        forms.Add((Utf16Be.GetBytes(text), 2));
        foreach ((byte[] bytes, int unit) in forms)
        {
            if (bytes.Length < MinimumBytes)
            {
                continue;
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = Fold(bytes[i]);
            }

            _patterns.Add(new Pattern(bytes, new IdentifierHit(kind, source), boundary, unit));
        }
    }

    /// <summary>Builds the lookup tables; call once after the last <see cref="Add"/>.</summary>
    public void Build()
    {
        var lists = new Dictionary<int, List<Pattern>>();
        foreach (Pattern p in _patterns)
        {
            int k2 = (p.Bytes[0] << 8) | p.Bytes[1];
            _prefix2[k2 >> 6] |= 1UL << (k2 & 63);
            int k3 = (k2 << 8) | p.Bytes[2];
            if (!lists.TryGetValue(k3, out List<Pattern>? l))
            {
                lists[k3] = l = new List<Pattern>(1);
            }

            l.Add(p);
        }

        var map = new Dictionary<int, Pattern[]>(lists.Count);
        foreach (KeyValuePair<int, List<Pattern>> e in lists)
        {
            map[e.Key] = e.Value.ToArray();
        }

        _byPrefix3 = map;
    }

    /// <summary>Adds to <paramref name="hits"/> every identifier found in <paramref name="data"/>[offset, offset+count).</summary>
    public void Search(byte[] data, int offset, int count, List<IdentifierHit> hits)
    {
        int end = offset + count;
        for (int i = offset; i + MinimumBytes <= end; i++)
        {
            int k2 = (Fold(data[i]) << 8) | Fold(data[i + 1]);
            if ((_prefix2[k2 >> 6] & (1UL << (k2 & 63))) == 0)
            {
                continue;
            }

            if (!_byPrefix3.TryGetValue((k2 << 8) | Fold(data[i + 2]), out Pattern[]? candidates))
            {
                continue;
            }

            foreach (Pattern p in candidates)
            {
                if (Matches(data, i, offset, end, p))
                {
                    hits.Add(p.Hit);
                }
            }
        }
    }

    /// <summary>Searches decoded text (a path component, a value in a multi-byte character set) in its UTF-16LE form.</summary>
    public void SearchText(string text, List<IdentifierHit> hits)
    {
        byte[] b = Encoding.Unicode.GetBytes(text);
        Search(b, 0, b.Length, hits);
    }

    private static bool Matches(byte[] data, int at, int start, int end, Pattern p)
    {
        byte[] q = p.Bytes;
        if (at + q.Length > end)
        {
            return false;
        }

        for (int j = 3; j < q.Length; j++)
        {
            if (Fold(data[at + j]) != q[j])
            {
                return false;
            }
        }

        int after = at + q.Length;
        int before, next;
        switch (p.Unit)
        {
            case 1: // UTF-16LE: the low byte of the neighbouring code unit, when its high byte is zero
                before = at - 2 >= start && data[at - 1] == 0 ? data[at - 2] : -1;
                next = after + 1 < end && data[after + 1] == 0 ? data[after] : -1;
                break;
            case 2: // UTF-16BE
                before = at - 2 >= start && data[at - 2] == 0 ? data[at - 1] : -1;
                next = after + 1 < end && data[after] == 0 ? data[after + 1] : -1;
                break;
            default:
                before = at - 1 >= start ? data[at - 1] : -1;
                next = after < end ? data[after] : -1;
                break;
        }

        return p.Boundary == IdentifierBoundary.Uid
            ? !IsDigit(before) && before != '.' && !IsDigit(next)
            : !IsAlphanumeric(before) && !IsAlphanumeric(next);
    }

    private static bool IsDigit(int b) => b >= '0' && b <= '9';

    private static bool IsAlphanumeric(int b) => IsDigit(b) || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');

    private static byte Fold(byte b) => b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b | 0x20) : b;

    private sealed class Pattern
    {
        public Pattern(byte[] bytes, IdentifierHit hit, IdentifierBoundary boundary, int unit)
        {
            Bytes = bytes;
            Hit = hit;
            Boundary = boundary;
            Unit = unit;
        }

        public byte[] Bytes { get; }

        public IdentifierHit Hit { get; }

        public IdentifierBoundary Boundary { get; }

        /// <summary>0: single-byte or UTF-8; 1: UTF-16LE; 2: UTF-16BE.</summary>
        public int Unit { get; }
    }
}
