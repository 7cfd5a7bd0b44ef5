// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Ocr;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Finds and blacks out burned-in text of a file in memory. The caller writes the file.
/// One instance per thread (it owns its OCR engines; a cine cleaned alone has its re-check run on two threads, each
/// with an engine of its own: <see cref="FrameRecheckRun"/>). Order of work per file:
/// known-location rules + explicit regions + outside ultrasound regions + OCR boxes (padded) are blacked out
/// on every frame they concern; then, with OCR and <see cref="RedactionSettings.Recheck"/>, the cleaned frames
/// are read again (once more blacking out what is still read, then a final read), and an independent re-check
/// (<see cref="TextRecheck"/>: its own detector and reading) looks for any text left; (0028,0301) becomes NO only
/// when the <see cref="RedactionReport.Outcome"/> is proven (<see cref="PixelOutcome.Cleaned"/> or
/// <see cref="PixelOutcome.NoTextFound"/>: only with OCR, when both re-checks ran and found no unclassified text); a dataset without Pixel Data is left alone (<see cref="PixelOutcome.NoPixelData"/>); finally <see cref="PixelFrames.Commit"/> writes the pixels back.
/// </summary>
/// <remarks>
/// For Invoke-DicomAnonymize (header and pixels in one pass): call <see cref="PhiValues.Capture(DicomFile)"/>
/// first, then <c>Deidentifier.Apply</c>, then <see cref="Apply(DicomFile, PhiValues)"/> with the captured values,
/// then save once. The captured values give PhiOnly its search terms and the known-location rules the header
/// values (Manufacturer, SeriesDescription...) that de-identification may have removed.
/// </remarks>
internal sealed class BurnedTextRemover : IDisposable
{
    /// <summary>Fewest letters or digits of an unvouched reading that may count as the file's PHI.</summary>
    public const int MinPhiEvidence = 4;


    /// <summary>Opens the frames of a file; null when the dataset has no Pixel Data.</summary>
    private readonly Func<DicomFile, IFrameSource?> _open;
    private readonly ITextFinder? _finder;

    /// <summary>The independent re-check's own OCR engine (<see cref="TextRecheck"/>); null without OCR or re-check.</summary>
    private readonly ILineReader? _reader;
    private readonly List<KnownLocationRuleSet> _ruleSets = new();

    /// <summary>Starts a second re-check reader for a cine cleaned alone (<see cref="RecheckReaders"/>); null when the re-check's reader is a stand-in.</summary>
    private readonly Func<ILineReader>? _newHelperReader;
    private ILineReader? _helperReader;

    /// <summary>Files being cleaned in this process right now, by any remover.</summary>
    private static int _applying;

    /// <summary>Builds a remover: reads rule files and, when <see cref="RedactionSettings.UseOcr"/>, loads Tesseract.</summary>
    /// <exception cref="OcrEngineNotFoundException">OCR was requested and Tesseract cannot be loaded.</exception>
    /// <exception cref="RuleSyntaxException">A rule file is not valid.</exception>
    public BurnedTextRemover(RedactionSettings settings)
        : this(settings, null, null)
    {
    }

    /// <summary>Seam for tests: frame access and OCR engines supplied by the caller.</summary>
    /// <param name="reader">The re-check's line reader; when null, Tesseract's for a Tesseract (or default) finder, none for a stand-in finder.</param>
    /// <param name="helperReader">Starts a second re-check reader for a cine cleaned alone; when null, Tesseract's when the re-check reads with Tesseract.</param>
    internal BurnedTextRemover(RedactionSettings settings, Func<DicomFile, IFrameSource?>? open, ITextFinder? finder, ILineReader? reader = null, Func<ILineReader>? helperReader = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _open = open ?? (f => PixelFrames.HasPixelData(f.Dataset) ? new PixelFramesSource(PixelFrames.Open(f)) : null);
        if (settings.UseKnownLocationRules)
        {
            _ruleSets.Add(KnownLocationRuleSet.BuiltIn);
        }

        foreach (string path in settings.RuleFiles)
        {
            _ruleSets.Add(KnownLocationRuleSet.Load(path));
        }

        if (settings.UseOcr)
        {
            _finder = finder ?? TesseractTextFinder.Create(settings.TesseractLibraryPath, settings.TessdataPath);
            if (settings.Recheck)
            {
                _reader = reader ?? (finder is null or TesseractTextFinder ? TesseractLineReader.Create(settings.TesseractLibraryPath, settings.TessdataPath) : null);
                _newHelperReader = helperReader ?? (_reader is TesseractLineReader ? () => TesseractLineReader.Create(settings.TesseractLibraryPath, settings.TessdataPath) : null);
            }
        }
    }

    public RedactionSettings Settings { get; }

    /// <summary>Most threads for the re-check of a cine cleaned alone (<see cref="RecheckReaders"/>); 1 keeps it on the caller's thread.</summary>
    internal int RecheckThreads { get; init; } = 2;

    /// <summary>Whether the candidate lines of a frame are kept by its pixels for the passes that look at it again (<see cref="CandidateMemo"/>), and found ahead on a second core; off searches every frame each time.</summary>
    internal bool KeepCandidates { get; init; } = true;

    /// <summary>Whether frames are rendered once until a box is added to them (<see cref="RenderedFrameCache"/>); off renders at every look.</summary>
    internal bool KeepRenderedFrames { get; init; } = true;

    /// <summary>Whether the re-check of a clip carries readings between frames whose crops did not change beyond noise (<see cref="RecheckReadingCarry"/>); off reads every crop of every frame.</summary>
    internal bool CarryRecheckReadings { get; init; } = true;

    /// <summary>Cleans the pixel data of <paramref name="file"/> in memory; the caller writes the file. PHI is captured from the file's own header.</summary>
    public RedactionReport Apply(DicomFile file) => Apply(file, null);

    /// <summary>
    /// Cleans the pixel data of <paramref name="file"/> in memory, taking PHI (and header values for the rules) from
    /// <paramref name="phi"/> when given: use it when the header was de-identified before this call.
    /// </summary>
    /// <exception cref="UnsupportedPixelDataException">The pixel data cannot be cleaned.</exception>
    public RedactionReport Apply(DicomFile file, PhiValues? phi)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        Interlocked.Increment(ref _applying);
        StageClock.Mark clean = StageClock.Start();
        try
        {
            return Clean(file, phi);
        }
        finally
        {
            StageClock.Stop("0.clean", clean);
            if (_finder is TesseractTextFinder tesseract)
            {
                // The file's frames (which may show PHI) are not kept past its cleaning.
                tesseract.Candidates = null;
            }

            Interlocked.Decrement(ref _applying);
        }
    }

    private RedactionReport Clean(DicomFile file, PhiValues? phi)
    {
        IFrameSource? source = _open(file);
        if (source is null)
        {
            return new RedactionReport(0, Array.Empty<FrameRedaction>(), false, false) { Outcome = PixelOutcome.NoPixelData };
        }

        // Each pass looks at every frame again; a frame no box was added to renders to the same pixels.
        IFrameSource frames = KeepRenderedFrames ? new RenderedFrameCache(source, TextScanner.KeptPixelsLimit) : source;

        phi ??= PhiValues.Capture(file.Dataset);
        int n = frames.Count, rows = frames.Rows, cols = frames.Columns;
        var warnings = new List<string>();

        // 1. Rectangles known without looking at pixels.
        var everyFrame = new List<PixelRect>(Settings.Regions);
        var rulesApplied = new List<string>();
        foreach (KnownLocationRuleSet set in _ruleSets)
        {
            foreach (KnownLocationRule rule in set.Match(file, phi))
            {
                rulesApplied.Add(rule.Name);
                everyFrame.AddRange(rule.Rectangles);
            }
        }

        if (Settings.OutsideUltrasoundRegions)
        {
            List<PixelRect> keep = UltrasoundRegions(file.Dataset);
            if (keep.Count == 0)
            {
                warnings.Add("OutsideUltrasoundRegions was requested but (0018,6011) Sequence of Ultrasound Regions has no usable region: nothing was blacked out for it.");
            }
            else
            {
                everyFrame.AddRange(RectangleMath.Complement(keep, cols, rows));
            }
        }

        var perFrame = new List<PixelRect>[n];
        for (int i = 0; i < n; i++)
        {
            perFrame[i] = new List<PixelRect>(everyFrame);
        }

        foreach (FrameRegion fr in Settings.FrameRegions)
        {
            if (fr.Frame < 0 || fr.Frame >= n)
            {
                warnings.Add($"A frame region names frame {fr.Frame}, but the file has {n} frames (0-based): ignored.");
                continue;
            }

            perFrame[fr.Frame].Add(fr.Region);
        }

        // 2. Text found by OCR (boxes come with their margin).
        int ocrCalls = 0;
        // PhiOnly: per frame, the lines the first pass kept as labels, for the re-check.
        var classified = new List<PixelRect>[n];
        for (int i = 0; i < n; i++)
        {
            classified[i] = new List<PixelRect>();
        }

        // Candidate lines of this file's frames, kept by their pixels for the passes that look at a frame again.
        CandidateMemo? candidates = _finder is TesseractTextFinder && KeepCandidates ? new CandidateMemo((int)Math.Max(1, Math.Min(n, TextScanner.KeptPixelsLimit / ((long)rows * cols)))) : null;
        if (_finder is TesseractTextFinder tesseract)
        {
            tesseract.Candidates = candidates;
        }

        TextScanner? scanner = _finder is null ? null : new TextScanner(_finder, (frame, words) => SelectBoxes(words, phi, classified[frame]), UltrasoundRegions(file.Dataset), w => ShowsPhi(w, phi))
        {
            Candidates = candidates,
            FindAhead = candidates is not null && n >= 2 && SecondCoreFree,
        };
        if (scanner is not null)
        {
            StageClock.Mark first = StageClock.Start();
            List<PixelRect>[] text = scanner.Scan(frames);
            StageClock.Stop("1.firstpass", first);
            ocrCalls += scanner.OcrCalls;
            for (int i = 0; i < n; i++)
            {
                perFrame[i].AddRange(text[i]);
            }
        }

        GrayImage[]? before = Settings.KeepReviewFrames ? Enumerable.Range(0, n).Select(frames.RenderGray).ToArray() : null;
        var blacked = new List<PixelRect>[n];
        StageClock.Mark blackout = StageClock.Start();
        for (int i = 0; i < n; i++)
        {
            blacked[i] = RectangleMath.Normalize(perFrame[i], cols, rows);
            if (blacked[i].Count > 0)
            {
                frames.Blackout(i, blacked[i]);
            }
        }

        StageClock.Stop("2.blackout", blackout);

        // 3. Prove it: read again, black out what is still read, read a last time.
        RedactionVerification verification = RedactionVerification.NotVerified;
        var remaining = new List<PixelRect>[n];
        for (int i = 0; i < n; i++)
        {
            remaining[i] = new List<PixelRect>();
        }

        if (scanner is not null && Settings.Recheck)
        {
            var guesses = new List<PixelRect>[n];
            for (int pass = 0; pass < 2; pass++)
            {
                StageClock.Mark again = StageClock.Start();
                List<PixelRect>[] found = scanner.Scan(frames);
                StageClock.Stop("3.rescan" + pass.ToString(System.Globalization.CultureInfo.InvariantCulture), again);
                ocrCalls += scanner.OcrCalls;
                bool any = false;
                for (int i = 0; i < n; i++)
                {
                    remaining[i] = RectangleMath.Normalize(found[i], cols, rows);
                    any |= remaining[i].Count > 0;
                }

                if (!any || pass == 1)
                {
                    // Possible text on speckle that OCR would not vouch for: not blacked out, judged after the re-check.
                    for (int i = 0; i < n; i++)
                    {
                        guesses[i] = scanner.Unconfirmed[i];
                    }

                    break;
                }

                for (int i = 0; i < n; i++)
                {
                    if (remaining[i].Count > 0)
                    {
                        List<PixelRect> more = RectangleMath.Normalize(remaining[i], cols, rows);
                        frames.Blackout(i, more);
                        blacked[i] = RectangleMath.Normalize(blacked[i].Concat(more), cols, rows);
                    }
                }
            }

            // The first pass's detector misses again what it missed once: an independent one has the last word. In
            // PhiOnly, a line the first pass could not classify but the re-check reads as a label line is classified.
            StageClock.Mark recheck = StageClock.Start();
            FrameRecheckResult[] checks = FrameRecheckRun.Run(n, frames.RenderGray, RecheckReaders(n), Settings.Target, UltrasoundRegions(file.Dataset), blacked, classified, CarryRecheckReadings, out int recheckReads, out _, candidates);
            StageClock.Stop("4.recheck(caller thread)", recheck);
            for (int i = 0; i < n; i++)
            {
                List<RecheckFinding> findings = checks[i].Findings;

                // Possible text on speckle that OCR would not vouch for is not blacked out, but it is not proven absent
                // either: it keeps Burned In Annotation as it was, unless the re-check reads it as a label or sees an
                // oblique streak of speckle there.
                List<PixelRect> reread = remaining[i];
                remaining[i] = RectangleMath.Normalize(remaining[i].Concat((guesses[i] ?? new List<PixelRect>()).Where(g => !checks[i].Streaks.Any(t => RectangleMath.IntersectionArea(t, g) * 2 > g.Area))), cols, rows);
                remaining[i].RemoveAll(r => checks[i].Labels.Any(l => RectangleMath.IntersectionArea(l, r) * 2 > r.Area));
                foreach (PixelRect r in remaining[i])
                {
                    // Where, never what: the text may be PHI. A guess is said to be one: OCR did not read it as text.
                    warnings.Add(reread.Any(x => RectangleMath.Intersects(x, r))
                        ? FormattableString.Invariant($"The re-check still reads text in frame {i} at x={r.X}, y={r.Y}, {r.Width}x{r.Height}.")
                        : FormattableString.Invariant($"Possible text that OCR would not vouch for (not blacked out, not proven absent) in frame {i} at x={r.X}, y={r.Y}, {r.Width}x{r.Height}."));
                }

                foreach (RecheckFinding f in findings)
                {
                    warnings.Add(FormattableString.Invariant($"The independent re-check finds {Describe(f.Evidence)} in frame {i} at x={f.Box.X}, y={f.Box.Y}, {f.Box.Width}x{f.Box.Height}."));
                }

                remaining[i] = RectangleMath.Normalize(remaining[i].Concat(findings.Select(f => f.Box)), cols, rows);
            }

            ocrCalls += recheckReads;
            verification = remaining.Any(r => r.Count > 0) ? RedactionVerification.TextRemaining : RedactionVerification.Clean;
        }

        int changed = blacked.Count(b => b.Count > 0);
        PixelOutcome outcome = Decide(verification, changed > 0);
        if (outcome == PixelOutcome.BlackedOutNotVerified && rulesApplied.Count > 0 && scanner is null)
        {
            warnings.Add("Known-location rules blacked out where this device puts its text, but without -UseOcr nothing re-checked the frames: Burned In Annotation (0028,0301) stays as it was.");
        }
        else if (outcome == PixelOutcome.NotCleaned && scanner is not null)
        {
            warnings.Add("OCR found no text, but no re-check ran: nothing is proven, and Burned In Annotation (0028,0301) stays as it was.");
        }
        else if (outcome == PixelOutcome.NotCleaned)
        {
            warnings.Add("Nothing was applied to the pixel data (no OCR, no region, and no known-location rule matches this device): it is unchanged and Burned In Annotation (0028,0301) stays as it was.");
        }

        bool cleared = false;
        if (outcome is PixelOutcome.Cleaned or PixelOutcome.NoTextFound)
        {
            file.Dataset.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "NO");
            cleared = true;
        }

        if (changed > 0)
        {
            StageClock.Mark commit = StageClock.Start();
            frames.Commit();
            StageClock.Stop("5.commit", commit);
        }

        var report = new List<FrameRedaction>(n);
        for (int i = 0; i < n; i++)
        {
            report.Add(new FrameRedaction(i, blacked[i], remaining[i]));
        }

        var review = new List<ReviewFrame>();
        if (before is not null)
        {
            IEnumerable<int> chosen = Enumerable.Range(0, n).Where(i => remaining[i].Count > 0);
            if (!chosen.Any())
            {
                chosen = Enumerable.Range(0, n);
            }

            review.AddRange(chosen.Take(ReviewImage.MaxFrames).Select(i => new ReviewFrame(i, before[i], frames.RenderGray(i))));
        }

        return new RedactionReport(n, report, scanner is not null, cleared)
        {
            ReviewFrames = review,
            Verification = verification,
            Outcome = outcome,
            UnclassifiedTextRemains = verification == RedactionVerification.TextRemaining,
            RulesApplied = rulesApplied,
            OcrCalls = ocrCalls,
            FramesChanged = changed,
            Warnings = warnings,
        };
    }

    public void Dispose()
    {
        _finder?.Dispose();
        _reader?.Dispose();
        _helperReader?.Dispose();
    }

    /// <summary>
    /// The re-check's readers, one per thread: a second one (its own engine, kept for the next file) for a
    /// multi-frame file cleaned alone in the process on a machine with two cores or more (a folder of files keeps
    /// the cores busy one file per worker already).
    /// </summary>
    private List<ILineReader?> RecheckReaders(int frames)
    {
        var readers = new List<ILineReader?> { _reader };
        if (frames >= 2 && RecheckThreads >= 2 && _newHelperReader is not null && SecondCoreFree)
        {
            _helperReader ??= _newHelperReader();
            readers.Add(_helperReader);
        }

        return readers;
    }

    /// <summary>Whether a second core may help this file: the machine has one, and no other file is being cleaned in the process.</summary>
    private static bool SecondCoreFree => Environment.ProcessorCount >= 2 && Volatile.Read(ref _applying) == 1;

    private static string Describe(RecheckEvidence evidence) => evidence switch
    {
        RecheckEvidence.CutByBlackout => "ink cut by a blacked-out box",
        RecheckEvidence.BesideBlackout => "the rest of a line beside a blacked-out box",
        RecheckEvidence.ReadOnImage => "text read on the image",
        RecheckEvidence.NotRead => "a candidate text line it could not read",
        _ => "a row of text-like ink",
    };

    /// <summary>
    /// The outcome a run may claim. Proof comes only from the re-check (its independent reading found no
    /// unclassified text): a first pass that found nothing proves nothing, since the re-check exists because the
    /// first pass misses text; and a known-location rule applied without OCR says where the device usually burns
    /// its text, not that no other text (a second line, another software version) remains.
    /// </summary>
    internal static PixelOutcome Decide(RedactionVerification verification, bool changed) => verification switch
    {
        RedactionVerification.TextRemaining => PixelOutcome.TextRemains,
        RedactionVerification.Clean => changed ? PixelOutcome.Cleaned : PixelOutcome.NoTextFound,
        _ => changed ? PixelOutcome.BlackedOutNotVerified : PixelOutcome.NotCleaned,
    };

    /// <summary>The Region Location boxes of (0018,6011) items (max coordinates are inclusive).</summary>
    internal static List<PixelRect> UltrasoundRegions(DicomDataset dataset)
    {
        var result = new List<PixelRect>();
        DicomSequence? seq = dataset.GetSequence(DicomTags.SequenceOfUltrasoundRegions);
        if (seq is null)
        {
            return result;
        }

        foreach (DicomDataset item in seq.Items)
        {
            long? x0 = item.GetInteger(DicomTags.RegionLocationMinX0), y0 = item.GetInteger(DicomTags.RegionLocationMinY0);
            long? x1 = item.GetInteger(DicomTags.RegionLocationMaxX1), y1 = item.GetInteger(DicomTags.RegionLocationMaxY1);
            if (x0 is long a && y0 is long b && x1 is long c && y1 is long d && c >= a && d >= b && c < int.MaxValue && d < int.MaxValue)
            {
                result.Add(new PixelRect((int)a, (int)b, (int)(c - a + 1), (int)(d - b + 1)));
            }
        }

        return result;
    }

    /// <summary>
    /// Whether an unvouched reading shows one of the file's identifiers with at least <see cref="MinPhiEvidence"/>
    /// letters or digits (a short term could be spelt by chance).
    /// </summary>
    internal static bool ShowsPhi(TextWord word, PhiValues phi) =>
        PhiMatcher.Normalize(word.Text).Length >= MinPhiEvidence && PhiMatcher.Match(new[] { word }, phi)[0];

    /// <summary>
    /// Margin around text of <paramref name="textHeight"/> px: anti-aliasing, outlines and shadows grow with the
    /// font, so the margin does too (a quarter of the letter height, at least <see cref="RedactionSettings.TextPadding"/>).
    /// </summary>
    internal static int Margin(int textHeight, int padding) => Math.Max(padding, 2 + ((textHeight + 3) / 4));

    /// <summary>
    /// The boxes to black out among the words found. AllText: every line with a word (its whole ink, so
    /// underscores and punctuation between words go too). PhiOnly: every line except those read confidently as
    /// label vocabulary, across their whole ink, that show none of the file's identifiers; unreadable text-like ink
    /// is not a label, so it goes.
    /// </summary>
    private List<PixelRect> SelectBoxes(IReadOnlyList<TextWord> words, PhiValues phi, List<PixelRect> keptLabels)
    {
        // Words of a known line were vouched for by the finder (confidence, or two agreeing readings on speckle);
        // MinimumConfidence filters the loose words of finders that report no lines.
        var usable = words.Where(w => w.Width > 0 && w.Height > 0 && w.Height <= Settings.MaxTextHeight && (!w.Readable || ((w.Line >= 0 || w.Confidence >= Settings.MinimumConfidence) && w.Text.Any(char.IsLetterOrDigit)))).ToList();
        bool[] isPhi = Settings.Target == RedactionTarget.PhiOnly ? PhiMatcher.Match(usable, phi) : new bool[usable.Count];
        var boxes = new List<PixelRect>();
        foreach (IGrouping<int, (TextWord Word, int Index)> line in usable.Select((w, i) => (Word: w, Index: i)).GroupBy(x => x.Word.Line < 0 ? -1 - x.Index : x.Word.Line))
        {
            var lineWords = line.Select(x => x.Word).ToList();
            if (Settings.Target == RedactionTarget.PhiOnly && !line.Any(x => isPhi[x.Index]) && LabelVocabulary.IsLabelLine(lineWords) && LabelVocabulary.IsReadAcross(lineWords))
            {
                // Kept: its span (first to last word read, not the candidate's whole ink) is what the re-check may take as classified.
                PixelRect span = lineWords.Select(w => w.Box).Aggregate(RectangleMath.Union);
                if (!keptLabels.Contains(span))
                {
                    keptLabels.Add(span);
                }

                continue;
            }

            int height = lineWords.Max(w => w.TextHeight > 0 ? w.TextHeight : w.Height);
            int margin = Margin(height, Settings.TextPadding);
            foreach (TextWord w in lineWords)
            {
                PixelRect box = w.LineBox.Width > 0 ? RectangleMath.Union(w.Box, w.LineBox) : w.Box;
                boxes.Add(RectangleMath.Pad(box, margin));
            }
        }

        return boxes;
    }
}
