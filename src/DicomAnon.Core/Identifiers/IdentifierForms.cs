// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// The spellings an identifier is searched in, and the thresholds against false positives. A form is searched
/// anywhere in a text (on word boundaries; CJK has none) when it is specific enough:
/// <list type="bullet">
/// <item>name parts: 2+ letters (so two-letter surnames count), 2+ CJK characters; never 1-letter parts or initials
/// alone, name prefixes/suffixes (Mr, Dr, Jr), particles (van, de, ...) or placeholders and roles written into
/// PN values by templates (ANONYMOUS, UNKNOWN, "Last Name^First Name", "Enter text", Doctor, ...);</item>
/// <item>whole names in every component order (family given middle, given middle family, given family, initial +
/// family), folded without separators: 3+ characters;</item>
/// <item>IDs and accession numbers: 3+ characters with a letter, 5+ when all digits (short numbers are everywhere:
/// instance numbers, window widths);</item>
/// <item>dates: YYYYMMDD (also YYYY-MM-DD, YYYY/MM/DD), DDMMYYYY (DD.MM.YYYY, DD/MM/YYYY, DD-MM-YYYY), MMDDYYYY
/// (MM/DD/YYYY), the same without leading zeros, DD-MMM-YYYY / MMM DD YYYY with English month names, and with
/// two-digit years DDMMYY, MMDDYY, YYMMDD and DD-MMM-YY;</item>
/// <item>names: also their German and Nordic ASCII spellings (ae, oe, ue, aa for the letters with umlauts or rings);</item>
/// <item>UIDs: 10+ digits once the dots are folded away; institution and address: 4+ characters.</item>
/// </list>
/// Every form of 2+ characters also identifies a text that is exactly that form (a folder named "LI" or "1234").
/// </summary>
internal static class IdentifierForms
{
    private static readonly HashSet<string> NotIdentifying = new(StringComparer.Ordinal)
    {
        // placeholders written by anonymizers and test data
        "anonymous", "anonymized", "anonymised", "anon", "unknown", "none", "null", "test", "patient", "phantom", "removed",
        "na", "nn", "xx", "xxx", "name", "noname", "names",

        // template placeholders and roles written into PN values ("Last Name^First Name", "Enter text", "Doctor")
        "last", "first", "given", "family", "middle", "surname", "lastname", "firstname", "enter", "text", "here",
        "doctor", "physician", "nurse", "operator", "tech", "technologist", "radiologist", "referring", "observer",
        "staff", "user", "admin", "service", "default", "other", "demo", "sample",

        // name prefixes, suffixes and particles
        "mr", "mrs", "ms", "miss", "dr", "prof", "jr", "sr", "ii", "iii", "iv", "md", "phd",
        "van", "von", "der", "den", "de", "la", "le", "du", "da", "di", "del", "dos", "das", "bin", "ben", "al", "el", "y", "e",

        // common two-letter words and DICOM codes (modalities, sexes, units) that would match everywhere
        "of", "in", "on", "at", "to", "and", "the", "or", "is", "it", "an", "as", "by", "no", "yes",
        "ct", "mr", "us", "cr", "dx", "nm", "pt", "ot", "sr", "sc", "xa", "rf", "mg", "io", "px", "es", "sm", "ko", "pr", "rt", "ecg",
        "hd", "au", "br", "ep", "hc", "ivus", "oct", "op", "opt", "seg", "reg", "doc", "plan", "xc", "gm",
        "mm", "cm", "kg", "ml", "mg", "ms",
    };

    private static readonly string[] MonthShort = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
    private static readonly string[] MonthLong =
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    };

    public static (List<string> Patterns, List<string> Exact) PersonName(string value)
    {
        var patterns = new List<string>();
        var exact = new List<string>();
        bool identifyingPart = false;
        foreach (string group in WithTransliterations(value.Split('=')))
        {
            string[] c = group.Split('^');
            string family = Component(c, 0), given = Component(c, 1), middle = Component(c, 2);
            string f = IdentifierText.Fold(family), g = IdentifierText.Fold(given), m = IdentifierText.Fold(middle);

            // parts: the words of family, given and middle names, and each component whole
            foreach (string comp in new[] { family, given, middle })
            {
                foreach (string word in Words(comp))
                {
                    identifyingPart |= AddPart(word, patterns, exact);
                }

                _ = AddPart(IdentifierText.Fold(comp), patterns, exact);
            }

            // whole names in every usual order
            AddWhole(f + g, patterns, exact);
            AddWhole(g + f, patterns, exact);
            AddWhole(f + g + m, patterns, exact);
            AddWhole(g + m + f, patterns, exact);
            AddWhole(f + m, patterns, exact);
            if (f.Length >= 3 && g.Length > 0)
            {
                AddWhole(g.Substring(0, 1) + f, patterns, exact);
                AddWhole(f + g.Substring(0, 1), patterns, exact);
            }

            AddWhole(IdentifierText.Fold(group), patterns, exact);
        }

        if (!identifyingPart)
        {
            // only placeholders, particles or initials: "ANONYMOUS^UNKNOWN" names nobody
            patterns.Clear();
            exact.Clear();
        }

        return (patterns, exact);
    }

    public static (List<string> Patterns, List<string> Exact) Id(string value)
    {
        var patterns = new List<string>();
        var exact = new List<string>();
        string f = IdentifierText.Fold(value);
        if (f.Length >= 2 && !NotIdentifying.Contains(f))
        {
            exact.Add(f);
            if (AllDigits(f) ? f.Length >= 5 : f.Length >= 3)
            {
                patterns.Add(f);
            }
        }

        return (patterns, exact);
    }

    public static (List<string> Patterns, List<string> Exact) Text(string value, int minimum)
    {
        var patterns = new List<string>();
        var exact = new List<string>();
        string f = IdentifierText.Fold(value);
        if (f.Length >= 2 && !NotIdentifying.Contains(f))
        {
            exact.Add(f);
            if (f.Length >= minimum)
            {
                patterns.Add(f);
            }
        }

        return (patterns, exact);
    }

    public static (List<string> Patterns, List<string> Exact) Date(DicomDate d)
    {
        var patterns = new List<string>();
        var exact = new List<string>();
        if (d.Precision != DicomDatePrecision.Day || (d.Year == 1900 && d.Month == 1 && d.Day == 1))
        {
            return (patterns, exact); // partial dates are not specific; 19000101 is the profile's own dummy
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        string y = d.Year.ToString("D4", inv), mm = d.Month.ToString("D2", inv), dd = d.Day.ToString("D2", inv);
        string m = d.Month.ToString(inv), dy = d.Day.ToString(inv);
        string yy = (d.Year % 100).ToString("D2", inv);
        var forms = new List<string>
        {
            y + mm + dd, dd + mm + y, mm + dd + y, dy + m + y, m + dy + y, y + m + dy,

            // two-digit years (07.03.41, 03/07/41, 410307, 07-MAR-41): six digits, on word boundaries like the rest
            dd + mm + yy, mm + dd + yy, yy + mm + dd, dd + MonthShort[d.Month - 1] + yy,
        };
        foreach (string[] names in new[] { MonthShort, MonthLong })
        {
            string mon = names[d.Month - 1];
            forms.Add(dd + mon + y);
            forms.Add(dy + mon + y);
            forms.Add(mon + dd + y);
            forms.Add(mon + dy + y);
            forms.Add(y + mon + dd);
        }

        foreach (string f in forms)
        {
            if (!patterns.Contains(f))
            {
                patterns.Add(f);
                exact.Add(f);
            }
        }

        return (patterns, exact);
    }

    private static string Component(string[] c, int i) => i < c.Length ? c[i] : string.Empty;

    /// <summary>
    /// The groups, then their German and Nordic ASCII spellings where they differ (Müller as "Mueller", Åse as
    /// "Aase"): exports and folder names write umlauts that way, and folding alone only drops the marks.
    /// </summary>
    private static IEnumerable<string> WithTransliterations(string[] groups)
    {
        foreach (string group in groups)
        {
            yield return group;
        }

        foreach (string group in groups)
        {
            string nfc = group.Normalize(NormalizationForm.FormC);
            var sb = new StringBuilder(nfc.Length + 8);
            foreach (char ch in nfc)
            {
                _ = ch switch
                {
                    '\u00e4' or '\u00c4' => sb.Append("ae"),
                    '\u00f6' or '\u00d6' or '\u00f8' or '\u00d8' => sb.Append("oe"),
                    '\u00fc' or '\u00dc' => sb.Append("ue"),
                    '\u00e5' or '\u00c5' => sb.Append("aa"),
                    _ => sb.Append(ch),
                };
            }

            string spelled = sb.ToString();
            if (!string.Equals(spelled, nfc, StringComparison.Ordinal))
            {
                yield return spelled;
            }
        }
    }

    /// <summary>The words of a name component: split on anything that is not a letter or digit (and before CJK runs).</summary>
    private static IEnumerable<string> Words(string component)
    {
        string folded = string.Empty;
        foreach (char ch in component)
        {
            string f = IdentifierText.FoldChar(ch);
            if (f.Length == 0)
            {
                continue;
            }

            if (f[0] == ' ' || f[0] == IdentifierText.HardBreak)
            {
                if (folded.Length > 0)
                {
                    yield return folded;
                }

                folded = string.Empty;
                continue;
            }

            folded += f;
        }

        if (folded.Length > 0)
        {
            yield return folded;
        }
    }

    /// <summary>Adds a name part; true when it identifies (not a placeholder, particle or initial).</summary>
    private static bool AddPart(string part, List<string> patterns, List<string> exact)
    {
        if (part.Length < 2 || NotIdentifying.Contains(part))
        {
            return false;
        }

        Add(exact, part);
        bool specific = AllDigits(part) ? part.Length >= 5 : part.Length >= 2;
        if (specific)
        {
            Add(patterns, part);
        }

        return true;
    }

    private static void AddWhole(string whole, List<string> patterns, List<string> exact)
    {
        if (whole.Length < 2 || NotIdentifying.Contains(whole))
        {
            return;
        }

        Add(exact, whole);
        if (whole.Length >= 3 && (!AllDigits(whole) || whole.Length >= 5))
        {
            Add(patterns, whole);
        }
    }

    private static void Add(List<string> list, string s)
    {
        if (!list.Contains(s))
        {
            list.Add(s);
        }
    }

    internal static bool AllDigits(string s)
    {
        foreach (char c in s)
        {
            if (IdentifierText.ClassOf(c) != CharClass.Digit)
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
