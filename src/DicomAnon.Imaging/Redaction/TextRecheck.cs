// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The re-check after cleaning, independent of the first pass (<see cref="TesseractTextFinder"/>): it does not
/// trust what the first pass found or read, so it does not simply miss what the first pass missed.
/// </summary>
/// <remarks>
/// <para>Per frame, the background level (the frame's most common grey) and, in blocks of
/// <see cref="BlockSize"/> px, where the frame is textured (speckle, anatomy: most pixels vary, little background) are measured.
/// On the flat part, every pixel at least <see cref="InkContrast"/> from the background is ink, whatever its
/// polarity or outline; connected ink that touches a blacked-out box means the box cut through text
/// (<see cref="RecheckEvidence.CutByBlackout"/>), and character-sized blobs in a row are text
/// (<see cref="RecheckEvidence.TextLikeInk"/>). In PHI-only mode such a row is let go only when this re-check's
/// own reading (blacked-out boxes and textured blocks masked out of the crop) is a confident label line
/// (<see cref="LabelVocabulary"/>, <see cref="RecheckLabels"/>).</para>
/// <para>On the textured part, speckle makes blobs of every shape, so only a reading counts: every candidate line
/// is binarized its own way (midway between its ink and its background, not the first pass's top-hat strokes;
/// blacked-out boxes are never ink) and read again; <see cref="ReadMinCharacters"/> letters or digits read with
/// <see cref="ReadMinConfidence"/>, confirmed by a reading of the candidate's own strokes, are text
/// (<see cref="RecheckEvidence.ReadOnImage"/>).</para>
/// <para>PhiOnly: text lying wholly inside the span of a line the first pass kept as labels is that classified
/// line, not unclassified text. A candidate whose ink climbs along it (<see cref="IsOblique"/>) is a streak of
/// speckle on an oblique reflector (<see cref="Streaks"/>): the remover drops a first-pass guess there, but the
/// re-check still reads it.</para>
/// <para>Speckle is read only where something there looks like text: the candidate lines, and the strip beside a
/// blacked-out box only where a candidate line reaches into it at the cut.</para>
/// <para>Readings are cached per crop place and content, so the static overlay of a clip is read once.</para>
/// </remarks>
/// <threadsafety>Not thread-safe (the reader and the cache): one instance per thread.</threadsafety>
internal sealed class TextRecheck
{
    /// <summary>Side (px) of the blocks in which texture is measured.</summary>
    public const int BlockSize = 16;

    /// <summary>Share of a block's pixels that must vary (off the background, not flat) for it to be textured; text rarely covers this much of a block.</summary>
    public const double TexturedShare = 0.45;

    /// <summary>A block where this share of pixels varies is textured whatever its background share: no text is that busy.</summary>
    public const double BusyShare = 0.6;

    /// <summary>A textured block has less than this share of background pixels (text always leaves more between its strokes).</summary>
    public const double BackgroundShare = 0.3;

    /// <summary>Most difference (grey levels) between the strongest pixels of two characters of one row: overlay text has one colour.</summary>
    public const int MaxInkDifference = 64;

    /// <summary>Least difference (grey levels) from the background for a pixel to count towards texture.</summary>
    public const int TextureContrast = 12;

    /// <summary>Least difference (grey levels) from the background for a pixel of a flat area to be ink.</summary>
    public const int InkContrast = 40;

    public const int MinCharHeight = 4;
    public const int MaxCharHeight = 64;

    /// <summary>Tallest single blob taken for a word of touching letters (taller ones are graphics).</summary>
    public const int MaxWordHeight = 40;

    /// <summary>Least ink pixels of a cut fragment (fewer is anti-aliasing dust, not readable).</summary>
    public const int MinCutPixels = 5;

    /// <summary>Least stroke pixels of one exact grey beside a blacked-out box, on texture, that are a cut letter (a short stroke of a 9 px letter has about this many).</summary>
    public const int MinFlatInkPixels = 12;

    /// <summary>Least difference (grey levels) within two pixels that makes a flat pixel a stroke's edge rather than a speckle plateau.</summary>
    public const int StrokeEdgeContrast = 32;

    /// <summary>Least OCR confidence of the words that make a reading on a textured area count.</summary>
    public const float ReadMinConfidence = 80f;

    /// <summary>Least confidence of the second reading (the candidate's own strokes) that confirms a line on a textured area.</summary>
    public const float ConfirmMinConfidence = 60f;

    /// <summary>Least letters or digits, read with <see cref="ReadMinConfidence"/>, that make a line on a textured area text.</summary>
    public const int ReadMinCharacters = 3;

    /// <summary>Lengths (in box heights) of the strips read beside a blacked-out box on texture: the cut-off word, then a longer one.</summary>
    private static readonly int[] BesideReaches = { 3, 5 };

    /// <summary>Most strips read beside blacked-out boxes per frame (four per box end at most); beyond, a strip is reported as not read.</summary>
    public const int MaxBesideReadsPerFrame = 64;

    /// <summary>Height (px) above which a box's strips must read as text twice (<see cref="ReadBesideBlackout"/>).</summary>
    public const int BesideTallBox = 24;

    /// <summary>Least OCR confidence of the words read beside a blacked-out box on texture (the rest of a line the first pass read as PHI: a cut-off word reads less surely).</summary>
    public const float BesideMinConfidence = 70f;

    /// <summary>Most candidate lines read per frame on textured areas; more are reported as not read (not proven clean).</summary>
    public const int MaxReadsPerFrame = 24;

    private const int CacheLimit = 2048;

    private readonly ILineReader? _reader;
    private readonly RedactionTarget _target;
    private readonly IReadOnlyList<PixelRect> _imagingRegions;
    private readonly Dictionary<PixelRect, List<(byte[] Crop, IReadOnlyList<TextWord> Words)>> _cache = new();
    private int _cached;

    /// <param name="reader">Reads line crops; null when no OCR engine is available (then lines that need a reading are reported as not read).</param>
    /// <param name="target">AllText: any text left is reported. PhiOnly: rows read confidently as label lines are not.</param>
    /// <param name="imagingRegions">Ultrasound regions: a row of the flat part there needs three characters (texture is measured, not assumed).</param>
    public TextRecheck(ILineReader? reader, RedactionTarget target, IReadOnlyList<PixelRect> imagingRegions)
    {
        _reader = reader;
        _target = target;
        _imagingRegions = imagingRegions ?? Array.Empty<PixelRect>();
    }

    /// <summary>PhiOnly: the boxes the last <see cref="Check"/> read as label lines (classified, so not reported).</summary>
    public List<PixelRect> Labels { get; } = new();

    /// <summary>
    /// The candidate lines of the last <see cref="Check"/> whose ink climbs or falls along the line (<see cref="IsOblique"/>):
    /// speckle along a bright oblique reflector, never level overlay text. A first-pass guess on one is not text.
    /// </summary>
    public List<PixelRect> Streaks { get; } = new();

    /// <summary>Least slope (rows per column) of a candidate's ink for it to be an oblique streak rather than a line of text.</summary>
    public const double ObliqueSlope = 0.1;

    /// <summary>Line crops read so far (cache hits excluded).</summary>
    public int LinesRead { get; private set; }

    /// <summary>Readings of earlier frames of the same clip, carried to a crop whose pixels did not change beyond noise (<see cref="RecheckReadingCarry"/>); null reads every crop.</summary>
    internal RecheckReadingCarry? Carry { get; init; }

    /// <summary>The file's candidate lines kept by frame pixels (<see cref="CandidateMemo"/>); null searches every frame.</summary>
    internal CandidateMemo? Candidates { get; init; }

    /// <summary>
    /// Diagnostics only (null unless a measurement sets it, on the thread that re-checks): told which kind of
    /// reading ("candidate", "strokes", "beside", "flat label") the next call to the reader is. Never logged.
    /// </summary>
    [ThreadStatic]
    internal static Action<string>? ReadObserver;

    /// <summary>Diagnostics only (null unless a measurement sets it, on the thread that re-checks): each reading beside a blacked-out box, where and how sure; never the text.</summary>
    [ThreadStatic]
    internal static Action<string>? BesideTrace;

    /// <summary>Boxes of frame <paramref name="frame"/> (already cleaned: <paramref name="blacked"/> are its blacked-out boxes) where text remains.</summary>
    /// <param name="classifiedLabels">
    /// PhiOnly: the spans (first to last word) of the lines the first pass read confidently as label lines
    /// (<see cref="LabelVocabulary.IsLabelLine"/>) and kept. Text lying wholly inside one is that classified line,
    /// not unclassified text (<see cref="Labels"/>); text reaching beyond it is judged as any other.
    /// </param>
    public List<RecheckFinding> Check(int frame, GrayImage image, IReadOnlyList<PixelRect> blacked, IReadOnlyList<PixelRect>? classifiedLabels = null)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        Labels.Clear();
        int w = image.Width, h = image.Height;
        byte[] px = image.Pixels;
        bool[] black = Mask(blacked, w, h);
        int background = Background(px, black);
        int bw = (w + BlockSize - 1) / BlockSize, bh = (h + BlockSize - 1) / BlockSize;
        bool[] textured = Textured(px, black, w, h, background, bw, bh);
        bool IsTextured(int x, int y) => textured[((y / BlockSize) * bw) + (x / BlockSize)];

        var findings = new List<RecheckFinding>();
        var chars = new List<Blob>();
        foreach (Blob b in InkBlobs(px, black, w, h, background, IsTextured))
        {
            bool charSized = b.Height >= MinCharHeight && b.Height <= MaxCharHeight && b.Count >= 4 && b.Width <= 40 * b.Height;
            double fill = (double)b.Count / b.Box.Area;
            if (charSized && fill >= 0.06 && fill <= 0.9)
            {
                chars.Add(b);
            }
            else if (b.TouchesBlack && b.Count >= MinCutPixels && b.Height <= MaxCharHeight && b.Width <= 4 * MaxCharHeight
                && !(_target == RedactionTarget.PhiOnly && InsideLabel(b.Box, classifiedLabels)))
            {
                // A sliver the box left of a stroke, outline or halo: no shape to judge, and no label either.
                findings.Add(new RecheckFinding(frame, b.Box, RecheckEvidence.CutByBlackout));
            }
        }

        foreach (Row row in Rows(chars))
        {
            PixelRect box = row.Box;
            int th = row.TextHeight;

            // The rest of a line the blackout did not cover sits beside a blacked-out box, on its band.
            bool besideBlackout = blacked.Any(r => RectangleMath.Intersects(RectangleMath.Pad(box, th), r) && Math.Min(r.Bottom, box.Bottom) - Math.Max(r.Y, box.Y) > box.Height / 2);
            // Inside an ultrasound region, a row needs three characters (or to continue a blacked-out line).
            bool shortRow = !Inside(box, _imagingRegions) && ((row.Count >= 2 && box.Width >= (6 * th / 5)) || (row.Count == 1 && box.Width >= 3 * th && th <= MaxWordHeight));
            bool textLike = row.Count >= 3 || shortRow || besideBlackout || row.Cut;
            if (!textLike)
            {
                continue;
            }

            if (_target == RedactionTarget.PhiOnly && (InsideLabel(box, classifiedLabels) || (_reader is not null && FlatRowIsLabel(px, w, h, background, box, th, row.Cut || besideBlackout, i => black[i] || IsTextured(i % w, i / w)))))
            {
                Labels.Add(box);
                continue;
            }

            findings.Add(new RecheckFinding(frame, box, row.Cut ? RecheckEvidence.CutByBlackout : besideBlackout ? RecheckEvidence.BesideBlackout : RecheckEvidence.TextLikeInk));
        }

        foreach (PixelRect r in blacked)
        {
            foreach (PixelRect beside in new[] { new PixelRect(r.X - EndReach(r), r.Y, EndReach(r), r.Height), new PixelRect(r.Right, r.Y, EndReach(r), r.Height) })
            {
                if (FlatInkOnTexture(px, black, w, h, background, beside.ClipTo(w, h), IsTextured))
                {
                    findings.Add(new RecheckFinding(frame, beside.ClipTo(w, h), RecheckEvidence.CutByBlackout));
                }
            }
        }

        int reads = 0, besideReads = 0;
        DicomAnon.Ocr.StageClock.Mark find = DicomAnon.Ocr.StageClock.Start();
        List<TextLineCandidate> candidates = Candidates?.Find(image) ?? TextCandidateFinder.Find(image);
        DicomAnon.Ocr.StageClock.Stop("recheck.find", find);
        foreach (PixelRect r in blacked)
        {
            if (findings.Any(f => RectangleMath.Intersects(RectangleMath.Pad(f.Box, 1), r)))
            {
                continue;
            }

            // Its own budget: the candidate lines below keep theirs.
            PixelRect? beside = ReadBesideBlackout(px, black, w, h, r, IsTextured, classifiedLabels, candidates, ref besideReads);
            if (beside is not null)
            {
                findings.Add(new RecheckFinding(frame, beside.Value, besideReads > MaxBesideReadsPerFrame ? RecheckEvidence.NotRead : RecheckEvidence.BesideBlackout));
            }
        }

        Streaks.Clear();
        foreach (TextLineCandidate c in candidates)
        {
            PixelRect box = c.Box;
            if (IsOblique(c))
            {
                // A chain of speckle along a bright oblique line (specular reflector, fascia): overlay text is level.
                // It is still read below: only a first-pass guess is dismissed on this evidence, never a reading.
                Streaks.Add(box);
            }

            // Flat areas are judged by their ink blobs above, against the frame's one background; dark text on a
            // light panel (a patient banner, a label box) is not ink against that background, so only its
            // candidate can name it.
            bool darkOnPanel = !c.BrightInk && !c.NoisyBackground;
            if ((!darkOnPanel && !IsTextured(box.X + (box.Width / 2), box.Y + (box.Height / 2))) || Covered(box, black, w) || findings.Any(f => RectangleMath.Intersects(f.Box, box)))
            {
                continue;
            }

            if (_target == RedactionTarget.PhiOnly && InsideLabel(box, classifiedLabels))
            {
                Labels.Add(box);
                continue;
            }

            if (_reader is null || reads >= MaxReadsPerFrame)
            {
                findings.Add(new RecheckFinding(frame, box, RecheckEvidence.NotRead));
                continue;
            }

            reads++;
            IReadOnlyList<TextWord> words = Read(Binarize(px, w, c, black), c.Crop, c.TextHeight, "candidate");
            int sure = words.Where(x => x.Confidence >= ReadMinConfidence).Sum(x => x.Text.Count(char.IsLetterOrDigit));
            if (sure < ReadMinCharacters)
            {
                continue;
            }

            // Speckle cut by a box can read as a confident short word in one preparation; text reads in the
            // candidate's own strokes too.
            IReadOnlyList<TextWord> strokes = Read(c.Ink, c.Crop, c.TextHeight, "strokes");
            if (strokes.Where(x => x.Confidence >= ConfirmMinConfidence).Sum(x => x.Text.Count(char.IsLetterOrDigit)) < ReadMinCharacters)
            {
                continue;
            }

            if (_target == RedactionTarget.PhiOnly && (IsLabel(words, false) || IsLabel(strokes, false)))
            {
                Labels.Add(box);
                continue;
            }

            findings.Add(new RecheckFinding(frame, box, RecheckEvidence.ReadOnImage));
        }

        return findings;
    }

    /// <summary>
    /// Whether <paramref name="box"/> lies wholly inside the span of a line the first pass classified as labels,
    /// padded by a quarter of its height (OCR word boxes sit a pixel or two inside the ink, the re-check's boxes on
    /// its anti-aliased rim).
    /// </summary>
    internal static bool InsideLabel(PixelRect box, IReadOnlyList<PixelRect>? labels) =>
        labels is not null && labels.Any(l => RectangleMath.IntersectionArea(RectangleMath.Pad(l, Math.Max(2, l.Height / 4)), box) == box.Area);

    /// <summary>
    /// Whether a candidate's ink climbs or falls along it: the mean row of each ink column, fitted by a straight
    /// line, has a slope of at least <see cref="ObliqueSlope"/> and rises over more than the letter height, on a
    /// box at least twice as tall as the letters and three letters long. Burned-in text is drawn level; its
    /// descenders and capitals move a column's mean row up and down, not steadily one way.
    /// </summary>
    internal static bool IsOblique(TextLineCandidate c)
    {
        PixelRect crop = c.Crop;
        if (c.Box.Height < 2 * c.TextHeight || c.Box.Width < 3 * c.TextHeight)
        {
            return false;
        }

        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int first = -1, last = -1;
        for (int x = 0; x < crop.Width; x++)
        {
            long rowSum = 0;
            int count = 0;
            for (int y = 0; y < crop.Height; y++)
            {
                if (c.Ink[(y * crop.Width) + x] < 128)
                {
                    rowSum += y;
                    count++;
                }
            }

            if (count == 0)
            {
                continue;
            }

            double my = (double)rowSum / count;
            n++;
            sx += x;
            sy += my;
            sxx += (double)x * x;
            sxy += x * my;
            first = first < 0 ? x : first;
            last = x;
        }

        double denominator = (n * sxx) - (sx * sx);
        if (n < 3 || denominator <= 0)
        {
            return false;
        }

        double slope = ((n * sxy) - (sx * sy)) / denominator;
        return Math.Abs(slope) >= ObliqueSlope && Math.Abs(slope) * (last - first) > c.TextHeight;
    }

    /// <summary>
    /// The rest of a blacked-out line that runs on over speckle or a bright reflector, read beside the box's ends:
    /// the strip on the box's band, <see cref="BesideReaches"/> box heights long, read as it is and inverted
    /// (outlined or shadowed letters on a bright band defeat a binarization, not Tesseract's own). Candidate
    /// lines there are swallowed by the band they cross, so no candidate reading would see them. A strip that
    /// reads <see cref="ReadMinCharacters"/> letters or digits with <see cref="BesideMinConfidence"/>, in words
    /// reaching to within a box height of the cut, and (PhiOnly)
    /// not as a label line, in one of its four readings (two lengths, two preparations; two of them beside a box
    /// taller than <see cref="BesideTallBox"/>) is returned; so is one that could not be read within <see cref="MaxBesideReadsPerFrame"/>.
    /// A side is read only where a candidate line of <paramref name="candidates"/> reaches into the box height beside the cut.
    /// </summary>
    private PixelRect? ReadBesideBlackout(byte[] px, bool[] black, int w, int h, PixelRect box, Func<int, int, bool> isTextured, IReadOnlyList<PixelRect>? classifiedLabels, List<TextLineCandidate> candidates, ref int reads)
    {
        if (_reader is null || box.Height < MinCharHeight || box.Height > MaxCharHeight)
        {
            return null;
        }

        foreach (bool left in new[] { true, false })
        {
            // Text-like evidence before a reading: the rest of a line runs on from the cut, so a candidate line
            // (strokes of even width on a baseline) reaches into the box height beside it. Speckle beside a box
            // seldom makes one, and reading it was most of a clip's re-check (and its only findings there were false).
            PixelRect cutZone = new PixelRect(left ? box.X - box.Height : box.Right, box.Y - 2, box.Height, box.Height + 4).ClipTo(w, h);
            if (!candidates.Any(c => RectangleMath.Intersects(c.Box, cutZone)))
            {
                continue;
            }

            int hits = 0;
            foreach (int reach in BesideReaches)
            {
                int length = reach * box.Height;
                PixelRect strip = new PixelRect(left ? box.X - length : box.Right, box.Y - 2, length, box.Height + 4).ClipTo(w, h);
                if (strip.Width < box.Height || strip.Height < MinCharHeight || TexturedShareOf(strip, black, w, isTextured) < 0.25)
                {
                    continue;
                }

                byte[] grey = new byte[strip.Width * strip.Height];
                byte[] inverted = new byte[grey.Length];
                for (int y = 0; y < strip.Height; y++)
                {
                    for (int x = 0; x < strip.Width; x++)
                    {
                        int i = ((strip.Y + y) * w) + strip.X + x;

                        // A blacked-out box is the page, not ink: paint it as the background of each preparation.
                        grey[(y * strip.Width) + x] = black[i] ? (byte)255 : px[i];
                        inverted[(y * strip.Width) + x] = black[i] ? (byte)255 : (byte)(255 - px[i]);
                    }
                }

                foreach (byte[] prepared in new[] { grey, inverted })
                {
                    if (++reads > MaxBesideReadsPerFrame)
                    {
                        return strip;
                    }

                    IReadOnlyList<TextWord> words = Read(prepared, strip, Math.Max(MinCharHeight, box.Height * 2 / 3), "beside");

                    // The rest of a cut line starts at the cut: a word read far from the box's end is speckle.
                    int sure = words.Where(x => x.Confidence >= BesideMinConfidence && (left ? x.X + x.Width >= strip.Width - box.Height : x.X <= box.Height))
                        .Sum(x => x.Text.Count(char.IsLetterOrDigit));
                    hits += sure >= ReadMinCharacters && !(_target == RedactionTarget.PhiOnly && (IsLabel(words, true) || InsideLabel(strip, classifiedLabels))) ? 1 : 0;
                    BesideTrace?.Invoke(FormattableString.Invariant($"beside strip={strip} box={box} left={left} reach={reach} inv={prepared == inverted} sure={sure} hits={hits}"));

                    // A tall box's strips hold much speckle, which reads as a word in one preparation by chance: there
                    // the line's rest must read in two of the four. Small text's cut-off word reads in one at best.
                    if (hits >= (box.Height > BesideTallBox ? 2 : 1))
                    {
                        return strip;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Share of a strip's pixels (not blacked out) that lie on textured blocks.</summary>
    private static double TexturedShareOf(PixelRect strip, bool[] black, int w, Func<int, int, bool> isTextured)
    {
        int counted = 0, textured = 0;
        for (int y = strip.Y; y < strip.Bottom; y++)
        {
            for (int x = strip.X; x < strip.Right; x++)
            {
                if (!black[(y * w) + x])
                {
                    counted++;
                    textured += isTextured(x, y) ? 1 : 0;
                }
            }
        }

        return counted == 0 ? 0 : (double)textured / counted;
    }

    /// <summary>How far past a blacked-out box's left and right ends <see cref="FlatInkOnTexture"/> looks: half the box's height (a letter or two of its line).</summary>
    private static int EndReach(PixelRect box) => Math.Max(4, box.Height / 2);

    /// <summary>
    /// Whether a strip beside a blacked-out box, on textured blocks, holds strokes of one flat colour: a letter of
    /// the blacked line that ran onto speckle (the first pass's box stopped at the texture). Overlay ink is drawn in
    /// one colour, so its stroke pixels repeat one grey exactly, with a sharp edge to what it is drawn on; blurred
    /// speckle varies smoothly (its plateaus have no such edge) and spreads over many greys. Too few such pixels to read is not counted (<see cref="MinFlatInkPixels"/>).
    /// </summary>
    private static bool FlatInkOnTexture(byte[] px, bool[] black, int w, int h, int background, PixelRect strip, Func<int, int, bool> isTextured)
    {
        if (strip.Width <= 0 || strip.Height <= 0)
        {
            return false;
        }

        int[] perGrey = new int[256];
        for (int y = strip.Y; y < strip.Bottom; y++)
        {
            for (int x = strip.X; x < strip.Right; x++)
            {
                int i = (y * w) + x;
                int v = px[i];
                if (black[i] || Math.Abs(v - background) < InkContrast || !isTextured(x, y))
                {
                    continue;
                }

                int same = (x > 0 && px[i - 1] == v && !black[i - 1] ? 1 : 0) + (x + 1 < w && px[i + 1] == v && !black[i + 1] ? 1 : 0)
                    + (y > 0 && px[i - w] == v && !black[i - w] ? 1 : 0) + (y + 1 < h && px[i + w] == v && !black[i + w] ? 1 : 0);
                perGrey[v] += same >= 2 && OnStrokeEdge(px, black, w, h, x, y) ? 1 : 0;
            }
        }

        return perGrey.Max() >= MinFlatInkPixels;
    }

    /// <summary>Whether a pixel two steps away (across, or up and down) differs by <see cref="StrokeEdgeContrast"/>: the sharp edge of a drawn stroke, which blurred speckle's smooth plateaus lack.</summary>
    private static bool OnStrokeEdge(byte[] px, bool[] black, int w, int h, int x, int y)
    {
        int i = (y * w) + x, v = px[i];
        for (int d = 1; d <= 2; d++)
        {
            foreach (int j in new[] { x - d >= 0 ? i - d : -1, x + d < w ? i + d : -1, y - d >= 0 ? i - (d * w) : -1, y + d < h ? i + (d * w) : -1 })
            {
                if (j >= 0 && !black[j] && Math.Abs(px[j] - v) >= StrokeEdgeContrast)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool[] Mask(IReadOnlyList<PixelRect> rects, int w, int h)
    {
        bool[] mask = new bool[w * h];
        foreach (PixelRect r0 in rects)
        {
            PixelRect r = r0.ClipTo(w, h);
            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = r.X; x < r.Right; x++)
                {
                    mask[(y * w) + x] = true;
                }
            }
        }

        return mask;
    }

    /// <summary>The most common grey outside the blacked-out boxes (the panel or the black surround).</summary>
    private static int Background(byte[] px, bool[] black)
    {
        int[] histogram = new int[256];
        for (int i = 0; i < px.Length; i++)
        {
            if (!black[i])
            {
                histogram[px[i]]++;
            }
        }

        int best = 0;
        for (int v = 1; v < 256; v++)
        {
            best = histogram[v] > histogram[best] ? v : best;
        }

        return best;
    }

    /// <summary>Blocks where most pixels are off the background and not flat, with little background between (speckle, anatomy), grown by one block.</summary>
    private static bool[] Textured(byte[] px, bool[] black, int w, int h, int background, int bw, int bh)
    {
        int[] varying = new int[bw * bh];
        int[] counted = new int[bw * bh];
        int[] plain = new int[bw * bh];
        for (int y = 0; y < h; y++)
        {
            int row = y * w, brow = (y / BlockSize) * bw;
            for (int x = 0; x < w; x++)
            {
                int i = row + x;
                if (black[i])
                {
                    continue;
                }

                int b = brow + (x / BlockSize);
                counted[b]++;
                int v = px[i];
                if (Math.Abs(v - background) < TextureContrast)
                {
                    plain[b]++;
                    continue;
                }

                int left = x > 0 ? px[i - 1] : v, right = x + 1 < w ? px[i + 1] : v;
                if (Math.Abs(v - left) > 2 || Math.Abs(v - right) > 2)
                {
                    varying[b]++;
                }
            }
        }

        bool[] core = new bool[bw * bh];
        for (int b = 0; b < core.Length; b++)
        {
            // Text leaves background between its strokes; speckle and anatomy hardly any.
            core[b] = counted[b] > 0 && varying[b] >= TexturedShare * counted[b] && (plain[b] < BackgroundShare * counted[b] || varying[b] >= BusyShare * counted[b]);
        }

        bool[] grown = new bool[bw * bh];
        for (int by = 0; by < bh; by++)
        {
            for (int bx = 0; bx < bw; bx++)
            {
                bool any = false;
                for (int dy = -1; dy <= 1 && !any; dy++)
                {
                    for (int dx = -1; dx <= 1 && !any; dx++)
                    {
                        int nx = bx + dx, ny = by + dy;
                        any = nx >= 0 && ny >= 0 && nx < bw && ny < bh && core[(ny * bw) + nx];
                    }
                }

                grown[(by * bw) + bx] = any;
            }
        }

        return grown;
    }

    /// <summary>8-connected ink of the flat part (not blacked out, not textured, far enough from the background).</summary>
    private static List<Blob> InkBlobs(byte[] px, bool[] black, int w, int h, int background, Func<int, int, bool> isTextured)
    {
        bool[] label = new bool[w * h];
        var blobs = new List<Blob>();
        var stack = new Stack<int>();
        bool IsInk(int i) => !black[i] && Math.Abs(px[i] - background) >= InkContrast && !isTextured(i % w, i / w);
        for (int start = 0; start < px.Length; start++)
        {
            if (label[start] || !IsInk(start))
            {
                continue;
            }

            label[start] = true;
            stack.Push(start);
            int x0 = w, y0 = h, x1 = -1, y1 = -1, count = 0, peak = 0;
            bool touches = false;
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int x = i % w, y = i / w;
                count++;
                peak = Math.Max(peak, Math.Abs(px[i] - background));
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x);
                y1 = Math.Max(y1, y);
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h)
                        {
                            continue;
                        }

                        int n = (ny * w) + nx;
                        if (black[n])
                        {
                            touches = true;
                        }
                        else if (!label[n] && IsInk(n))
                        {
                            label[n] = true;
                            stack.Push(n);
                        }
                    }
                }
            }

            blobs.Add(new Blob(new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1), count, touches, peak));
        }

        return blobs;
    }

    /// <summary>Character blobs chained left to right into rows: similar height and ink level, overlapping bands, gaps under about a letter height.</summary>
    private static List<Row> Rows(List<Blob> chars)
    {
        var rows = new List<Row>();
        foreach (Blob b in chars.OrderBy(c => c.Box.X))
        {
            int best = -1;
            for (int r = 0; r < rows.Count; r++)
            {
                Row row = rows[r];
                int gap = b.Box.X - row.Box.Right;
                int overlap = Math.Min(row.Box.Bottom, b.Box.Bottom) - Math.Max(row.Box.Y, b.Box.Y);
                int hi = Math.Max(row.TextHeight, b.Height), lo = Math.Min(row.TextHeight, b.Height);
                if (gap <= (hi * 6 / 5) + 1 && gap >= -hi && overlap * 2 >= lo && hi <= (5 * lo / 2) + 1 && Math.Abs(row.Peak - b.Peak) <= MaxInkDifference)
                {
                    best = r;
                    break;
                }
            }

            if (best < 0)
            {
                rows.Add(new Row(b.Box, 1, b.Height, b.Peak, b.TouchesBlack));
            }
            else
            {
                Row row = rows[best];
                rows[best] = new Row(RectangleMath.Union(row.Box, b.Box), row.Count + 1, Math.Max(row.TextHeight, b.Height), Math.Max(row.Peak, b.Peak), row.Cut || b.TouchesBlack);
            }
        }

        return rows;
    }

    private static bool Inside(PixelRect box, IReadOnlyList<PixelRect> regions) => regions.Any(r => RectangleMath.IntersectionArea(box, r) * 2 > box.Area);

    private static bool Covered(PixelRect box, bool[] black, int w)
    {
        long inside = 0;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                inside += black[(y * w) + x] ? 1 : 0;
            }
        }

        return inside * 2 > box.Area;
    }

    /// <summary>
    /// Whether a row of the flat part reads as a confident label line, in either of two preparations (distance from
    /// the background stretched, or thresholded at <see cref="InkContrast"/>): a label misread once is not PHI, and
    /// PHI does not read as a line of labels. What is left of a cut line, or beside a blacked-out box on its band (the
    /// rest of a date whose box stopped short: "-14"), must read as more than one short word, and not as numbers alone.
    /// </summary>
    private bool FlatRowIsLabel(byte[] px, int w, int h, int background, PixelRect box, int textHeight, bool cut, Func<int, bool> notInk)
    {
        PixelRect crop = RectangleMath.Pad(box, Math.Max(3, textHeight / 3)).ClipTo(w, h);
        byte[] stretched = new byte[crop.Width * crop.Height];
        byte[] thresholded = new byte[stretched.Length];
        for (int y = 0; y < crop.Height; y++)
        {
            for (int x = 0; x < crop.Width; x++)
            {
                int i = ((crop.Y + y) * w) + crop.X + x;
                int d = notInk(i) ? 0 : Math.Abs(px[i] - background);
                stretched[(y * crop.Width) + x] = (byte)(255 - Math.Min(255, d * 2));
                thresholded[(y * crop.Width) + x] = d >= InkContrast ? (byte)0 : (byte)255;
            }
        }

        return IsLabel(Read(stretched, crop, textHeight, "flat label"), cut) || IsLabel(Read(thresholded, crop, textHeight, "flat label"), cut);
    }

    private static bool IsLabel(IReadOnlyList<TextWord> read, bool cut) => RecheckLabels.IsLabelLine(read, cut);

    /// <summary>
    /// A candidate on a textured area binarized midway between its ink (the brightest, or darkest, tenth of the
    /// crop) and its background (the median): dark ink on white.
    /// </summary>
    private static byte[] Binarize(byte[] px, int w, TextLineCandidate c, bool[] black)
    {
        PixelRect r = c.Crop;
        byte[] values = new byte[r.Width * r.Height];
        for (int y = 0; y < r.Height; y++)
        {
            Buffer.BlockCopy(px, ((r.Y + y) * w) + r.X, values, y * r.Width, r.Width);
        }

        byte[] sorted = (byte[])values.Clone();
        Array.Sort(sorted);
        int median = sorted[sorted.Length / 2];
        int ink = c.BrightInk ? sorted[Math.Min(sorted.Length - 1, sorted.Length * 19 / 20)] : sorted[sorted.Length / 20];
        int level = (median + ink) / 2;
        byte[] result = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            // A blacked-out box is never ink: read as dark ink, its corners look like letters.
            bool isInk = !black[((r.Y + (i / r.Width)) * w) + r.X + (i % r.Width)] && (c.BrightInk ? values[i] > level : values[i] < level);
            result[i] = isInk ? (byte)0 : (byte)255;
        }

        return result;
    }

    private IReadOnlyList<TextWord> Read(byte[] ink, PixelRect crop, int textHeight, string kind)
    {
        if (_reader is null)
        {
            return Array.Empty<TextWord>();
        }

        if (_cache.TryGetValue(crop, out List<(byte[] Crop, IReadOnlyList<TextWord> Words)>? entries))
        {
            foreach ((byte[] seen, IReadOnlyList<TextWord> words) in entries)
            {
                if (Same(seen, ink))
                {
                    return words;
                }
            }
        }
        else
        {
            entries = new List<(byte[], IReadOnlyList<TextWord>)>();
            _cache[crop] = entries;
        }

        if (Carry is not null && Carry.TryGet(ink, crop, textHeight, out IReadOnlyList<TextWord> carried))
        {
            return carried;
        }

        ReadObserver?.Invoke(kind);
        DicomAnon.Ocr.StageClock.Mark reading = DicomAnon.Ocr.StageClock.Start();
        IReadOnlyList<TextWord> read = _reader.ReadLine(ink, crop.Width, crop.Height, textHeight);
        if (DicomAnon.Ocr.StageClock.Enabled)
        {
            DicomAnon.Ocr.StageClock.Stop("recheck.read." + kind, reading);
        }
        LinesRead++;
        Carry?.Add(ink, crop, textHeight, read);
        if (_cached >= CacheLimit)
        {
            _cache.Clear();
            _cached = 0;
            entries = new List<(byte[], IReadOnlyList<TextWord>)>();
            _cache[crop] = entries;
        }

        entries.Add((ink, read));
        _cached++;
        return read;
    }

    private static bool Same(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Character blobs of one row: box, how many, tallest, strongest ink, and whether one touches a blacked-out box.</summary>
    private readonly struct Row
    {
        public Row(PixelRect box, int count, int textHeight, int peak, bool cut)
        {
            Box = box;
            Count = count;
            TextHeight = textHeight;
            Peak = peak;
            Cut = cut;
        }

        public PixelRect Box { get; }

        public int Count { get; }

        public int TextHeight { get; }

        public int Peak { get; }

        public bool Cut { get; }
    }

    /// <summary>One 8-connected ink component of the flat part.</summary>
    private readonly struct Blob
    {
        public Blob(PixelRect box, int count, bool touchesBlack, int peak)
        {
            Box = box;
            Count = count;
            TouchesBlack = touchesBlack;
            Peak = peak;
        }

        /// <summary>Largest difference from the background (grey levels): the ink's own level.</summary>
        public int Peak { get; }

        public PixelRect Box { get; }

        public int Count { get; }

        public bool TouchesBlack { get; }

        public int Width => Box.Width;

        public int Height => Box.Height;
    }
}
