// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// The folding that every identifier and every searched text goes through, so that spelling variants meet: NFKD
/// (so NFC and NFD, full-width and half-width forms agree), combining marks dropped (accents), lower case,
/// a few letters spelt out (ß→ss, æ→ae, ø→o, ...), and every character that is not a letter or digit dropped
/// (so "Doe^John", "DOE JOHN", "doe_john" and "DoeJohn" all fold to "doejohn"; "1970-01-02" and "19700102" agree).
/// Hard breaks (backslash value delimiter, '=' PN group delimiter, control characters, invalid bytes) are kept as
/// <see cref="HardBreak"/>, which no pattern contains, so that a match never spans two values.
/// </summary>
/// <threadsafety>Thread-safe (the per-character cache holds immutable strings; racing writers write equal values).</threadsafety>
internal static class IdentifierText
{
    /// <summary>The character that stands for a hard break in folded text.</summary>
    public const char HardBreak = '\u0001';

    private const string Soft = " ";
    private const string Hard = "\u0001";
    private static readonly string?[] Cache = new string?[65536];

    [ThreadStatic]
    private static char[]? _foldScratch;

    [ThreadStatic]
    private static char[]? _sourceScratch;

    /// <summary>Folds a whole string (identifier values and patterns); hard breaks are dropped, separators too.</summary>
    public static string Fold(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Fold(text, 0, text.Length);
    }

    /// <summary>As <see cref="Fold(string)"/>, for <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>.</summary>
    internal static string Fold(string text, int start, int length)
    {
        char[] chars = _sourceScratch is { } kept && kept.Length >= length ? kept : new char[Math.Max(256, length)];
        if (chars.Length <= 1 << 16)
        {
            _sourceScratch = chars;
        }

        text.CopyTo(start, chars, 0, length);
        int n = FoldInto(chars, 0, length, out char[] folded);
        return n == 0 ? string.Empty : new string(folded, 0, n);
    }

    /// <summary>
    /// As <see cref="Fold(string)"/>, for <paramref name="length"/> characters of <paramref name="text"/> from
    /// <paramref name="start"/>, into a per-thread buffer (<paramref name="folded"/>, valid until the next call on the
    /// thread) instead of a new string: returns the folded length.
    /// </summary>
    internal static int FoldInto(char[] text, int start, int length, out char[] folded)
    {
        // one scratch buffer per thread: folding runs for every value the echo scan reads
        char[] buffer = _foldScratch ??= new char[256];
        int n = 0;
        for (int i = start; i < start + length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                // ASCII as FoldChar has it: letters lowered, digits kept, separators and hard breaks dropped
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + 32);
                }
                else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                {
                    continue;
                }

                if (n == buffer.Length)
                {
                    buffer = GrowScratch(buffer, n + 1);
                }

                buffer[n++] = c;
                continue;
            }

            string f = FoldChar(c);
            if (f.Length != 0 && f[0] != ' ' && f[0] != HardBreak)
            {
                if (n + f.Length > buffer.Length)
                {
                    buffer = GrowScratch(buffer, n + f.Length);
                }

                f.CopyTo(0, buffer, n, f.Length);
                n += f.Length;
            }
        }

        folded = buffer;
        return n;
    }

    private static char[] GrowScratch(char[] buffer, int needed)
    {
        char[] grown = new char[Math.Max(needed, buffer.Length * 2)];
        Array.Copy(buffer, grown, buffer.Length);
        if (grown.Length <= 1 << 16)
        {
            _foldScratch = grown; // kept for the next value unless huge
        }

        return grown;
    }

    /// <summary>The character class that decides word boundaries: letters, digits, and CJK (which has no word boundaries).</summary>
    internal static CharClass ClassOf(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return CharClass.Digit;
        }

        if (c < 0x3000)
        {
            return char.IsDigit(c) ? CharClass.Digit : CharClass.Letter;
        }

        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
            (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || char.IsSurrogate(c) || (c >= 0x3100 && c <= 0x318F))
        {
            return CharClass.Cjk;
        }

        return char.IsDigit(c) ? CharClass.Digit : CharClass.Letter;
    }

    /// <summary>
    /// The folded form of one UTF-16 code unit: letters and digits (lower case, no marks), "" for a combining mark,
    /// " " for a separator and <see cref="HardBreak"/> for a hard break. Surrogates are kept as they are.
    /// </summary>
    internal static string FoldChar(char c)
    {
        string? cached = Cache[c];
        if (cached is not null)
        {
            return cached;
        }

        string computed = Compute(c);
        Cache[c] = computed;
        return computed;
    }

    private static string Compute(char c)
    {
        if (c < 0x80)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return ((char)(c + 32)).ToString();
            }

            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                return c.ToString();
            }

            return c < 0x20 || c == '\\' || c == '=' || c == 0x7F ? Hard : Soft;
        }

        if (char.IsSurrogate(c))
        {
            return c.ToString();
        }

        if (c == '\uFFFD' || (c >= 0x80 && c < 0xA0))
        {
            return Hard;
        }

        switch (c)
        {
            case 'ß': return "ss";
            case 'æ': case 'Æ': return "ae";
            case 'œ': case 'Œ': return "oe";
            case 'ø': case 'Ø': return "o";
            case 'ł': case 'Ł': return "l";
            case 'đ': case 'Đ': return "d";
            case 'þ': case 'Þ': return "th";
            case 'ı': return "i";
        }

        string decomposed;
        try
        {
            decomposed = c.ToString().Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return Hard; // unassigned or otherwise not normalizable
        }

        var sb = new StringBuilder(decomposed.Length);
        bool separator = false;
        foreach (char d in decomposed)
        {
            UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(d);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(d))
            {
                sb.Append(char.ToLowerInvariant(d));
            }
            else
            {
                separator = true;
            }
        }

        if (sb.Length == 0)
        {
            return separator ? Soft : string.Empty;
        }

        return sb.ToString();
    }
}
