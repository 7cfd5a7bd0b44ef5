// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The OCR bridge (the only type that uses the OCR assembly): finds candidate text lines without OCR
/// (<see cref="TextCandidateFinder"/>), has Tesseract read each line crop, and keeps a line only when the
/// evidence is strong enough for where it is.
/// </summary>
/// <remarks>
/// <para>Evidence: on a flat panel (outside any ultrasound region, quiet background) a line of at least
/// <see cref="UnreadableMinCharacters"/> characters of one ink is text even when OCR cannot read it (it is then
/// reported unreadable); a shorter line needs one word read with <see cref="MinConfidence"/>. Inside an ultrasound
/// region, or on a speckled background, a line needs <see cref="StrongMinCharacters"/> characters and a word read
/// with <see cref="StrongMinConfidence"/> and at least two letters or digits, or two independent readings (the
/// extracted strokes and the frame's own grey pixels) that agree on at least <see cref="ConfirmMinCharacters"/>
/// characters: speckle never gets blacked out on a guess. The weaker readings of the flat-ink strokes (a word of
/// <see cref="FlatMinConfidence"/>, or agreement with the first reading) vouch only when what was read could be
/// overlay text (<see cref="PlausibleReading"/>), and inside a declared ultrasound region the less confident word
/// does not vouch at all; a line refused that way is still possible text for the re-check.</para>
/// <para>Readings are cached per crop place and content, so a static overlay of a clip is read once, and a
/// re-check of an unchanged line costs nothing.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: one engine per instance, one instance per thread.</threadsafety>
internal sealed class TesseractTextFinder : ITextFinder
{
    public const float MinConfidence = 55f;
    public const float StrongMinConfidence = 80f;
    public const int UnreadableMinCharacters = 3;
    public const int StrongMinCharacters = 3;
    public const int ConfirmMinCharacters = 5;

    /// <summary>
    /// On speckle, a word of the flat-ink reading (only the pixels of the line's one colour) vouches with this
    /// confidence and <see cref="FlatMinCharacters"/> letters or digits: speckle left at one grey level is sparse
    /// dots, which Tesseract does not read as long confident words.
    /// </summary>
    public const float FlatMinConfidence = 40f;

    public const int FlatMinCharacters = 4;

    /// <summary>Widest gap (in letter heights) between a vouched line and a candidate that continues it (two monospace spaces).</summary>
    public const int NeighbourGap = 2;

    /// <summary>Characters read on a speckle line, unconfirmed, that still count as possible text for the re-check.</summary>
    public const int UnconfirmedMinCharacters = 3;
    private const int CacheLimit = 4096;

    private readonly TextDetector _detector;
    private readonly Dictionary<PixelRect, List<(byte[] Ink, IReadOnlyList<OcrWord> Words)>> _cache = new();
    private int _cached;

    private TesseractTextFinder(TextDetector detector) => _detector = detector;

    /// <summary>
    /// When set, every candidate line of every frame is added with why it was kept or not (diagnostics: which
    /// evidence blacked out a box in a sector).
    /// </summary>
    internal List<(PixelRect Box, string Why, bool Strong, string Text, float Confidence)>? Trace { get; set; }

    /// <summary>Where candidate lines of a file's frames are kept by their pixels (set per file by its remover); null searches every frame.</summary>
    internal CandidateMemo? Candidates { get; set; }

    /// <summary>Line crops read by OCR so far (cache hits excluded).</summary>
    public int LinesRead { get; private set; }

    /// <summary>Loads Tesseract or throws <see cref="OcrEngineNotFoundException"/> with the loader's reason.</summary>
    public static TesseractTextFinder Create(string? libraryPath, string? dataPath)
    {
        if (!TextDetector.TryCreate(libraryPath, dataPath, out TextDetector? detector, out string? reason) || detector is null)
        {
            throw new OcrEngineNotFoundException(reason ?? "Tesseract could not be loaded.");
        }

        return new TesseractTextFinder(detector);
    }

    /// <summary>Whether Tesseract loads; the reason when it does not.</summary>
    public static bool Probe(string? libraryPath, out string reason)
    {
        if (TextDetector.TryCreate(libraryPath, null, out TextDetector? detector, out string? failure))
        {
            detector?.Dispose();
            reason = string.Empty;
            return true;
        }

        reason = failure ?? "Tesseract could not be loaded.";
        return false;
    }

    public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
    {
        var words = new List<TextWord>();
        var vouchedLines = new List<(TextLineCandidate Candidate, int Line, PixelRect Box)>();
        var pending = new List<(TextLineCandidate Candidate, int Line, bool Unconfirmed, string Reading)>();
        int line = 0;
        StageClock.Mark find = StageClock.Start();
        List<TextLineCandidate> candidates = Candidates?.Find(image) ?? TextCandidateFinder.Find(image);
        StageClock.Stop("scan.find", find);
        foreach (TextLineCandidate candidate in candidates)
        {
            bool inRegion = Inside(candidate.Box, imagingRegions);
            bool strong = candidate.NoisyBackground || inRegion;
            if (strong && candidate.Characters < StrongMinCharacters)
            {
                // Too short to vouch for alone on speckle ("ID:" before a wide space): only as part of a line beside it.
                pending.Add((candidate, line++, false, string.Empty));
                continue;
            }

            List<OcrWord> accepted = Words(Read(candidate.Crop, candidate.Ink, candidate.TextHeight), strong, out bool vouched);
            string why = vouched ? (strong ? "strong" : "panel") : string.Empty;

            // Weaker evidence refused (speckle-like reading, or inside a region): not blacked out, but still possible text.
            bool refused = false;
            if (!vouched && strong && candidate.FlatInk is not null)
            {
                // The strokes at the line's flat ink level, without the speckle they touch: a reading of its own,
                // which vouches alone or agrees with the first.
                List<OcrWord> flat = Words(Read(candidate.Crop, candidate.FlatInk, candidate.TextHeight), strong, out bool flatVouched);
                why = flatVouched ? "flat" : why;
                if (!flatVouched)
                {
                    // The less confident flat-ink word, or two readings that agree, is weaker evidence: what was read
                    // must look like overlay text (speckle reads as lower-case syllables), and inside a declared
                    // ultrasound region, where the image is known to be speckle, the less confident word does not vouch.
                    bool weakWord = flat.Any(w => w.Confidence >= FlatMinConfidence && w.Text.Count(char.IsLetterOrDigit) >= FlatMinCharacters);
                    bool agree = Agree(Letters(accepted), Letters(flat));
                    bool plausible = PlausibleReading.IsPlausibleLine(flat) || PlausibleReading.IsPlausibleLine(accepted);
                    flatVouched = plausible && ((weakWord && !inRegion) || agree);
                    refused = !flatVouched && (weakWord || agree);
                    why = flatVouched ? (agree ? "flat-agree" : "flat-weak") : why;
                }

                vouched = flatVouched;
                if (vouched && Letters(flat).Length >= Letters(accepted).Length)
                {
                    accepted = flat;
                }
            }

            if (!vouched && strong)
            {
                vouched = Confirmed(image, candidate, accepted);
                why = vouched ? "confirmed" : why;
                refused &= !vouched;
            }

            Trace?.Add((candidate.Box, vouched ? why : !strong && candidate.Characters >= UnreadableMinCharacters ? "unreadable" : "no", strong, string.Join(" ", accepted.Select(w => w.Text)), accepted.Count == 0 ? 0 : accepted.Max(w => w.Confidence)));

            int h = candidate.TextHeight;
            if (vouched)
            {
                words.AddRange(LineWords(candidate, accepted, line, out PixelRect extent));
                vouchedLines.Add((candidate, line, extent));
            }
            else if (!strong && candidate.Characters >= UnreadableMinCharacters)
            {
                words.Add(new TextWord(string.Empty, 0, candidate.Box.X, candidate.Box.Y, candidate.Box.Width, candidate.Box.Height) { Line = line, TextHeight = h, Readable = false, LineBox = candidate.Box });
            }
            else
            {
                pending.Add((candidate, line, strong && (refused || Letters(accepted).Length >= UnconfirmedMinCharacters), string.Join(" ", accepted.Select(w => w.Text))));
            }

            line++;
        }

        AttachToNeighbours(words, vouchedLines, pending, Trace);
        return words;
    }

    /// <summary>
    /// Candidates that OCR did not vouch for alone but continue a vouched line (same band, height and ink, at most
    /// <see cref="NeighbourGap"/> letter heights away) are part of it: a monospace "ID:" split from its value by a
    /// wide space, or the end of a line whose other letters merged with speckle. They join that line as unreadable
    /// words (so a label line that takes one in is no longer a pure label line) whose box spans the grown line, so
    /// the space between them goes too. The rest stay what they were:
    /// unconfirmed possible text (with its unvouched reading, which a caller may match against the file's own
    /// identifiers), or nothing.
    /// </summary>
    private static void AttachToNeighbours(List<TextWord> words, List<(TextLineCandidate Candidate, int Line, PixelRect Box)> lines, List<(TextLineCandidate Candidate, int Line, bool Unconfirmed, string Reading)> pending, List<(PixelRect Box, string Why, bool Strong, string Text, float Confidence)>? trace)
    {
        bool[] attached = new bool[pending.Count];
        for (bool grew = lines.Count > 0; grew;)
        {
            grew = false;
            for (int p = 0; p < pending.Count; p++)
            {
                TextLineCandidate c = pending[p].Candidate;
                int l = attached[p] ? -1 : lines.FindIndex(v => Continues(v.Candidate, v.Box, c));
                if (l < 0)
                {
                    continue;
                }

                attached[p] = grew = true;
                (TextLineCandidate owner, int ownerLine, PixelRect box) = lines[l];

                // On speckle only the spans of its ink that hold letters join (a reflector it touches does not).
                List<PixelRect> spans = Spans(c);
                lines[l] = (owner, ownerLine, RectangleMath.Union(box, InkSpans.Extent(spans)));
                foreach (PixelRect s in spans)
                {
                    words.Add(new TextWord(string.Empty, 0, s.X, s.Y, s.Width, s.Height) { Line = ownerLine, TextHeight = owner.TextHeight, Readable = false, LineBox = c.NoisyBackground ? RectangleMath.Union(s, box) : lines[l].Box });
                }

                trace?.Add((c.Box, "attached", true, pending[p].Reading, 0));
            }
        }

        for (int p = 0; p < pending.Count; p++)
        {
            TextLineCandidate c = pending[p].Candidate;
            if (!attached[p] && pending[p].Unconfirmed)
            {
                words.Add(new TextWord(pending[p].Reading, 0, c.Box.X, c.Box.Y, c.Box.Width, c.Box.Height) { Line = pending[p].Line, TextHeight = c.TextHeight, Readable = false, Unconfirmed = true, LineBox = c.Box });
            }
        }
    }

    /// <summary>
    /// The words OCR read in a vouched line, back in frame coordinates, each with the part of the line it blacks out
    /// (<see cref="TextWord.LineBox"/>); <paramref name="extent"/> is the line's box for its neighbours. Vertically the
    /// line's own ink decides (Tesseract's word boxes may take in the crop's margin). On speckle the box holds the
    /// strokes at the line's flat ink level (their anti-aliased rim lies around it), and a reflector the strokes touch
    /// runs on past the letters, or from one overlay to another: only the spans of the line that hold letters
    /// (<see cref="InkSpans"/>) are its box there. A word Tesseract stretched over the track is cut back to them, one
    /// it read on the track between two spans is not text, and a span no word was read on goes with the line, unread.
    /// </summary>
    internal static List<TextWord> LineWords(TextLineCandidate candidate, IReadOnlyList<OcrWord> accepted, int line, out PixelRect extent)
    {
        var words = new List<TextWord>();
        int h = candidate.TextHeight;
        List<PixelRect> spans = Spans(candidate);
        extent = InkSpans.Extent(spans);
        PixelRect lineBox = candidate.NoisyBackground ? RectangleMath.Pad(extent, 1) : candidate.Box;
        bool[] covered = new bool[spans.Count];
        foreach (OcrWord w in accepted)
        {
            int x0 = candidate.Crop.X + w.X, x1 = x0 + w.Width;
            int y0 = candidate.Box.Y, y1 = candidate.Box.Bottom;
            PixelRect wordLine = lineBox;
            if (candidate.NoisyBackground)
            {
                x0 = Math.Max(x0, extent.X - 1);
                x1 = Math.Max(x0 + 1, Math.Min(x1, extent.Right + 1));
                if (!OnSpans(spans, covered, x0, x1, out wordLine))
                {
                    continue;
                }
            }

            words.Add(new TextWord(w.Text, w.Confidence, x0, y0, x1 - x0, y1 - y0) { Line = line, TextHeight = h, LineBox = wordLine });
        }

        for (int s = 0; s < spans.Count; s++)
        {
            if (candidate.NoisyBackground && !covered[s])
            {
                words.Add(new TextWord(string.Empty, 0, spans[s].X, spans[s].Y, spans[s].Width, spans[s].Height) { Line = line, TextHeight = h, Readable = false, LineBox = RectangleMath.Pad(spans[s], 1) });
            }
        }

        return words;
    }

    /// <summary>The spans of a line on speckle that hold letters (<see cref="InkSpans"/>); the box alone elsewhere.</summary>
    private static List<PixelRect> Spans(TextLineCandidate c) =>
        c.NoisyBackground ? InkSpans.Find(c.Box, c.Crop, c.FlatInk ?? c.Ink, c.TextHeight) : new List<PixelRect> { c.Box };

    /// <summary>
    /// Whether the word from <paramref name="x0"/> to <paramref name="x1"/> lies on spans of the line; if so
    /// <paramref name="lineBox"/> is their union (padded by the strokes' rim) and they are marked covered.
    /// </summary>
    private static bool OnSpans(List<PixelRect> spans, bool[] covered, int x0, int x1, out PixelRect lineBox)
    {
        lineBox = default;
        bool any = false;
        for (int s = 0; s < spans.Count; s++)
        {
            if (spans[s].X < x1 && spans[s].Right > x0)
            {
                lineBox = any ? RectangleMath.Union(lineBox, spans[s]) : spans[s];
                covered[s] = any = true;
            }
        }

        lineBox = any ? RectangleMath.Pad(lineBox, 1) : lineBox;
        return any;
    }

    /// <summary>Whether <paramref name="c"/> continues the line of <paramref name="owner"/> (now spanning <paramref name="box"/>).</summary>
    private static bool Continues(TextLineCandidate owner, PixelRect box, TextLineCandidate c)
    {
        int hmin = Math.Min(owner.TextHeight, c.TextHeight), hmax = Math.Max(owner.TextHeight, c.TextHeight);
        int overlap = Math.Min(box.Bottom, c.Box.Bottom) - Math.Max(box.Y, c.Box.Y);
        int gap = Math.Max(c.Box.X - box.Right, box.X - c.Box.Right);
        return owner.BrightInk == c.BrightInk && hmin * 4 >= hmax * 3 && overlap * 4 >= Math.Min(box.Height, c.Box.Height) * 3
            && gap <= NeighbourGap * owner.TextHeight && Math.Abs(owner.InkLevel - c.InkLevel) <= TextCandidateFinder.MaxInkDifference;
    }

    public void Dispose() => _detector.Dispose();

    /// <summary>Letters or digits of the words, look-alikes folded.</summary>
    internal static string Letters(IEnumerable<OcrWord> words) => PhiMatcher.Normalize(string.Concat(words.Select(w => w.Text)));

    /// <summary>The words with a letter or digit; <paramref name="vouched"/>: one of them is read confidently enough for where the line is.</summary>
    private static List<OcrWord> Words(IReadOnlyList<OcrWord> read, bool strong, out bool vouched)
    {
        var accepted = new List<OcrWord>();
        vouched = false;
        foreach (OcrWord w in read)
        {
            int alnum = w.Text.Count(char.IsLetterOrDigit);
            if (alnum == 0)
            {
                continue;
            }

            accepted.Add(w);
            vouched |= strong ? w.Confidence >= StrongMinConfidence && alnum >= 2 : w.Confidence >= MinConfidence;
        }

        return accepted;
    }

    /// <summary>Two readings agree: at least <see cref="ConfirmMinCharacters"/> letters, within one edit in five, of similar length.</summary>
    private static bool Agree(string a, string b) =>
        a.Length >= ConfirmMinCharacters && b.Length >= ConfirmMinCharacters && PhiMatcher.SubstringDistance(a, b) * 5 <= a.Length && Math.Abs(a.Length - b.Length) * 5 <= a.Length;

    /// <summary>
    /// A second, independent reading for a line on speckle that OCR read with little confidence: the frame's own
    /// grey pixels of the crop (not the extracted strokes). Speckle read twice, prepared two ways, does not give
    /// the same five or more characters; text does.
    /// </summary>
    private bool Confirmed(GrayImage image, TextLineCandidate candidate, List<OcrWord> first)
    {
        string a = Letters(first);
        if (a.Length < ConfirmMinCharacters)
        {
            return false;
        }

        PixelRect c = candidate.Crop;
        byte[] gray = new byte[c.Width * c.Height];
        for (int y = 0; y < c.Height; y++)
        {
            for (int x = 0; x < c.Width; x++)
            {
                byte v = image.Pixels[((c.Y + y) * image.Width) + c.X + x];
                gray[(y * c.Width) + x] = candidate.BrightInk ? (byte)(255 - v) : v;
            }
        }

        IReadOnlyList<OcrWord> second = _detector.ReadLine(gray, c.Width, c.Height, candidate.TextHeight);
        LinesRead++;
        return Agree(a, Letters(second));
    }

    private static bool Inside(PixelRect box, IReadOnlyList<PixelRect> regions)
    {
        foreach (PixelRect r in regions)
        {
            if (RectangleMath.IntersectionArea(box, r) * 2 > box.Area)
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyList<OcrWord> Read(PixelRect crop, byte[] pixels, int textHeight)
    {
        if (_cache.TryGetValue(crop, out List<(byte[] Ink, IReadOnlyList<OcrWord> Words)>? entries))
        {
            foreach ((byte[] ink, IReadOnlyList<OcrWord> words) in entries)
            {
                if (Similar(ink, pixels))
                {
                    return words;
                }
            }
        }
        else
        {
            entries = new List<(byte[], IReadOnlyList<OcrWord>)>();
            _cache[crop] = entries;
        }

        IReadOnlyList<OcrWord> read = _detector.ReadLine(pixels, crop.Width, crop.Height, textHeight);
        LinesRead++;
        if (_cached >= CacheLimit)
        {
            _cache.Clear();
            _cached = 0;
        }

        entries.Add((pixels, read));
        _cached++;
        return read;
    }

    /// <summary>Same ink within codec noise: mean absolute difference under 4 grey levels.</summary>
    private static bool Similar(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        long diff = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += Math.Abs(a[i] - b[i]);
        }

        return diff < 4L * a.Length;
    }
}
