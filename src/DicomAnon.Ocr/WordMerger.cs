// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Ocr;

/// <summary>
/// Merges the words found by several passes: detections that overlap by at least half of the smaller box are one
/// word, whose text and confidence come from the most confident detection and whose box is the union of the
/// detections (so a redaction covers every pass's view of the ink). Only detections of the same ink polarity are
/// merged: the pass that does not fit the text reads the halo around the strokes, with boxes up to a top-hat
/// window too large; those stay separate words, so the tight boxes stay tight and the halo still covers ink that
/// the right polarity read only in pieces.
/// </summary>
internal static class WordMerger
{
    public const double OverlapFraction = 0.5;


    /// <summary>Merges detections that all come from passes of one polarity.</summary>
    public static IReadOnlyList<OcrWord> Merge(List<OcrWord> words)
    {
        var candidates = new List<Detection>(words.Count);
        foreach (OcrWord word in words)
        {
            candidates.Add(new Detection(word, BrightInk: true));
        }

        return Merge(candidates);
    }

    public static IReadOnlyList<OcrWord> Merge(List<Detection> detections)
    {
        // Most confident first, so each group's representative is its best reading.
        detections.Sort((a, b) => b.Word.Confidence.CompareTo(a.Word.Confidence));
        var groups = new List<Group>();
        foreach (Detection detection in detections)
        {
            OcrWord word = detection.Word;
            Group? home = null;
            foreach (Group group in groups)
            {
                if (group.BrightInk == detection.BrightInk && SameWord(group, word))
                {
                    home = group;
                    break;
                }
            }

            if (home is null)
            {
                groups.Add(new Group(word, detection.BrightInk));
            }
            else
            {
                home.Add(word);
            }
        }

        var result = new List<OcrWord>(groups.Count);
        foreach (Group group in groups)
        {
            result.Add(new OcrWord(group.Best.Text, group.Best.Confidence, group.X0, group.Y0, group.X1 - group.X0, group.Y1 - group.Y0));
        }

        // Reading order: top to bottom, then left to right.
        result.Sort((a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
        return result;
    }

    private static bool SameWord(Group group, OcrWord word)
    {
        // Compare with the representative box, not the growing union, so chains of neighbours do not fuse.
        OcrWord best = group.Best;
        long ix = Math.Min(best.X + best.Width, word.X + word.Width) - Math.Max(best.X, word.X);
        long iy = Math.Min(best.Y + best.Height, word.Y + word.Height) - Math.Max(best.Y, word.Y);
        if (ix <= 0 || iy <= 0)
        {
            return false;
        }

        long smaller = Math.Min((long)best.Width * best.Height, (long)word.Width * word.Height);
        return ix * iy >= OverlapFraction * smaller;
    }

    private sealed class Group
    {
        public Group(OcrWord best, bool brightInk)
        {
            Best = best;
            BrightInk = brightInk;
            X0 = best.X;
            Y0 = best.Y;
            X1 = best.X + best.Width;
            Y1 = best.Y + best.Height;
        }

        public OcrWord Best { get; }

        public bool BrightInk { get; }

        public int X0 { get; private set; }

        public int Y0 { get; private set; }

        public int X1 { get; private set; }

        public int Y1 { get; private set; }

        public void Add(OcrWord word)
        {

            X0 = Math.Min(X0, word.X);
            Y0 = Math.Min(Y0, word.Y);
            X1 = Math.Max(X1, word.X + word.Width);
            Y1 = Math.Max(Y1, word.Y + word.Height);
        }
    }
}
