// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// How the re-check tells a label line (<see cref="LabelVocabulary"/>) from unclassified text when it reads a line
/// again: the first pass's judgement of each word (so a line the first pass kept is not called PHI on a second
/// reading), and several settings glued into one word split apart ("TIS0.4MI1.1"). Only whole-line rules differ:
/// what is left of a line cut by a blacked-out box must read as more than one short word, and not as numbers alone.
/// </summary>
internal static class RecheckLabels
{
    /// <summary>Whether the words read are a label line; what is left of a cut line must read as more than one short word.</summary>
    public static bool IsLabelLine(IReadOnlyList<TextWord> read, bool cut)
    {
        var words = read.Where(x => x.Text.Any(char.IsLetterOrDigit)).ToList();
        if (words.Count == 0)
        {
            return false;
        }

        // What is left beside a blacked-out box is the rest of the value the box took (a date's "-14", an ID's last
        // digits) unless it reads as words: numbers alone there are never let go as depth or scale labels.
        if (cut && ((words.Count < 2 && words.Sum(x => x.Text.Count(char.IsLetterOrDigit)) < 4) || !words.Any(x => x.Text.Any(char.IsLetter))))
        {
            return false;
        }

        foreach (TextWord w in words)
        {
            if (!IsLabelWord(w))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first pass's judgement (<see cref="LabelVocabulary.IsLabelWord"/>), and settings glued into one word ("TIS0.4MI1.1").</summary>
    private static bool IsLabelWord(TextWord w)
    {
        string t = w.Text.Trim().TrimEnd(':', '.', ',', ';');
        return LabelVocabulary.IsLabelWord(t, w.Confidence) || (w.Confidence >= LabelVocabulary.MinConfidence && Split(t).All(LabelVocabulary.IsLabel));
    }

    /// <summary>"MI0.3" becomes "MI", "0.3": a letter run glued to a number.</summary>
    private static List<string> Split(string t)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (char c in t)
        {
            bool digitLike = char.IsDigit(c) || c == '.' || c == ',';
            if (current.Length > 0 && char.IsLetter(current[current.Length - 1]) && digitLike)
            {
                parts.Add(current.ToString());
                current.Clear();
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }
}
