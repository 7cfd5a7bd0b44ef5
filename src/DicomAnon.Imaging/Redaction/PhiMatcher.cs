// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Decides which OCR words show the file's own PHI, tolerating OCR errors: case and punctuation are
/// ignored, look-alike characters are folded (O/Q to 0, I/L to 1, S to 5, B to 8, Z to 2), and terms of 6+
/// characters allow one edit (10+: two). Terms of 4+ characters also match inside a longer word
/// ("ID:12345678"); shorter terms must equal a whole word. Neighbouring words on one line are joined
/// (up to four) so "12 Mar 2024" or "Jane Doe" match too; a run is marked unless a shorter run inside it matches
/// at least as well (so "SMITH JOHN" marks only SMITH when JOHN is not PHI, but "05 Mar 2024" marks all three).
/// </summary>
internal static class PhiMatcher
{
    private const int MaxWindow = 4;

    /// <summary>Upper case, letters and digits only, look-alikes folded.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char raw in text)
        {
            char c = char.ToUpperInvariant(raw);
            switch (c)
            {
                case 'O':
                case 'Q':
                    sb.Append('0');
                    break;
                case 'I':
                case 'L':
                case '|':
                case '!':
                    sb.Append('1');
                    break;
                case 'S':
                    sb.Append('5');
                    break;
                case 'B':
                    sb.Append('8');
                    break;
                case 'Z':
                    sb.Append('2');
                    break;
                default:
                    if (char.IsLetterOrDigit(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>For each word, whether it shows PHI.</summary>
    public static bool[] Match(IReadOnlyList<TextWord> words, PhiValues phi)
    {
        bool[] result = new bool[words.Count];
        if (phi.Count == 0 || words.Count == 0)
        {
            return result;
        }

        string[] norm = words.Select(w => Normalize(w.Text)).ToArray();
        foreach (List<int> line in Lines(words))
        {
            for (int len = 1; len <= MaxWindow && len <= line.Count; len++)
            {
                for (int start = 0; start + len <= line.Count; start++)
                {
                    if (!Adjacent(words, line, start, len))
                    {
                        continue;
                    }

                    int score = Score(Join(norm, line, start, len), len == 1, phi);
                    if (score > 0)
                    {
                        continue;
                    }

                    // Tightest run only: a shorter run (without the first or last word) that matches as well wins.
                    if (len > 1 && (Score(Join(norm, line, start + 1, len - 1), len - 1 == 1, phi) <= score || Score(Join(norm, line, start, len - 1), len - 1 == 1, phi) <= score))
                    {
                        continue;
                    }

                    for (int k = start; k < start + len; k++)
                    {
                        result[line[k]] = true;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Whether normalised text shows one of the terms.</summary>
    public static bool Matches(string text, bool wholeWord, PhiValues phi) => Score(text, wholeWord, phi) <= 0;

    /// <summary>
    /// Best margin of <paramref name="text"/> over the terms: edit distance minus the edits allowed for the term
    /// (&lt;= 0 is a match; lower is a better match); <see cref="int.MaxValue"/> when nothing is close.
    /// </summary>
    public static int Score(string text, bool wholeWord, PhiValues phi)
    {
        int best = int.MaxValue;
        if (text.Length == 0)
        {
            return best;
        }

        foreach (string term in phi.Terms)
        {
            if (term.Length <= 3)
            {
                if (wholeWord && string.Equals(term, text, StringComparison.Ordinal))
                {
                    best = Math.Min(best, -1);
                }

                continue;
            }

            int allowed = term.Length >= 10 ? 2 : term.Length >= 6 ? 1 : 0;
            if (text.Length + allowed < term.Length)
            {
                continue;
            }

            int distance = allowed == 0 ? (text.IndexOf(term, StringComparison.Ordinal) >= 0 ? 0 : int.MaxValue) : SubstringDistance(term, text);
            if (distance <= allowed)
            {
                best = Math.Min(best, distance - allowed);
            }
        }

        return best;
    }

    /// <summary>Smallest edit distance between <paramref name="pattern"/> and any substring of <paramref name="text"/> (Sellers).</summary>
    public static int SubstringDistance(string pattern, string text)
    {
        int m = pattern.Length;
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int i = 0; i <= m; i++)
        {
            prev[i] = i;
        }

        int best = prev[m];
        foreach (char c in text)
        {
            cur[0] = 0; // a match may start anywhere in text
            for (int i = 1; i <= m; i++)
            {
                int sub = prev[i - 1] + (pattern[i - 1] == c ? 0 : 1);
                cur[i] = Math.Min(sub, Math.Min(prev[i] + 1, cur[i - 1] + 1));
            }

            best = Math.Min(best, cur[m]);
            (prev, cur) = (cur, prev);
        }

        return best;
    }

    private static string Join(string[] norm, List<int> line, int start, int len)
    {
        var sb = new StringBuilder();
        for (int k = start; k < start + len; k++)
        {
            sb.Append(norm[line[k]]);
        }

        return sb.ToString();
    }

    private static bool Adjacent(IReadOnlyList<TextWord> words, List<int> line, int start, int len)
    {
        for (int k = start + 1; k < start + len; k++)
        {
            TextWord a = words[line[k - 1]], b = words[line[k]];
            int gap = b.X - (a.X + a.Width);
            if (gap > 3 * Math.Max(a.Height, b.Height))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words grouped into lines (vertical overlap of at least half the smaller height), each sorted left to right.</summary>
    private static List<List<int>> Lines(IReadOnlyList<TextWord> words)
    {
        var order = Enumerable.Range(0, words.Count).OrderBy(i => words[i].Y + (words[i].Height / 2)).ThenBy(i => words[i].X).ToList();
        var lines = new List<List<int>>();
        foreach (int i in order)
        {
            TextWord w = words[i];
            List<int>? home = null;
            foreach (List<int> line in lines)
            {
                TextWord r = words[line[0]];
                int overlap = Math.Min(r.Y + r.Height, w.Y + w.Height) - Math.Max(r.Y, w.Y);
                if (overlap * 2 >= Math.Min(r.Height, w.Height))
                {
                    home = line;
                    break;
                }
            }

            if (home is null)
            {
                lines.Add(new List<int> { i });
            }
            else
            {
                home.Add(i);
            }
        }

        foreach (List<int> line in lines)
        {
            line.Sort((a, b) => words[a].X.CompareTo(words[b].X));
        }

        return lines;
    }
}
