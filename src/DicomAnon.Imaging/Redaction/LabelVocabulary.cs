// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The non-identifying words of ultrasound and modality overlays (acquisition settings, probe names, depth and
/// scale numbers). In PHI-only mode a line is kept only when every word of it is one of these, read confidently:
/// anything else on the line (a name, an ID, a date, a field name such as "ID:" next to its value) is PHI.
/// </summary>
internal static class LabelVocabulary
{
    /// <summary>Least OCR confidence for a word to count as a label.</summary>
    public const float MinConfidence = 70f;

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "TIS", "TIB", "TIC", "MI", "GN", "G", "DR", "FR", "HZ", "KHZ", "MHZ", "FPS", "CM", "MM", "DB", "PRF", "WF", "RES",
        "GEN", "PEN", "THI", "CF", "PW", "CW", "2D", "3D", "4D", "M", "B", "C", "D", "DEPTH", "FREQ", "FRQ", "POWER",
        "PWR", "ZOOM", "GAIN", "DYN", "RNG", "PERSIST", "MAP", "FOCUS", "CFM", "PD", "PDI", "HPRF", "SV", "ANGLE",
        "SCALE", "BASELINE", "FILTER", "AUTO", "ABD", "ABDOMEN", "CARDIAC", "OB", "GYN", "VASC", "VASCULAR", "THY",
        "THYROID", "BREAST", "MSK", "RENAL", "LIVER", "SMALL", "PARTS", "CAROTID", "PELVIS", "FETAL", "ECHO",
        "HR", "BPM", "VEL", "CM/S", "M/S", "SPD", "SPEED", "COMPOUND", "SRI", "CRI", "XBEAM", "HARM", "HD", "HI",
        "LO", "MED", "STORE", "FREEZE", "R", "L", "LT", "RT", "TRANS", "SAG", "LONG", "AX", "COR", "ML", "AP",
        "TI", "DEG", "%", "KIDNEY", "SPLEEN", "BLADDER", "HEART", "UTERUS", "OVARY", "PROSTATE", "TESTIS", "AORTA",
        "GALLBLADDER", "PANCREAS", "NECK", "ARM", "LEG", "KNEE", "SHOULDER", "HIP",
    };

    // C5-1, L12-3, P4-2, 9L4, SP5-1, 4C1, C1-6-D, L38xi, eL18-4, X5-1, S5-1.
    private static readonly Regex Probe = new(@"^[A-Z]{0,3}\d{1,2}[A-Z]{0,2}(-\d{1,2}[A-Z]{0,3})*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    // Depth and scale numbers with an optional unit: 5, 16cm, 0.4, -40, +30, 2.5MHz, 60%, 12fps, 45dB.
    private static readonly Regex Number = new(@"^[-+]?\d{1,3}([.,]\d{1,2})?(CM|MM|%|DB|HZ|KHZ|MHZ|FPS|S|CM/S|M/S|BPM)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Whether one word (as read) is a known label: setting name, probe name, depth or scale number.</summary>
    public static bool IsLabel(string text)
    {
        string t = text.Trim().TrimEnd(':', '.', ',', ';');
        if (t.Length == 0)
        {
            return false;
        }

        return Words.Contains(t) || Number.IsMatch(t) || (t.Length >= 3 && Probe.IsMatch(t));
    }

    /// <summary>Whether a whole line (its words as read) is non-identifying: every word readable, confident and a known label.</summary>
    public static bool IsLabelLine(IEnumerable<TextWord> line)
    {
        bool any = false;
        foreach (TextWord w in line)
        {
            any = true;
            if (!w.Readable || w.Confidence < MinConfidence || !IsLabel(w.Text))
            {
                return false;
            }
        }

        return any;
    }
}
