// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The non-identifying words of ultrasound and modality overlays (acquisition settings, probe names, scan planes,
/// organs, depth and scale numbers). In PHI-only mode a line is kept only when every word of it is one of these,
/// read confidently: anything else on the line (a name, an ID, a date, a field name such as "ID:" next to its
/// value) is PHI. The first pass and the re-check (<see cref="RecheckLabels"/>) judge a word the same way, so the
/// re-check does not report a line the first pass kept.
/// </summary>
/// <remarks>
/// Read a little forgivingly, only in ways no identifier benefits from: a setting glued to its number is split
/// ("MI0.9", "D12.3cm"), a probe name's suffix may read as look-alike digits ("L15-7io" as "L15-710"), and a
/// decimal number (0.6) or a number with its unit ("17cm", "90%") needs only <see cref="DecimalMinConfidence"/>.
/// A bare whole number needs <see cref="MinConfidence"/>: a misread date or time splits into such numbers.
/// </remarks>
internal static class LabelVocabulary
{
    /// <summary>Least OCR confidence for a word to count as a label.</summary>
    public const float MinConfidence = 70f;

    /// <summary>Least confidence of a decimal number ("0.6") or a number with its unit ("17cm"): never an identifier.</summary>
    public const float DecimalMinConfidence = 50f;

    private static readonly char[] DecimalSeparators = { '.', ',' };

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        // Acquisition settings and their units.
        "TIS", "TIB", "TIC", "MI", "GN", "G", "DR", "FR", "HZ", "KHZ", "MHZ", "FPS", "CM", "MM", "DB", "PRF", "WF", "RES",
        "GEN", "PEN", "THI", "CF", "PW", "CW", "2D", "3D", "4D", "M", "B", "C", "D", "F", "DEPTH", "FREQ", "FRQ", "POWER",
        "PWR", "ZOOM", "GAIN", "DYN", "RNG", "PERSIST", "PERS", "MAP", "FOCUS", "FOC", "AO", "CFM", "PD", "PDI", "HPRF",
        "SV", "ANGLE", "SCALE", "BASELINE", "FILTER", "WALL", "AUTO", "HR", "BPM", "VEL", "CM/S", "M/S", "SPD", "SPEED",
        "COMPOUND", "SRI", "CRI", "XBEAM", "HARM", "HD", "HI", "LO", "MED", "STORE", "FREEZE", "FROZEN", "LIVE", "CINE",
        "TI", "DEG", "%", "MODE", "COLOR", "COLOUR", "DOPPLER", "FLOW", "ENH",

        // Presets, organs and scan planes.
        "ABD", "ABDOMEN", "CARDIAC", "OB", "GYN", "VASC", "VASCULAR", "THY", "THYROID", "BREAST", "MSK", "RENAL",
        "LIVER", "SMALL", "PARTS", "CAROTID", "PELVIS", "FETAL", "ECHO", "KIDNEY", "SPLEEN", "BLADDER", "HEART",
        "UTERUS", "OVARY", "PROSTATE", "TESTIS", "AORTA", "GALLBLADDER", "PANCREAS", "NECK", "ARM", "LEG", "KNEE",
        "SHOULDER", "HIP", "R", "L", "LT", "RT", "TRANS", "TRANSVERSE", "SAG", "SAGITTAL", "LONG", "LONGITUDINAL",
        "AX", "AXIAL", "COR", "CORONAL", "OBLIQUE", "ML", "AP", "LAT", "MID", "UPPER", "LOWER", "LOBE", "POLE",
    };

    // C5-1, L12-3, P4-2, 9L4, 4C1, SP5-1, C1-6-D, L38xi, eL18-4, X5-1, L15-7io (its suffix read as "10" too).
    private static readonly Regex Probe = new(@"^([A-Z]{0,3}\d{1,2}[A-Z]{0,2}|\d{1,2}[A-Z]{1,2}\d{1,2})(-\d{1,2}([A-Z]{0,3}|[1I][0O]))*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // Depth and scale numbers with an optional unit: 5, 16cm, 0.4, -40, +30, 2.5MHz, 60%, 12fps, 45dB.
    private static readonly Regex Number = new(@"^[-+]?\d{1,3}([.,]\d{1,2})?(CM|MM|%|DB|HZ|KHZ|MHZ|FPS|S|CM/S|M/S|BPM)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // A number with its unit ("17cm", "5MHz", "60%"): no identifier looks like that.
    private static readonly Regex Measure = new(@"^[-+]?\d{1,3}([.,]\d{1,2})?(CM|MM|%|DB|HZ|KHZ|MHZ|FPS|CM/S|M/S|BPM)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Whether one word (as read) is a known label: setting name, probe name, depth or scale number, or a setting glued to its number.</summary>
    public static bool IsLabel(string text)
    {
        string t = Clean(text);
        if (t.Length == 0)
        {
            return false;
        }

        return IsPlainLabel(t) || Glued(t);
    }

    /// <summary>Whether one word read with <paramref name="confidence"/> is a label, with the forgiving rules of the remarks.</summary>
    public static bool IsLabelWord(string text, float confidence)
    {
        string t = Clean(text);
        if (t.Length == 0)
        {
            return false;
        }

        if (confidence >= MinConfidence && (IsLabel(t) || IsPlainLabel(ProbeLookAlike(t))))
        {
            return true;
        }

        return confidence >= DecimalMinConfidence && (IsDecimal(t) || Measure.IsMatch(t) || GluedMeasure(t));
    }

    /// <summary>Whether a whole line (its words as read) is non-identifying: every word readable and a known label, read confidently enough.</summary>
    public static bool IsLabelLine(IEnumerable<TextWord> line)
    {
        bool any = false;
        foreach (TextWord w in line)
        {
            any = true;
            if (!w.Readable || !IsLabelWord(w.Text, w.Confidence))
            {
                return false;
            }
        }

        return any;
    }

    /// <summary>
    /// Whether the words read span their line's ink (<see cref="TextWord.LineBox"/>, grown over the ink beside it)
    /// to within one letter height at each end. Ink beside the words that OCR did not read may be anything (a name
    /// after a probe and preset), so a line whose reading stops short of its ink is not kept as a label line.
    /// </summary>
    public static bool IsReadAcross(IReadOnlyList<TextWord> line)
    {
        if (line is null || line.Count == 0)
        {
            return false;
        }

        PixelRect span = line[0].Box, ink = line[0].Box;
        int height = 0;
        foreach (TextWord w in line)
        {
            span = RectangleMath.Union(span, w.Box);
            ink = RectangleMath.Union(ink, w.LineBox.Width > 0 ? RectangleMath.Union(w.Box, w.LineBox) : w.Box);
            height = Math.Max(height, w.TextHeight > 0 ? w.TextHeight : w.Height);
        }

        return span.X - ink.X <= height && ink.Right - span.Right <= height;
    }

    private static string Clean(string text) => text.Trim().TrimEnd(':', '.', ',', ';');

    private static bool IsPlainLabel(string t) => Words.Contains(t) || Number.IsMatch(t) || (t.Length >= 3 && Probe.IsMatch(t));

    /// <summary>"MI0.9", "TIS0.4", "D12.3cm": a setting word of the vocabulary glued to a depth or scale number.</summary>
    private static bool Glued(string t)
    {
        int split = SplitAt(t);
        string number = split > 0 ? t.Substring(split) : string.Empty;

        // Three bare digits after a letter ("M123") could be a short identifier; a setting's value has fewer, a decimal or a unit.
        return split > 0 && Words.Contains(t.Substring(0, split)) && Number.IsMatch(number) && !(number.Length >= 3 && number.All(char.IsDigit));
    }

    /// <summary>"D12.3cm" read less surely: the number part alone would pass as a measure.</summary>
    private static bool GluedMeasure(string t)
    {
        int split = SplitAt(t);
        return split > 0 && Words.Contains(t.Substring(0, split)) && (IsDecimal(t.Substring(split)) || Measure.IsMatch(t.Substring(split)));
    }

    /// <summary>Where a leading run of letters meets a digit (0 when the word does not start with letters followed by a digit).</summary>
    private static int SplitAt(string t)
    {
        int i = 0;
        while (i < t.Length && char.IsLetter(t[i]))
        {
            i++;
        }

        return i > 0 && i < t.Length && char.IsDigit(t[i]) ? i : 0;
    }

    /// <summary>A probe name whose first letter was read as a look-alike: "112-3" and "£12-3" are "L12-3", "§" is "5".</summary>
    private static string ProbeLookAlike(string t)
    {
        string s = t.Replace('§', '5').Replace('£', 'L');
        return s.Length >= 4 && s[0] == '1' && char.IsDigit(s[1]) && s.IndexOf('-') > 0 ? "L" + s.Substring(1) : s;
    }

    private static bool IsDecimal(string t)
    {
        int dot = t.IndexOfAny(DecimalSeparators);
        return dot > 0 && dot < t.Length - 1 && t.Length <= 5 && t.Where((c, i) => i != dot).All(char.IsDigit);
    }
}
