// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// The identifying values <see cref="TextCleaner"/> looks for in free text: IDs, institution, addresses, the birth date in
/// its common written forms, and the words of person names.
/// </summary>
internal static class TextCleanerTerms
{
    private const int MaxDepth = 256;

    /// <summary>Adds the dataset's identifying values (read before any change) to <paramref name="terms"/>.</summary>
    public static void Collect(DicomDataset ds, List<string> terms) => Collect(ds, terms, 0);

    private static void Collect(DicomDataset ds, List<string> terms, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        for (int ei = 0; ei < ds.Count; ei++)
        {
            DicomElement e = ds.ElementAt(ei);
            if (e is DicomSequence sq)
            {
                for (int ii = 0; ii < sq.Items.Count; ii++)
                {
                    DicomDataset item = sq.Items[ii];
                    Collect(item, terms, depth + 1);
                }

                continue;
            }

            if (e is not DicomValueElement v || e.Tag.IsPrivate || !v.Buffer.IsLoaded)
            {
                continue;
            }

            switch (e.Tag.Value)
            {
                case 0x00100020: // Patient ID
                case 0x00101000: // Other Patient IDs
                case 0x00080050: // Accession Number
                case 0x00200010: // Study ID
                case 0x00101090: // Medical Record Locator
                case 0x00102154: // Patient's Telephone Numbers
                case 0x00080080: // Institution Name
                case 0x00100021: // Issuer of Patient ID
                    foreach (string s in ds.GetStrings(e.Tag))
                    {
                        terms.Add(s);
                    }

                    continue;
                case 0x00101040: // Patient's Address
                case 0x00080081: // Institution Address
                    string? addr = ds.GetString(e.Tag);
                    if (addr is not null)
                    {
                        terms.Add(addr);
                        AddTokens(addr, terms, 3);
                    }

                    continue;
                case 0x00100030: // Patient's Birth Date
                    foreach (string s in ds.GetStrings(e.Tag))
                    {
                        if (DicomDate.TryParse(s, out DicomDate d) && d.Precision == DicomDatePrecision.Day)
                        {
                            var dt = d.ToDateTime();
                            terms.Add(dt.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                            terms.Add(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                            terms.Add(dt.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
                            terms.Add(dt.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture));
                            terms.Add(dt.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
                        }
                    }

                    continue;
            }

            if (v.VR == DicomVR.PN)
            {
                foreach (string s in ds.GetStrings(e.Tag))
                {
                    AddTokens(s, terms, 2);
                }
            }
        }
    }

    private static void AddTokens(string s, List<string> terms, int min)
    {
        var sb = new StringBuilder();
        foreach (char c in s + " ")
        {
            if (c == '^' || c == '=' || c == ' ' || c == ',' || c == '\\')
            {
                if (sb.Length >= min)
                {
                    terms.Add(sb.ToString());
                }

                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
    }
}
