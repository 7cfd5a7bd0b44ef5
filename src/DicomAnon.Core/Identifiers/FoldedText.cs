// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Text;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// A text after <see cref="IdentifierText"/> folding, with, for every folded character, the span of the source it
/// came from (characters of a string, or bytes of a decoded buffer) and whether a separator preceded it.
/// </summary>
internal sealed class FoldedText
{
    private FoldedText(string text, int[] start, int[] end, bool[] separatorBefore)
    {
        Text = text;
        Start = start;
        End = end;
        SeparatorBefore = separatorBefore;
    }

    public string Text { get; }

    /// <summary>Source offset where folded character k starts.</summary>
    public int[] Start { get; }

    /// <summary>Source offset just after folded character k (combining marks that follow it included).</summary>
    public int[] End { get; }

    /// <summary>True when a separator (dropped) stood between folded characters k-1 and k.</summary>
    public bool[] SeparatorBefore { get; }

    public static FoldedText From(string s)
    {
        if (s is null)
        {
            throw new ArgumentNullException(nameof(s));
        }

        return From(s.ToCharArray(), s.Length, null, null);
    }

    /// <summary>Folds <paramref name="count"/> characters; offsets come from the arrays (null: the character index).</summary>
    public static FoldedText From(char[] chars, int count, int[]? unitStart, int[]? unitEnd)
    {
        var sb = new StringBuilder(count);
        var start = new int[count * 2];
        var end = new int[count * 2];
        var sep = new bool[count * 2];
        bool pendingSeparator = false;
        for (int i = 0; i < count; i++)
        {
            int s = unitStart is null ? i : unitStart[i];
            int e = unitEnd is null ? i + 1 : unitEnd[i];
            string f = IdentifierText.FoldChar(chars[i]);
            if (f.Length == 0)
            {
                if (sb.Length > 0 && !pendingSeparator)
                {
                    end[sb.Length - 1] = e; // a combining mark belongs to the letter before it
                }

                continue;
            }

            if (f[0] == ' ')
            {
                pendingSeparator = true;
                continue;
            }

            foreach (char c in f)
            {
                if (sb.Length == start.Length)
                {
                    Array.Resize(ref start, start.Length * 2);
                    Array.Resize(ref end, end.Length * 2);
                    Array.Resize(ref sep, sep.Length * 2);
                }

                start[sb.Length] = s;
                end[sb.Length] = e;
                sep[sb.Length] = pendingSeparator;
                sb.Append(c);
                pendingSeparator = false;
            }
        }

        return new FoldedText(sb.ToString(), start, end, sep);
    }

    /// <summary>True when folded [s, e) starts and ends on word boundaries (CJK characters are always at one).</summary>
    public bool IsWord(int s, int e)
    {
        string t = Text;
        bool left = s == 0 || SeparatorBefore[s] || t[s - 1] == IdentifierText.HardBreak;
        if (!left)
        {
            CharClass a = IdentifierText.ClassOf(t[s - 1]), b = IdentifierText.ClassOf(t[s]);
            left = a != b || b == CharClass.Cjk;
        }

        if (!left)
        {
            return false;
        }

        if (e >= t.Length || SeparatorBefore[e] || t[e] == IdentifierText.HardBreak)
        {
            return true;
        }

        CharClass c = IdentifierText.ClassOf(t[e - 1]), d = IdentifierText.ClassOf(t[e]);
        return c != d || c == CharClass.Cjk;
    }
}
