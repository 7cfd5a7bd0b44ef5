// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.TestSupport.TextImages;

namespace DicomAnon.Ocr.Tests;

/// <summary>Scores detections against rendered ground truth, word by word.</summary>
internal sealed class RecallMeasure
{
    /// <summary>A word counts as found when detected boxes cover at least this fraction of its ink box.</summary>
    public const double FoundCoverage = 0.7;

    private readonly Dictionary<int, (int Words, int Found, int Read)> _bySize = [];

    public int Words { get; private set; }

    public int Found { get; private set; }

    public int Read { get; private set; }

    public int FalsePositives { get; private set; }

    public int Detections { get; private set; }

    public List<string> Misses { get; } = [];

    public IReadOnlyDictionary<int, (int Words, int Found, int Read)> BySize => _bySize;

    public static double Coverage(PixelBox box, IEnumerable<OcrWord> detected) => Coverage(box, detected.Select(BoxOf));

    /// <summary>Fraction of <paramref name="box"/> covered by the union of <paramref name="by"/>.</summary>
    public static double Coverage(PixelBox box, IEnumerable<PixelBox> by)
    {
        // Pixel mask over the word's box: exact for overlapping detections.
        bool[] covered = new bool[box.Width * box.Height];
        foreach (PixelBox d in by)
        {
            int x0 = Math.Max(box.X, d.X), x1 = Math.Min(box.Right, d.Right);
            int y0 = Math.Max(box.Y, d.Y), y1 = Math.Min(box.Bottom, d.Bottom);
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    covered[((y - box.Y) * box.Width) + (x - box.X)] = true;
                }
            }
        }

        return covered.Count(c => c) / (double)covered.Length;
    }

    public static PixelBox BoxOf(OcrWord word) => new(word.X, word.Y, word.Width, word.Height);

    public void Add(GrayTextImage image, IReadOnlyList<OcrWord> detected, string label)
    {
        var allWords = image.Texts.SelectMany(t => t.Words.Select(w => (Word: w, t.Spec.PixelHeight))).ToList();
        foreach (var (word, size) in allWords)
        {
            double coverage = Coverage(word.Box, detected);
            bool found = coverage >= FoundCoverage;
            bool read = detected.Any(d => BoxOf(d).IntersectionArea(word.Box) > 0 && d.Text == word.Text);
            Words++;
            Found += found ? 1 : 0;
            Read += read ? 1 : 0;
            _bySize.TryGetValue(size, out var s);
            _bySize[size] = (s.Words + 1, s.Found + (found ? 1 : 0), s.Read + (read ? 1 : 0));
            if (!found)
            {
                string near = string.Join(", ", detected.Where(d => BoxOf(d).IntersectionArea(word.Box) > 0).Select(d => FormattableString.Invariant($"'{d.Text}' {d.Confidence:F0} {BoxOf(d)}")));
                Misses.Add(FormattableString.Invariant($"{label}: '{word.Text}' {word.Box} covered {coverage:P0}; overlapping: {near}"));
            }
        }

        Detections += detected.Count;
        FalsePositives += detected.Count(d => !allWords.Any(w => w.Word.Box.IntersectionArea(BoxOf(d)) > 0));
    }

    public string Summary()
    {
        var lines = new List<string>
        {
            FormattableString.Invariant($"words {Words}, found {Found} ({(double)Found / Words:P1}), read exactly {Read} ({(double)Read / Words:P1}), detections {Detections}, false positives {FalsePositives}"),
        };
        foreach (var (size, s) in _bySize.OrderBy(p => p.Key))
        {
            lines.Add(FormattableString.Invariant($"  {size,2} px: {s.Found}/{s.Words} found ({(double)s.Found / s.Words:P1}), {s.Read} read"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
