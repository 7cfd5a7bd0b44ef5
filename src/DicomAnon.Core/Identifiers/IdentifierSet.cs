// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Text;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// The identifiers of one dataset (or of a folder, a patient, a run: sets can be merged), collected at every depth:
/// every person name (PN of any tag, private ones included), patient and other IDs, accession numbers, study ID,
/// order and procedure numbers, the birth date and study, series, acquisition and content dates, institution
/// name, address and department, the patient's address, and every UID that is not in the PS3.6 registry and
/// not a class UID. Search them with <see cref="IdentifierMatcher"/>; the spellings and thresholds are those of
/// the folding and forms documented on <see cref="IdentifierText"/> and in the README of this folder.
/// </summary>
/// <threadsafety>Not thread-safe while being filled; read-only use (matcher construction) may be concurrent.</threadsafety>
internal sealed class IdentifierSet : IReadOnlyCollection<Identifier>
{
    private const int MaxDepth = 256;

    // UIDs of classes, transfer syntaxes and coding schemes: not instance identifiers, and kept by the profile.
    private static readonly HashSet<uint> ClassUidTags = new()
    {
        0x00020002, 0x00020010, 0x00020012, 0x00080016, 0x00081150, 0x0008001A, 0x00080062, 0x00041510, 0x0004151A,
        0x0008010C, 0x0008010D, 0x00080117, 0x00400E01, 0x0040A068, 0x00081160,
    };

    private const int FormCacheLimit = 8192;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IdentifierKind Family, string Value), (List<string> Patterns, List<string> Exact)> FormCache = new();

    private static readonly System.Text.Encoding Latin1 = System.Text.Encoding.GetEncoding(28591);
    private static readonly System.Text.Encoding StrictUtf8 = new System.Text.UTF8Encoding(false, true);

    private readonly List<Identifier> _items = new();
    private readonly HashSet<(IdentifierKind Kind, uint Tag, string Value)> _keys = new();

    public int Count => _items.Count;

    /// <summary>The identifiers of a Part 10 file (file meta and dataset).</summary>
    public static IdentifierSet FromFile(DicomFile file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        var set = new IdentifierSet();
        set.AddDataset(file.FileMetaInformation);
        set.AddDataset(file.Dataset);
        return set;
    }

    /// <summary>The identifiers of a dataset, at every depth.</summary>
    public static IdentifierSet FromDataset(DicomDataset dataset)
    {
        var set = new IdentifierSet();
        set.AddDataset(dataset ?? throw new ArgumentNullException(nameof(dataset)));
        return set;
    }

    /// <summary>Adds the identifiers of <paramref name="dataset"/> (every depth).</summary>
    public void AddDataset(DicomDataset dataset)
    {
        Collect(dataset ?? throw new ArgumentNullException(nameof(dataset)), 0);
    }

    /// <summary>Adds every identifier of <paramref name="other"/> (e.g. the files of one folder).</summary>
    public void UnionWith(IdentifierSet other)
    {
        foreach (Identifier i in other ?? throw new ArgumentNullException(nameof(other)))
        {
            AddIdentifier(i);
        }
    }

    /// <summary>Adds one value of the given kind (a PN value for the name kinds, a DA value for the date kinds).</summary>
    public void Add(IdentifierKind kind, string value, DicomTag tag = default)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        string v = value.Trim(DicomTextChars.Padding);
        if (v.Length == 0)
        {
            return;
        }

        (IdentifierKind, string) cacheKey = (FormFamily(kind), v);
        if (!FormCache.TryGetValue(cacheKey, out (List<string> Patterns, List<string> Exact) forms))
        {
            forms = ComputeForms(kind, v);
            if (FormCache.Count >= FormCacheLimit)
            {
                FormCache.Clear();
            }

            FormCache[cacheKey] = forms;
        }

        if (forms.Exact.Count == 0)
        {
            return;
        }

        AddIdentifier(new Identifier(kind, tag, v, forms.Patterns, forms.Exact));
    }

    // Files of one series repeat names, dates and IDs: their forms are computed once (bounded; lists never change).
    private static (List<string> Patterns, List<string> Exact) ComputeForms(IdentifierKind kind, string v) =>
        kind switch
        {
            IdentifierKind.PatientName or IdentifierKind.OtherPersonName => IdentifierForms.PersonName(v),
            IdentifierKind.BirthDate or IdentifierKind.StudyDate or IdentifierKind.OtherDate =>
                DicomDate.TryParse(v.Length > 8 ? v.Substring(0, 8) : v, out DicomDate d) ? IdentifierForms.Date(d) : (new List<string>(), new List<string>()),
            IdentifierKind.Uid => IdentifierForms.Text(v, 10),
            IdentifierKind.Institution or IdentifierKind.Address => IdentifierForms.Text(v, 4),
            _ => IdentifierForms.Id(v),
        };

    private static IdentifierKind FormFamily(IdentifierKind kind) => kind switch
    {
        IdentifierKind.PatientName or IdentifierKind.OtherPersonName => IdentifierKind.PatientName,
        IdentifierKind.BirthDate or IdentifierKind.StudyDate or IdentifierKind.OtherDate => IdentifierKind.BirthDate,
        IdentifierKind.Uid => IdentifierKind.Uid,
        IdentifierKind.Institution or IdentifierKind.Address => IdentifierKind.Institution,
        _ => IdentifierKind.PatientId,
    };

    public IEnumerator<Identifier> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A matcher for this set alone.</summary>
    public IdentifierMatcher Compile() => IdentifierMatcher.Create(new[] { this });

    private void AddIdentifier(Identifier i)
    {
        if (_keys.Add((i.Kind, i.Tag.Value, i.Value)))
        {
            _items.Add(i);
        }
    }

    private void Collect(DicomDataset ds, int depth)
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
                    Collect(item, depth + 1);
                }

                continue;
            }

            if (e is not DicomValueElement v || e.Tag.IsPrivateCreator)
            {
                continue;
            }

            DicomVR vr = e.VR == DicomVR.UN && !e.Tag.IsPrivate ? DicomDictionary.GetVR(e.Tag) : e.VR;
            IdentifierKind? kind = KindOf(e.Tag, vr, depth);
            if (kind is null || v.Length > 1 << 16)
            {
                continue;
            }

            string[] values;
            try
            {
                values = ds.GetStrings(e.Tag);
            }
            catch (DicomFormatException)
            {
                continue;
            }

            foreach (string s in values)
            {
                if (kind == IdentifierKind.Uid && DicomUidRegistry.TryGet(s, out _))
                {
                    continue; // a registered UID names a class or a standard frame, not an instance
                }

                Add(kind.Value, s, e.Tag);
            }

            if (kind is IdentifierKind.PatientName or IdentifierKind.OtherPersonName)
            {
                AddOtherReadings(kind.Value, v, e.Tag, Array.Exists(values, x => x.IndexOf('\uFFFD') >= 0));
            }
        }
    }

    /// <summary>
    /// A name whose bytes are not ASCII is also read as UTF-8 (when they are valid UTF-8), and as Latin-1 when the
    /// declared character set could not read them: devices mislabel their character set, and the folder names and
    /// copies elsewhere carry the spelling the device meant, not the declared one.
    /// </summary>
    private void AddOtherReadings(IdentifierKind kind, DicomValueElement element, DicomTag tag, bool declaredFailed)
    {
        byte[] bytes = element.GetBytes();
        if (Array.TrueForAll(bytes, b => b < 0x80))
        {
            return;
        }

        var readings = new List<string>(2);
        if (declaredFailed)
        {
            readings.Add(Latin1.GetString(bytes));
        }

        try
        {
            readings.Add(StrictUtf8.GetString(bytes));
        }
        catch (System.Text.DecoderFallbackException)
        {
            // not UTF-8: the Latin-1 reading covers it
        }

        foreach (string reading in readings)
        {
            foreach (string s in reading.Split(DicomTextChars.Backslash))
            {
                Add(kind, s, tag);
            }
        }
    }

    /// <summary>
    /// False for a plain value that <see cref="AddDataset"/> takes nothing from: a reader may skip it (the Specific
    /// Character Set and private creators are kept, since the values taken are read through them).
    /// </summary>
    internal static bool NeedsValue(DicomTag tag, DicomVR vr) =>
        tag == DicomTag.SpecificCharacterSet || tag.IsPrivateCreator || KindOf(tag, vr, 0) is not null;

    private static IdentifierKind? KindOf(DicomTag tag, DicomVR vr, int depth)
    {
        switch (tag.Value)
        {
            case 0x00100010: case 0x00101001: case 0x00101005: return IdentifierKind.PatientName;
            case 0x00100020: return depth == 0 ? IdentifierKind.PatientId : IdentifierKind.OtherPatientId;
            case 0x00101000: case 0x00101002: return IdentifierKind.OtherPatientId;
            case 0x00080050: return IdentifierKind.AccessionNumber;
            case 0x00200010: return IdentifierKind.StudyId;
            case 0x00402016: case 0x00402017: case 0x00401001: case 0x00400009: case 0x00400253: case 0x00380010:
            case 0x00101090: case 0x00102154: case 0x00102155: case 0x00400512:
                return IdentifierKind.OtherId;
            case 0x00100030: return IdentifierKind.BirthDate;
            case 0x00080020: return IdentifierKind.StudyDate;
            case 0x00080021: case 0x00080022: case 0x00080023: case 0x0008002A: return IdentifierKind.OtherDate;
            case 0x00080080: case 0x00080081: case 0x00081040: return IdentifierKind.Institution;
            case 0x00101040: return IdentifierKind.Address;
        }

        if (vr == DicomVR.PN)
        {
            return IdentifierKind.OtherPersonName;
        }

        if (vr == DicomVR.UI && !ClassUidTags.Contains(tag.Value))
        {
            return IdentifierKind.Uid;
        }

        return null;
    }
}
