// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// A text after <see cref="IdentifierText"/> folding, with, for every folded character, the span of the source it
/// came from (characters of a string, or bytes of a decoded buffer) and whether a separator preceded it.
/// </summary>
internal sealed class FoldedText
{
    private const int ScratchLimit = 1 << 16;
    private const int TransientLimit = 4096;

    [ThreadStatic]
    private static char[]? _scratch;

    [ThreadStatic]
    private static FoldedText? _transient;

    private char[] _chars;

    private FoldedText(int capacity)
    {
        _chars = new char[capacity];
        Start = new int[capacity];
        End = new int[capacity];
        SeparatorBefore = new bool[capacity];
    }

    /// <summary>The folded characters: the first <see cref="Length"/> of them (no string is made: this runs for every value).</summary>
    public char[] Chars => _chars;

    /// <summary>Number of folded characters.</summary>
    public int Length { get; private set; }

    /// <summary>Source offset where folded character k starts (the array may be longer than <see cref="Length"/>).</summary>
    public int[] Start { get; private set; }

    /// <summary>Source offset just after folded character k (combining marks that follow it included).</summary>
    public int[] End { get; private set; }

    /// <summary>True when a separator (dropped) stood between folded characters k-1 and k.</summary>
    public bool[] SeparatorBefore { get; private set; }

    public static FoldedText From(string s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }

        if (s.Length > ScratchLimit)
        {
            return From(s.ToCharArray(), s.Length, null, null);
        }

        var folded = new FoldedText(s.Length + 8);
        folded.Fill(Characters(s), s.Length, null, null);
        return folded;
    }

    /// <summary>
    /// As <see cref="From(string)"/>, into one instance per thread that the next call on the thread refills: for a
    /// search that drops the folded text before it returns (the echo scan folds every value of every file).
    /// </summary>
    public static FoldedText Transient(string s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }

        if (s.Length > TransientLimit)
        {
            return From(s); // not kept for the thread: one long value should not pin large arrays
        }

        FoldedText folded = _transient ??= new FoldedText(TransientLimit + 8);
        folded.Fill(Characters(s), s.Length, null, null);
        return folded;
    }

    /// <summary>
    /// As <see cref="Transient(string)"/>, for the first <paramref name="count"/> characters of <paramref name="chars"/>;
    /// offsets come from the arrays (null: the character index).
    /// </summary>
    public static FoldedText Transient(char[] chars, int count, int[]? unitStart = null, int[]? unitEnd = null)
    {
        if (chars is null)
        {
            throw new ArgumentNullException(nameof(chars));
        }

        if (count > TransientLimit)
        {
            return From(chars, count, unitStart, unitEnd);
        }

        FoldedText folded = _transient ??= new FoldedText(TransientLimit + 8);
        folded.Fill(chars, count, unitStart, unitEnd);
        return folded;
    }

    /// <summary>Folds <paramref name="count"/> characters; offsets come from the arrays (null: the character index).</summary>
    public static FoldedText From(char[] chars, int count, int[]? unitStart, int[]? unitEnd)
    {
        var folded = new FoldedText(count + 8);
        folded.Fill(chars, count, unitStart, unitEnd);
        return folded;
    }

    /// <summary>The characters of <paramref name="s"/> in a per-thread scratch array (they are only read).</summary>
    private static char[] Characters(string s)
    {
        char[] chars = _scratch is { } kept && kept.Length >= s.Length ? kept : (_scratch = new char[Math.Max(256, s.Length)]);
        s.CopyTo(0, chars, 0, s.Length);
        return chars;
    }

    private void Fill(char[] chars, int count, int[]? unitStart, int[]? unitEnd)
    {
        int capacity = _chars.Length;
        if (capacity < count + 8)
        {
            capacity = count + 8;
            _chars = new char[capacity];
            Start = new int[capacity];
            End = new int[capacity];
            SeparatorBefore = new bool[capacity];
        }

        char[] text = _chars;
        int[] start = Start;
        int[] end = End;
        bool[] sep = SeparatorBefore;
        int n = 0;
        bool pendingSeparator = false;
        for (int i = 0; i < count; i++)
        {
            int s = unitStart is null ? i : unitStart[i];
            int e = unitEnd is null ? i + 1 : unitEnd[i];
            char c = chars[i];
            if (c < 0x80)
            {
                // ASCII inline (most of every header): letters lowered, digits kept, the rest separators or breaks
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + 32);
                }
                else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                {
                    if (c < 0x20 || c == '\\' || c == '=' || c == 0x7F)
                    {
                        c = IdentifierText.HardBreak;
                    }
                    else
                    {
                        pendingSeparator = true;
                        continue;
                    }
                }

                if (n == capacity)
                {
                    Grow(ref text, ref start, ref end, ref sep, ref capacity);
                }

                text[n] = c;
                start[n] = s;
                end[n] = e;
                sep[n] = pendingSeparator;
                n++;
                pendingSeparator = false;
                continue;
            }

            string f = IdentifierText.FoldChar(c);
            if (f.Length == 0)
            {
                if (n > 0 && !pendingSeparator)
                {
                    end[n - 1] = e; // a combining mark belongs to the letter before it
                }

                continue;
            }

            if (f[0] == ' ')
            {
                pendingSeparator = true;
                continue;
            }

            foreach (char fc in f)
            {
                if (n == capacity)
                {
                    Grow(ref text, ref start, ref end, ref sep, ref capacity);
                }

                text[n] = fc;
                start[n] = s;
                end[n] = e;
                sep[n] = pendingSeparator;
                n++;
                pendingSeparator = false;
            }
        }

        _chars = text;
        Start = start;
        End = end;
        SeparatorBefore = sep;
        Length = n;
    }

    private static void Grow(ref char[] text, ref int[] start, ref int[] end, ref bool[] sep, ref int capacity)
    {
        capacity *= 2;
        Array.Resize(ref text, capacity);
        Array.Resize(ref start, capacity);
        Array.Resize(ref end, capacity);
        Array.Resize(ref sep, capacity);
    }

    /// <summary>True when folded position <paramref name="s"/> starts a word (CJK characters always do).</summary>
    public bool StartsWord(int s)
    {
        char[] t = _chars;
        if (s == 0 || SeparatorBefore[s] || t[s - 1] == IdentifierText.HardBreak)
        {
            return true;
        }

        CharClass a = IdentifierText.ClassOf(t[s - 1]), b = IdentifierText.ClassOf(t[s]);
        return a != b || b == CharClass.Cjk;
    }

    /// <summary>True when folded [s, e) starts and ends on word boundaries (CJK characters are always at one).</summary>
    public bool IsWord(int s, int e)
    {
        char[] t = _chars;
        if (!StartsWord(s))
        {
            return false;
        }

        if (e >= Length || SeparatorBefore[e] || t[e] == IdentifierText.HardBreak)
        {
            return true;
        }

        CharClass c = IdentifierText.ClassOf(t[e - 1]), d = IdentifierText.ClassOf(t[e]);
        return c != d || c == CharClass.Cjk;
    }
}
