// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Verification;

/// <summary>
/// Collects the identifiers of one source file, at any depth, in the forms a leak takes: names by component, in
/// both orders, with and without accents (NFC, NFD, stripped), upper and lower case, CJK parts joined; IDs with and
/// without punctuation; birth and study dates in common written formats; institution; every UID that is not in
/// the PS3.6 registry.
/// </summary>
internal static class SourceIdentifiers
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag OtherPatientNames = new(0x0010, 0x1001);
    private static readonly DicomTag PatientBirthName = new(0x0010, 0x1005);
    private static readonly DicomTag MothersBirthName = new(0x0010, 0x1060);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag OtherPatientIds = new(0x0010, 0x1000);
    private static readonly DicomTag AccessionNumber = new(0x0008, 0x0050);
    private static readonly DicomTag BirthDate = new(0x0010, 0x0030);
    private static readonly DicomTag InstitutionName = new(0x0008, 0x0080);
    private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

    /// <summary>UIDs of classes, coding schemes and implementations: they name software and standards, not a patient.</summary>
    private static readonly HashSet<uint> ClassUids = new()
    {
        0x00020002, 0x00020010, 0x00020012, 0x00080016, 0x00081150, 0x00041510, 0x00080062, 0x0008010C, 0x0008010D, 0x00080117, 0x0040DB0D,
    };

    /// <summary>Study-level dates: searched when the output claims its dates were shifted or removed.</summary>
    private static readonly HashSet<uint> StudyDates = new() { 0x00080020, 0x00080021, 0x00080022, 0x00080023 };

    /// <summary>Adds the identifiers of <paramref name="file"/> (file meta and dataset) to <paramref name="index"/> as source <paramref name="source"/>.</summary>
    public static void AddTo(IdentifierIndex index, int source, DicomFile file)
    {
        Walk(index, source, file.FileMetaInformation);
        Walk(index, source, file.Dataset);
    }

    /// <summary>Adds an original Patient ID (from a crosswalk) with its punctuation-free form.</summary>
    public static void AddPatientId(IdentifierIndex index, int source, string id) => AddId(index, source, FindingKinds.SourcePatientId, id);

    private static void Walk(IdentifierIndex index, int source, DicomDataset ds)
    {
        foreach (DicomElement e in ds)
        {
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    Walk(index, source, item);
                }

                continue;
            }

            if (e is not DicomValueElement v || v.Length == 0 || v.Length > 4096 || !DicomVRInfo.IsString(v.VR))
            {
                continue;
            }

            DicomTag t = e.Tag;
            switch (v.VR)
            {
                case DicomVR.PN:
                    string kind = t == PatientName || t == OtherPatientNames || t == PatientBirthName || t == MothersBirthName
                        ? FindingKinds.SourcePatientName : FindingKinds.SourcePersonName;
                    foreach (string value in ds.GetStrings(t))
                    {
                        AddName(index, source, kind, value);
                    }

                    break;
                case DicomVR.UI when !ClassUids.Contains(t.Value):
                    foreach (string uid in ds.GetStrings(t))
                    {
                        if (uid.Length >= 8 && !DicomUidRegistry.TryGet(uid, out _))
                        {
                            index.Add(FindingKinds.SourceUid, source, uid, IdentifierBoundary.Uid);
                        }
                    }

                    break;
                case DicomVR.DA:
                    if (t == BirthDate || StudyDates.Contains(t.Value))
                    {
                        foreach (string d in ds.GetStrings(t))
                        {
                            AddDate(index, source, t == BirthDate ? FindingKinds.SourceBirthDate : FindingKinds.SourceStudyDate, d);
                        }
                    }

                    break;
                default:
                    if (t == PatientId || t == OtherPatientIds)
                    {
                        foreach (string id in ds.GetStrings(t))
                        {
                            AddId(index, source, t == PatientId ? FindingKinds.SourcePatientId : FindingKinds.SourceOtherPatientId, id);
                        }
                    }
                    else if (t == AccessionNumber)
                    {
                        AddId(index, source, FindingKinds.SourceAccessionNumber, ds.GetString(t) ?? string.Empty);
                    }
                    else if (t == InstitutionName)
                    {
                        string name = (ds.GetString(t) ?? string.Empty).Trim();
                        if (name.Length >= 4)
                        {
                            AddText(index, source, FindingKinds.SourceInstitution, name);
                        }
                    }

                    break;
            }
        }
    }

    private static void AddName(IdentifierIndex index, int source, string kind, string value)
    {
        DicomPersonName pn = DicomPersonName.Parse(value);
        foreach (PersonNameGroup g in new[] { PersonNameGroup.Alphabetic, PersonNameGroup.Ideographic, PersonNameGroup.Phonetic })
        {
            string family = pn[g, PersonNameComponent.FamilyName].Trim();
            string given = pn[g, PersonNameComponent.GivenName].Trim();
            string middle = pn[g, PersonNameComponent.MiddleName].Trim();
            var parts = new List<string>();
            foreach (string c in new[] { family, given, middle })
            {
                // Family names are sometimes several words ("VAN DER BERG"): each word counts.
                foreach (string w in c.Split(new[] { ' ', '-', ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (IsNamePart(w))
                    {
                        parts.Add(w);
                    }
                }

                if (c.IndexOf(' ') > 0 && IsNamePart(c))
                {
                    parts.Add(c);
                }
            }

            foreach (string p in parts)
            {
                AddText(index, source, kind, p);
            }

            if (family.Length > 0 && given.Length > 0)
            {
                AddText(index, source, kind, family + given); // CJK names are written without a separator
                AddText(index, source, kind, given + family);
            }
        }
    }

    /// <summary>Long enough to be told from ordinary words: three letters, or two ideographs.</summary>
    private static bool IsNamePart(string part)
    {
        if (part.Length >= 3)
        {
            return true;
        }

        foreach (char c in part)
        {
            if (c >= '\u2E80')
            {
                return part.Length >= 1 && Encoding.UTF8.GetByteCount(part) >= 3;
            }
        }

        return false;
    }

    private static void AddId(IdentifierIndex index, int source, string kind, string id)
    {
        id = id.Trim();
        if (id.Length >= 3)
        {
            AddText(index, source, kind, id);
        }

        var bare = new StringBuilder(id.Length);
        foreach (char c in id)
        {
            if (char.IsLetterOrDigit(c))
            {
                bare.Append(c);
            }
        }

        if (bare.Length >= 4 && bare.Length != id.Length)
        {
            index.Add(kind, source, bare.ToString(), IdentifierBoundary.Word);
        }
    }

    private static void AddDate(IdentifierIndex index, int source, string kind, string value)
    {
        if (!DicomDate.TryParse(value.Trim(), out DicomDate d) || d.Precision != DicomDatePrecision.Day)
        {
            return;
        }

        string y = d.Year.ToString("D4", CultureInfo.InvariantCulture), m = d.Month.ToString("D2", CultureInfo.InvariantCulture);
        string dd = d.Day.ToString("D2", CultureInfo.InvariantCulture), mon = Months[d.Month - 1];
        foreach (string form in new[]
        {
            y + m + dd, y + "-" + m + "-" + dd, y + "/" + m + "/" + dd, y + "." + m + "." + dd,
            dd + "/" + m + "/" + y, m + "/" + dd + "/" + y, dd + "." + m + "." + y, dd + "-" + m + "-" + y,
            dd + "-" + mon + "-" + y, dd + mon + y, dd + " " + mon + " " + y, mon + " " + dd + ", " + y,
        })
        {
            index.Add(kind, source, form, IdentifierBoundary.Word);
        }
    }

    /// <summary>The text as written, in NFC and NFD, without accents, upper and lower case.</summary>
    private static void AddText(IdentifierIndex index, int source, string kind, string text)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { text };
        string nfc = text.Normalize(NormalizationForm.FormC), nfd = text.Normalize(NormalizationForm.FormD);
        forms.Add(nfc);
        forms.Add(nfd);
        var bare = new StringBuilder(nfd.Length);
        foreach (char c in nfd)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                bare.Append(c);
            }
        }

        forms.Add(bare.ToString());
        foreach (string f in new List<string>(forms))
        {
            forms.Add(f.ToUpperInvariant());
            forms.Add(f.ToLowerInvariant());
        }

        foreach (string f in forms)
        {
            index.Add(kind, source, f, IdentifierBoundary.Word);
        }
    }
}
