// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Finds the boxes to black out in every frame of a file. Every frame is examined: candidate lines are found
/// without OCR (cheap), and the finder reads each candidate crop once per clip (its cache makes a static overlay
/// cost one read, and a running clock one read per change), so no frame is skipped or guessed from another. Then
/// a box found in one frame is also blacked out in every other frame that shows the same pixels there
/// (<see cref="StaticTextCarry"/>): static text missed in one frame of a clip is not left behind.
/// </summary>
internal sealed class TextScanner
{
    private readonly ITextFinder _finder;
    private readonly Func<int, IReadOnlyList<TextWord>, IEnumerable<PixelRect>> _select;
    private readonly IReadOnlyList<PixelRect> _imagingRegions;
    private readonly Func<TextWord, bool>? _showsPhi;

    /// <param name="finder">The OCR engine.</param>
    /// <param name="select">Which words of a frame (by index) to black out (all text, or PHI and unclassified text), as boxes with their margin.</param>
    /// <param name="imagingRegions">Ultrasound regions, where text needs stronger evidence.</param>
    /// <param name="showsPhi">
    /// Whether an unconfirmed reading (text on speckle OCR would not vouch for) shows one of the file's own
    /// identifiers: speckle does not spell the patient's birth date or the clip's time, so such a line is blacked out.
    /// </param>
    public TextScanner(ITextFinder finder, Func<int, IReadOnlyList<TextWord>, IEnumerable<PixelRect>> select, IReadOnlyList<PixelRect> imagingRegions, Func<TextWord, bool>? showsPhi = null)
    {
        _finder = finder;
        _select = select;
        _imagingRegions = imagingRegions;
        _showsPhi = showsPhi;
    }

    /// <summary>Frames examined by the last <see cref="Scan"/> (every frame).</summary>
    public int OcrCalls { get; private set; }

    /// <summary>Per frame, the boxes of the last <see cref="Scan"/>'s unconfirmed text (possible text on speckle, not blacked out).</summary>
    public List<PixelRect>[] Unconfirmed { get; private set; } = Array.Empty<List<PixelRect>>();

    /// <summary>Frames kept rendered for <see cref="StaticTextCarry"/> up to this many pixels; beyond, they are rendered again.</summary>
    public const long KeptPixelsLimit = 64L * 1024 * 1024;

    /// <summary>Boxes the last <see cref="Scan"/> carried from one frame of a clip to another.</summary>
    public int Carried { get; private set; }

    /// <summary>
    /// Where the finder keeps the candidate lines of this file's frames (<see cref="CandidateMemo"/>); with it, and
    /// <see cref="FindAhead"/>, a helper thread finds the candidates of the frames ahead of the one being read.
    /// </summary>
    public CandidateMemo? Candidates { get; init; }

    /// <summary>Whether a second core finds the candidates of the next frames while OCR reads this one (<see cref="Candidates"/> needed).</summary>
    public bool FindAhead { get; init; }

    /// <summary>Boxes to black out, per frame (clipped to the frame).</summary>
    public List<PixelRect>[] Scan(IFrameSource frames)
    {
        OcrCalls = 0;
        int n = frames.Count;
        var result = new List<PixelRect>[n];
        Unconfirmed = new List<PixelRect>[n];
        GrayImage[]? kept = n > 1 && (long)n * frames.Rows * frames.Columns <= KeptPixelsLimit ? new GrayImage[n] : null;
        Task? ahead = null;
        int stop = 0;
        if (kept is not null && Candidates is not null && FindAhead)
        {
            // Frame sources are not thread-safe: every frame is rendered here first; the helper only searches.
            StageClock.Mark renderAll = StageClock.Start();
            for (int i = 0; i < n; i++)
            {
                kept[i] = frames.RenderGray(i);
            }

            StageClock.Stop("scan.render", renderAll);
            CandidateMemo memo = Candidates;
            ahead = Task.Factory.StartNew(
                () =>
                {
                    for (int i = 0; i < n && Volatile.Read(ref stop) == 0; i++)
                    {
                        memo.Prefetch(kept[i]);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            ScanFrames(frames, kept, result);
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            try
            {
                ahead?.Wait();
            }
            catch (AggregateException)
            {
                // A search that failed there fails again, and is reported, where its frame is read (the memo keeps the failure).
            }
        }

        StageClock.Mark carry = StageClock.Start();
        Carried = StaticTextCarry.Carry(result, i => kept is not null ? kept[i] : frames.RenderGray(i));
        StageClock.Stop("scan.staticcarry", carry);
        return result;
    }

    private void ScanFrames(IFrameSource frames, GrayImage[]? kept, List<PixelRect>[] result)
    {
        for (int i = 0; i < result.Length; i++)
        {
            GrayImage image;
            if (kept is not null && kept[i] is not null)
            {
                image = kept[i];
            }
            else
            {
                StageClock.Mark render = StageClock.Start();
                image = frames.RenderGray(i);
                StageClock.Stop("scan.render", render);
                if (kept is not null)
                {
                    kept[i] = image;
                }
            }

            StageClock.Mark detect = StageClock.Start();
            IReadOnlyList<TextWord> words = _finder.Detect(image, _imagingRegions);
            StageClock.Stop("scan.detect", detect);
            StageClock.Mark select = StageClock.Start();
            var sure = new List<TextWord>(words.Count);
            Unconfirmed[i] = new List<PixelRect>();
            foreach (TextWord w in words)
            {
                if (w.Unconfirmed && _showsPhi is not null && _showsPhi(w))
                {
                    sure.Add(new TextWord(w.Text, w.Confidence, w.X, w.Y, w.Width, w.Height) { Line = w.Line, TextHeight = w.TextHeight, LineBox = w.LineBox });
                }
                else if (w.Unconfirmed)
                {
                    Unconfirmed[i].Add(w.Box);
                }
                else
                {
                    sure.Add(w);
                }
            }

            result[i] = RectangleMath.Normalize(BridgeWordGaps(new List<PixelRect>(_select(i, Grown(image, sure)))), frames.Columns, frames.Rows);
            StageClock.Stop("scan.select", select);
            OcrCalls++;
        }
    }

    /// <summary>
    /// The words with each line's box grown over the rest of its ink beside it (<see cref="LineExtent"/>): a line
    /// the candidate finder split keeps its other part in the blackout.
    /// </summary>
    internal static List<TextWord> Grown(GrayImage image, List<TextWord> words)
    {
        // Words a finder reports without a line are a line each.
        int Key(int index) => words[index].Line >= 0 ? words[index].Line : -1 - index;
        var lines = new Dictionary<int, (PixelRect Box, int Height)>();
        for (int i = 0; i < words.Count; i++)
        {
            TextWord w = words[i];
            PixelRect box = w.LineBox.Width > 0 ? RectangleMath.Union(w.Box, w.LineBox) : w.Box;
            int height = w.TextHeight > 0 ? w.TextHeight : w.Height;
            lines[Key(i)] = lines.TryGetValue(Key(i), out (PixelRect Box, int Height) known) ? (RectangleMath.Union(known.Box, box), Math.Max(known.Height, height)) : (box, height);
        }

        var grown = new Dictionary<int, PixelRect>();
        foreach (KeyValuePair<int, (PixelRect Box, int Height)> line in lines)
        {
            PixelRect g = LineExtent.Grow(image, line.Value.Box, line.Value.Height);
            if (g != line.Value.Box)
            {
                grown[line.Key] = g;
            }
        }

        if (grown.Count == 0)
        {
            return words;
        }

        var result = new List<TextWord>(words.Count);
        for (int i = 0; i < words.Count; i++)
        {
            TextWord w = words[i];
            result.Add(grown.TryGetValue(Key(i), out PixelRect g)
                ? new TextWord(w.Text, w.Confidence, w.X, w.Y, w.Width, w.Height) { Line = w.Line, Readable = w.Readable, Unconfirmed = w.Unconfirmed, TextHeight = w.TextHeight, LineBox = g }
                : w);
        }

        return result;
    }

    /// <summary>
    /// Adds the strip between two boxes on one band that almost touch (gap at most the smaller box's height, which
    /// with its margins is about one and a half letter heights: two monospace spaces, as after "Birth:"): the space
    /// between words of one line read as two lines, or a colon no line took, would otherwise stay.
    /// </summary>
    internal static List<PixelRect> BridgeWordGaps(List<PixelRect> boxes)
    {
        int n = boxes.Count;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                PixelRect l = boxes[a], r = boxes[b];
                int gap = r.X - l.Right, minHeight = Math.Min(l.Height, r.Height);
                int overlap = Math.Min(l.Bottom, r.Bottom) - Math.Max(l.Y, r.Y);
                if (a == b || gap <= 0 || gap > minHeight || overlap * 2 < minHeight)
                {
                    continue;
                }

                int y0 = Math.Min(l.Y, r.Y);
                boxes.Add(new PixelRect(l.Right, y0, gap, Math.Max(l.Bottom, r.Bottom) - y0));
            }
        }

        return boxes;
    }
}
