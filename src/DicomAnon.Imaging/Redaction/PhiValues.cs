// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The PHI of one file, captured from its header BEFORE de-identification, so that PHI-only redaction
/// still knows what to look for after <c>Deidentifier.Apply</c> has emptied the header. Also keeps a copy
/// of the header's top-level values so known-location rules (Manufacturer, SeriesDescription...) still match.
/// </summary>
/// <remarks>
/// Holds PHI in memory: never log, print or serialise it. <see cref="ToString"/> gives counts only.
/// Immutable after capture; safe to share between threads.
/// </remarks>
internal sealed class PhiValues
{
    private static readonly char[] NamePartSeparators = { ' ', '-', '\'', ',', '.' };
    private static readonly char[] WordSeparators = { ' ', ',', '^', '\r', '\n', '\t' };

    private const long MaxSnapshotValueLength = 64 * 1024;

    private static readonly string[] MonthAbbreviations =
        { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };

    private static readonly string[] MonthNames =
        { "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER" };

    // IDs and free-text identifiers worth looking for in pixels (PS3.15 E.1-1 entries that are typically burned in).
    private static readonly DicomTag[] IdTags =
    {
        new(0x0010, 0x0020), // PatientID
        new(0x0010, 0x1000), // OtherPatientIDs
        new(0x0008, 0x0050), // AccessionNumber
        new(0x0020, 0x0010), // StudyID
        new(0x0010, 0x1090), // MedicalRecordLocator
        new(0x0038, 0x0010), // AdmissionID
        new(0x0040, 0x1001), // RequestedProcedureID
        new(0x0040, 0x0009), // ScheduledProcedureStepID
        new(0x0040, 0x0253), // PerformedProcedureStepID
        new(0x0018, 0x1000), // DeviceSerialNumber
    };

    private static readonly DicomTag[] TextTags =
    {
        new(0x0008, 0x0080), // InstitutionName
        new(0x0008, 0x0081), // InstitutionAddress
        new(0x0008, 0x1040), // InstitutionalDepartmentName
        new(0x0008, 0x1010), // StationName
        new(0x0010, 0x1040), // PatientAddress
        new(0x0010, 0x2154), // PatientTelephoneNumbers
    };

    private const int MaxDepth = 4;

    /// <summary>Most name, date and time values read from one file (a per-frame time in each of thousands of frames is capped).</summary>
    private const int MaxNestedValues = 4096;

    /// <summary>Most minutes of a clip whose HH:MM are added (a longer clip is rare; its later minutes are still read by the re-check).</summary>
    private const int MaxClipMinutes = 60;


    private static readonly DicomTag[] StartTimeTags =
    {
        new(0x0008, 0x0030), // StudyTime
        new(0x0008, 0x0031), // SeriesTime
        new(0x0008, 0x0032), // AcquisitionTime
        new(0x0008, 0x0033), // ContentTime
    };


    private PhiValues(IReadOnlyList<string> terms, DicomDataset header)
    {
        Terms = terms;
        Header = header;
    }

    /// <summary>No PHI: nothing matches.</summary>
    public static PhiValues Empty { get; } = new(Array.Empty<string>(), new DicomDataset());

    /// <summary>How many search terms were derived (for reports and tests; never the terms themselves).</summary>
    public int Count => Terms.Count;

    /// <summary>Normalised search terms (see <see cref="PhiMatcher.Normalize"/>).</summary>
    internal IReadOnlyList<string> Terms { get; }

    /// <summary>Top-level value elements as they were at capture time (no pixel data, no sequences).</summary>
    internal DicomDataset Header { get; }

    /// <summary>Captures the PHI of <paramref name="file"/>'s dataset; call it before de-identification.</summary>
    public static PhiValues Capture(DicomFile file) =>
        Capture((file ?? throw new ArgumentNullException(nameof(file))).Dataset);

    /// <summary>Captures the PHI of <paramref name="dataset"/>: every person name, the IDs, every date, institution and address.</summary>
    public static PhiValues Capture(DicomDataset dataset)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        var terms = new HashSet<string>(StringComparer.Ordinal);
        var snapshot = new List<DicomElement>();
        foreach (DicomElement e in dataset)
        {
            if (e is DicomValueElement v && e.Tag != DicomTag.PixelData && v.Length <= MaxSnapshotValueLength)
            {
                snapshot.Add(v);
            }
        }

        // Names, dates and times at every level: an enhanced multi-frame file keeps each frame's acquisition time in
        // its functional groups, and a burned-in clock shows the image's own time, not only the study's.
        int budget = MaxNestedValues;
        AddNamesDatesTimes(terms, dataset, 0, ref budget);
        AddClipMinutes(terms, dataset);

        foreach (DicomTag t in IdTags)
        {
            foreach (string id in dataset.GetStrings(t))
            {
                AddId(terms, id);
            }
        }

        DicomSequence? others = dataset.GetSequence(DicomTags.OtherPatientIDsSequence);
        if (others is not null)
        {
            foreach (DicomDataset item in others.Items)
            {
                foreach (string id in item.GetStrings(DicomTags.PatientID))
                {
                    AddId(terms, id);
                }
            }
        }

        foreach (DicomTag t in TextTags)
        {
            foreach (string text in dataset.GetStrings(t))
            {
                AddText(terms, text);
            }
        }

        return new PhiValues(terms.OrderBy(s => s, StringComparer.Ordinal).ToList(), new DicomDataset(snapshot));
    }

    private static void AddNamesDatesTimes(HashSet<string> terms, DicomDataset dataset, int depth, ref int budget)
    {
        foreach (DicomElement e in dataset)
        {
            if (budget <= 0)
            {
                return;
            }

            if (e is DicomSequence seq)
            {
                if (depth < MaxDepth)
                {
                    foreach (DicomDataset item in seq.Items)
                    {
                        AddNamesDatesTimes(terms, item, depth + 1, ref budget);
                    }
                }

                continue;
            }

            if (e is not DicomValueElement v || v.Length > MaxSnapshotValueLength || v.VR is not (DicomVR.PN or DicomVR.DA or DicomVR.DT or DicomVR.TM))
            {
                continue;
            }

            foreach (string value in dataset.GetStrings(v.Tag))
            {
                budget--;
                switch (v.VR)
                {
                    case DicomVR.PN:
                        AddName(terms, value);
                        break;
                    case DicomVR.DA:
                        AddDate(terms, value);
                        break;
                    case DicomVR.DT:
                        AddDate(terms, value.Length >= 8 ? value.Substring(0, 8) : value);
                        AddTime(terms, value.Length > 8 ? value.Substring(8) : string.Empty);
                        break;
                    default:
                        AddTime(terms, value);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// A clip's burned-in clock ticks on past the header's start time: every minute the clip spans (Number of
    /// Frames x Frame Time from each top-level time, at most <see cref="MaxClipMinutes"/>) is shown as HH:MM.
    /// </summary>
    private static void AddClipMinutes(HashSet<string> terms, DicomDataset dataset)
    {
        long frames = dataset.GetInteger(DicomTags.NumberOfFrames) ?? 1;
        string? frameTime = dataset.GetString(DicomTags.FrameTime);
        if (frames <= 1 || frameTime is null || !double.TryParse(frameTime.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || ms <= 0 || double.IsInfinity(ms))
        {
            return;
        }

        int minutes = (int)Math.Min(MaxClipMinutes, Math.Ceiling(frames * ms / 60000.0));
        foreach (DicomTag tag in StartTimeTags)
        {
            string? tm = dataset.GetString(tag);
            string digits = tm is null ? string.Empty : new string(tm.TakeWhile(c => c != '.').Where(char.IsDigit).ToArray());
            if (digits.Length < 4)
            {
                continue;
            }

            int hh = int.Parse(digits.Substring(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            int mm = int.Parse(digits.Substring(2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            for (int k = 1; k <= minutes; k++)
            {
                int t = ((hh * 60) + mm + k) % (24 * 60);
                AddTime(terms, string.Format(CultureInfo.InvariantCulture, "{0:00}{1:00}", t / 60, t % 60));
            }
        }
    }

    /// <summary>Counts only: PHI never reaches a log.</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "PhiValues({0} terms)", Terms.Count);

    private static void Add(HashSet<string> terms, string raw, int minLength)
    {
        string n = PhiMatcher.Normalize(raw);
        if (n.Length >= minLength)
        {
            terms.Add(n);
        }
    }

    private static void AddName(HashSet<string> terms, string pn)
    {
        // Only the alphabetic group (before '='); ideographic groups cannot be OCR'd by the eng model anyway.
        string alphabetic = pn.Split('=')[0];
        string[] components = alphabetic.Split('^');
        var parts = new List<string>();
        for (int i = 0; i < components.Length && i < 3; i++) // family, given, middle: not prefix/suffix
        {
            string c = components[i].Trim();
            if (c.Length == 0)
            {
                continue;
            }

            Add(terms, c, 2);
            foreach (string w in c.Split(NamePartSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                Add(terms, w, 2);
                parts.Add(w);
            }
        }

        // Components glued together in either order ("DOEJANE", "JANEDOE") for OCR words that join them.
        if (parts.Count >= 2 && parts.Count <= 4)
        {
            Add(terms, string.Concat(parts), 4);
            Add(terms, string.Concat(Enumerable.Reverse(parts)), 4);
            Add(terms, parts[parts.Count - 1] + parts[0], 4);
            Add(terms, parts[0] + parts[parts.Count - 1], 4);
        }
    }

    private static void AddId(HashSet<string> terms, string id) => Add(terms, id, 3);

    private static void AddText(HashSet<string> terms, string text)
    {
        Add(terms, text, 4);
        foreach (string w in text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            Add(terms, w, 4);
        }
    }

    /// <summary>HHMMSS as shown on screen: HH:MM:SS and HH:MM, and on a 12-hour clock H:MM and H:MM:SS with AM/PM (separators are dropped by normalisation).</summary>
    private static void AddTime(HashSet<string> terms, string tm)
    {
        string digits = new string(tm.TakeWhile(c => c != '.' && c != '+' && c != '-').Where(char.IsDigit).ToArray());
        if (digits.Length >= 6)
        {
            Add(terms, digits.Substring(0, 6), 6);
        }

        if (digits.Length >= 4)
        {
            Add(terms, digits.Substring(0, 4), 4);

            // 12-hour clocks: 14:42 shows as "2:42 PM" (the AM/PM marker makes the short form safe to match).
            int hh = ((digits[0] - '0') * 10) + (digits[1] - '0');
            if (hh <= 23)
            {
                int h12 = hh % 12 == 0 ? 12 : hh % 12;
                string marker = hh < 12 ? "AM" : "PM";
                Add(terms, h12.ToString(CultureInfo.InvariantCulture) + digits.Substring(2, 2) + marker, 5);
                if (digits.Length >= 6)
                {
                    // "2:42:10 PM": with its seconds.
                    Add(terms, h12.ToString(CultureInfo.InvariantCulture) + digits.Substring(2, 4) + marker, 7);
                }
            }
        }
    }

    private static void AddDate(HashSet<string> terms, string da)
    {
        if (da.Length != 8 || !da.All(c => c >= '0' && c <= '9'))
        {
            return;
        }

        string yyyy = da.Substring(0, 4), yy = da.Substring(2, 2), mm = da.Substring(4, 2), dd = da.Substring(6, 2);
        int month = int.Parse(mm, NumberStyles.None, CultureInfo.InvariantCulture);
        string m = mm.TrimStart('0'), d = dd.TrimStart('0');
        var forms = new List<string>
        {
            yyyy + mm + dd, // YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
            dd + mm + yyyy, // DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY
            mm + dd + yyyy, // MM/DD/YYYY
            d + m + yyyy, // D/M/YYYY
            m + d + yyyy, // M/D/YYYY
            dd + mm + yy, // DD/MM/YY
            mm + dd + yy, // MM/DD/YY
            yy + mm + dd, // YY/MM/DD
        };
        if (month >= 1 && month <= 12)
        {
            foreach (string mon in new[] { MonthAbbreviations[month - 1], MonthNames[month - 1] })
            {
                forms.Add(dd + mon + yyyy); // DD-Mon-YYYY, DD Mon YYYY
                forms.Add(d + mon + yyyy);
                forms.Add(mon + dd + yyyy); // Mon DD, YYYY
                forms.Add(mon + d + yyyy);
                forms.Add(dd + mon + yy); // DD-Mon-YY
                forms.Add(yyyy + mon + dd); // YYYY-Mon-DD
            }
        }

        foreach (string f in forms)
        {
            Add(terms, f, 6);
        }
    }
}
