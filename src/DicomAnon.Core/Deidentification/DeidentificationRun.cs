// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Deidentification;

/// <summary>The state of one <see cref="Deidentifier.Apply"/> call (counters, warnings, keyed functions).</summary>
internal sealed class DeidentificationRun : IDisposable
{
    private const int MaxDepth = 256;
    private const string DummyText = "ANONYMIZED";

    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    private static readonly DicomTag ContentSequence = new(0x0040, 0xA730);
    private static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
    private static readonly DicomTag TimezoneOffsetFromUtc = new(0x0008, 0x0201);

    private readonly Deidentifier _d;
    private readonly Pseudonymizer _p;
    private readonly HMACSHA256 _hmac;
    private readonly List<string> _warnings = new();
    private readonly HashSet<string> _warningSet = new(StringComparer.Ordinal);
    private readonly bool _retainUids;
    private readonly bool _retainSafePrivate;
    private TextCleaner? _cleaner;
    private int _removed, _emptied, _replaced, _uids, _dates;
    private int _offset;

    public DeidentificationRun(Deidentifier d)
    {
        _d = d;
        _hmac = d.RentMac();
        _p = new Pseudonymizer(_hmac);
        _retainUids = d.Has(DeidentificationOption.RetainUids);
        _retainSafePrivate = d.Has(DeidentificationOption.RetainSafePrivate);
    }

    public void Dispose() => _d.ReturnMac(_hmac);

    public DeidentificationResult Run(DicomFile file)
    {
        DicomDataset ds = file.Dataset;
        string originalId = ds.GetString(PatientId) ?? string.Empty;
        if (originalId.Length == 0)
        {
            Warn("(0010,0020) is absent or empty: the pseudonym and date offset are those of an empty Patient ID.");
        }

        string? originalStudy = ds.GetString(StudyInstanceUid);
        (string pseudoId, string pseudoName, bool mapped) = PseudonymFor(originalId);
        (int offset, bool offsetMapped) = DateOffsetFor(originalId);
        _offset = offset;
        Identifiers.IdentifierEchoScan? echoes = _d.Settings.ScanIdentifierEchoes ? Identifiers.IdentifierEchoScan.Collect(file) : null;

        if (_d.NeedsCleaner)
        {
            var terms = new List<string>();
            CollectTerms(ds, terms, 0);
            _cleaner = new TextCleaner(terms);
        }

        ProcessDataset(ds, 0, false);
        ProcessFileMeta(file.FileMetaInformation);

        // The 128-byte preamble is free for applications (TIFF headers of dual-format files, ...): written as zeros.
        file.Preamble = null;

        string temporal = Mark(ds);
        int echoesCleaned = echoes?.Clean(file, _d, _p.Uid, Warn) ?? 0;
        string? newStudy = originalStudy is null ? null : MapUid(originalStudy, force: false);
        return new DeidentificationResult
        {
            PseudonymPatientId = pseudoId,
            PseudonymPatientName = _d.Settings.PseudonymizePatientName ? pseudoName : string.Empty,
            OriginalPatientId = originalId,
            DateOffsetDays = _d.DatePolicy == DatePolicy.Shift ? offset : 0,
            FromSubjectMap = mapped || offsetMapped,
            OriginalStudyInstanceUid = originalStudy,
            StudyInstanceUid = newStudy,
            Removed = _removed,
            Emptied = _emptied,
            Replaced = _replaced,
            UidsRemapped = _uids,
            DatesShifted = _dates,
            IdentifierEchoesCleaned = echoesCleaned,
            LongitudinalTemporalInformationModified = temporal,
            MethodCodes = _d.MethodCodes,
            Warnings = _warnings.ToArray(),
        };
    }

    public (string Id, string Name, bool Mapped) PseudonymFor(string originalId)
    {
        DeidentificationSettings s = _d.Settings;
        string derived = (s.PseudonymPrefix ?? string.Empty) + _p.Base32("pid", originalId, s.PseudonymHashLength);
        if (s.SubjectMap is not null && s.SubjectMap.TryGet(originalId, out SubjectMapEntry? e) && e is not null)
        {
            return (e.PseudonymPatientId, e.PseudonymPatientName ?? e.PseudonymPatientId, true);
        }

        return (derived, derived, false);
    }

    public (int Offset, bool Mapped) DateOffsetFor(string originalId)
    {
        DeidentificationSettings s = _d.Settings;
        if (s.SubjectMap is not null && s.SubjectMap.TryGet(originalId, out SubjectMapEntry? e) && e?.DateOffsetDays is int o)
        {
            return (o, true);
        }

        return (_p.DateOffset(originalId, s.MinimumDateOffsetDays, s.MaximumDateOffsetDays), false);
    }

    /// <summary>Remaps one UID: standard UIDs and (unless forced) everything under Retain UIDs are unchanged.</summary>
    public string MapUid(string uid, bool force)
    {
        string u = uid.Trim(' ', '\0');
        if (u.Length == 0 || DicomUidRegistry.IsStandardUid(u) || (_retainUids && !force))
        {
            return u;
        }

        return _p.Uid(u);
    }

    private void ProcessDataset(DicomDataset ds, int depth, bool inContent)
    {
        if (depth > MaxDepth)
        {
            Warn($"Sequence items nested deeper than {MaxDepth} levels were emptied.");
            _removed += ds.Count;
            ds.Clear();
            return;
        }

        var elements = new DicomElement[ds.Count];
        int n = 0;
        foreach (DicomElement e in ds)
        {
            elements[n++] = e;
        }

        HashSet<uint>? keptBlocks = null;
        bool anyCreators = false;
        for (int i = 0; i < n; i++)
        {
            DicomElement e = elements[i];
            DicomTag tag = e.Tag;
            if (tag.IsPrivate)
            {
                if (tag.IsPrivateCreator)
                {
                    anyCreators = true;
                    continue;
                }

                if (ProcessPrivate(ds, e, depth, inContent))
                {
                    keptBlocks ??= new HashSet<uint>();
                    keptBlocks.Add(((uint)tag.Group << 16) | (uint)(tag.Element >> 8));
                }

                continue;
            }

            if ((tag.Group & 1) == 1 || tag.IsGroupLength)
            {
                Remove(ds, e);
                continue;
            }

            DicomVR vr = EffectiveVR(e);
            if (vr == DicomVR.SQ && e is not DicomSequence)
            {
                // A sequence carried as raw UN bytes cannot be walked: its items could hold anything.
                Warn($"{tag} is a sequence encoded as UN and cannot be de-identified item by item; removed.");
                Remove(ds, e);
                continue;
            }

            if (_d.TryGetCustomRule(tag, out CustomRule? rule))
            {
                ApplyCustom(ds, e, vr, rule!, depth, inContent);
                continue;
            }

            if (tag == PatientId && e is DicomValueElement)
            {
                string id = ds.GetString(PatientId) ?? string.Empty;
                string pseudo = PseudonymFor(id).Id;
                if (!ds.CharacterSet.CanEncode(pseudo, DicomVR.LO))
                {
                    Warn("(0010,0020) subject-map pseudonym cannot be encoded in the Specific Character Set; the keyed pseudonym was written.");
                    pseudo = (_d.Settings.PseudonymPrefix ?? string.Empty) + _p.Base32("pid", id, _d.Settings.PseudonymHashLength);
                }

                ds.SetString(PatientId, DicomVR.LO, pseudo);
                _replaced++;
                continue;
            }

            if (tag == PatientName && e is DicomValueElement)
            {
                if (_d.Settings.PseudonymizePatientName && (depth == 0 || ds.Contains(PatientId)))
                {
                    string id = ds.GetString(PatientId) ?? string.Empty;
                    string name = PseudonymFor(id).Name;
                    if (ds.CharacterSet.CanEncode(name, DicomVR.PN))
                    {
                        ds.SetString(PatientName, DicomVR.PN, name);
                        _replaced++;
                        continue;
                    }

                    Warn("(0010,0010) pseudonym name cannot be encoded in the Specific Character Set; emptied.");
                }

                SetEmpty(ds, e, DicomVR.PN);
                continue;
            }

            if (_d.Rules.TryGetAction(tag, out ProfileAction action))
            {
                ApplyAction(ds, e, vr, action, depth, inContent || tag == ContentSequence);
            }
            else
            {
                ApplyUnlisted(ds, e, vr, depth, inContent || tag == ContentSequence);
            }
        }

        if (anyCreators)
        {
            for (int i = 0; i < n; i++)
            {
                DicomTag t = elements[i].Tag;
                if (t.IsPrivateCreator && (keptBlocks is null || !keptBlocks.Contains(((uint)t.Group << 16) | t.Element)))
                {
                    Remove(ds, elements[i]);
                }
            }
        }
    }

    /// <summary>Handles one private data element; true when it stays (so its creator must stay).</summary>
    private bool ProcessPrivate(DicomDataset ds, DicomElement e, int depth, bool inContent)
    {
        DicomTag tag = e.Tag;
        if (tag.Element < 0x1000)
        {
            Remove(ds, e); // (gggg,0000)-(gggg,000F) and unreserved elements
            return false;
        }

        string? creator = e.PrivateCreator ?? ds.FindPrivateCreator(tag);
        byte ee = (byte)(tag.Element & 0xFF);
        if (_d.TryGetPrivateRule(tag.Group, creator, ee, out CustomRule? rule))
        {
            ApplyCustom(ds, e, EffectiveVR(e), rule!, depth, inContent);
            return ds.Contains(tag);
        }

        if (_retainSafePrivate && _d.Rules.PrivateAction != ProfileAction.Remove && SafePrivateAttributes.IsSafe(tag.Group, creator, ee))
        {
            if (e is DicomSequence sq)
            {
                Recurse(sq, depth, inContent);
            }

            return true;
        }

        Remove(ds, e);
        return false;
    }

    private void ApplyAction(DicomDataset ds, DicomElement e, DicomVR vr, ProfileAction action, int depth, bool inContent)
    {
        switch (action)
        {
            case ProfileAction.Remove:
                Remove(ds, e);
                break;
            case ProfileAction.Empty:
                SetEmpty(ds, e, vr);
                break;
            case ProfileAction.Dummy:
                if (e is DicomSequence dsq)
                {
                    Recurse(dsq, depth, inContent);
                }
                else if (vr == DicomVR.UI)
                {
                    RemapElement(ds, e, force: true);
                }
                else
                {
                    SetDummy(ds, e, vr);
                }

                break;
            case ProfileAction.RemapUid:
                if (e is DicomSequence usq)
                {
                    Recurse(usq, depth, inContent);
                }
                else if (vr == DicomVR.UI)
                {
                    RemapElement(ds, e, force: false);
                }
                else
                {
                    SetDummy(ds, e, vr);
                }

                break;
            case ProfileAction.Clean:
                Clean(ds, e, vr, depth, inContent);
                break;
            default:
                Keep(ds, e, vr, depth, inContent);
                break;
        }
    }

    /// <summary>Public attributes that Table E.1-1 does not list (see the remarks on <see cref="Deidentifier"/>).</summary>
    private void ApplyUnlisted(DicomDataset ds, DicomElement e, DicomVR vr, int depth, bool inContent)
    {
        if (e is DicomSequence sq)
        {
            Recurse(sq, depth, inContent);
            return;
        }

        if (e is DicomFragmentSequence)
        {
            return; // encapsulated pixel data: untouched
        }

        switch (vr)
        {
            case DicomVR.PN:
            case DicomVR.UI:
            case DicomVR.DA:
            case DicomVR.DT:
            case DicomVR.TM:
                Keep(ds, e, vr, depth, inContent);
                return;
            case DicomVR.UR:
                Warn($"{e.Tag} is a URL not covered by Table E.1-1 and may identify the patient or site; removed.");
                Remove(ds, e);
                return;
            case DicomVR.LT:
            case DicomVR.ST:
            case DicomVR.UT:
            case DicomVR.UC:
                if (!inContent)
                {
                    Remove(ds, e);
                }
                else if (_d.Has(DeidentificationOption.CleanStructuredContent))
                {
                    CleanText(ds, e, vr);
                }
                else
                {
                    SetDummy(ds, e, vr);
                }

                return;
        }

        if (DicomDictionary.TryGetEntry(e.Tag, out _))
        {
            return; // known, not free text: kept
        }

        switch (vr)
        {
            case DicomVR.US:
            case DicomVR.SS:
            case DicomVR.UL:
            case DicomVR.SL:
            case DicomVR.UV:
            case DicomVR.SV:
            case DicomVR.FL:
            case DicomVR.FD:
            case DicomVR.AT:
            case DicomVR.CS:
            case DicomVR.DS:
            case DicomVR.IS:
                return;
            default:
                Warn($"{e.Tag} is not in PS3.6 {DicomDictionary.Edition} and may hold text; removed.");
                Remove(ds, e);
                return;
        }
    }

    /// <summary>K: keep, with the safety net for PN, UI and dates; sequences keep their items, each de-identified.</summary>
    private void Keep(DicomDataset ds, DicomElement e, DicomVR vr, int depth, bool inContent)
    {
        if (e is DicomSequence sq)
        {
            Recurse(sq, depth, inContent);
            return;
        }

        if (e is not DicomValueElement)
        {
            return;
        }

        switch (vr)
        {
            case DicomVR.PN:
                SetEmpty(ds, e, vr);
                break;
            case DicomVR.UI:
                RemapElement(ds, e, force: false);
                break;
            case DicomVR.DA:
            case DicomVR.DT:
            case DicomVR.TM:
                ApplyDatePolicy(ds, e, vr);
                break;
        }
    }

    private void Clean(DicomDataset ds, DicomElement e, DicomVR vr, int depth, bool inContent)
    {
        if (e is DicomSequence sq)
        {
            Recurse(sq, depth, inContent);
            return;
        }

        if (e is not DicomValueElement)
        {
            Warn($"{e.Tag} cannot be cleaned; removed.");
            Remove(ds, e);
            return;
        }

        switch (vr)
        {
            case DicomVR.DA:
            case DicomVR.DT:
            case DicomVR.TM:
                ApplyDatePolicy(ds, e, vr);
                return;
            case DicomVR.UI:
                RemapElement(ds, e, force: false);
                return;
            case DicomVR.PN:
                SetEmpty(ds, e, vr);
                return;
            case DicomVR.AE:
                {
                    string[] values = ds.GetStrings(e.Tag);
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = values[i].Length == 0 ? string.Empty : "AE" + _p.Base32("ae", values[i], 14);
                    }

                    ds.SetString(e.Tag, DicomVR.AE, string.Join("\\", values), e.PrivateCreator);
                    _replaced++;
                    return;
                }

            case DicomVR.SH when e.Tag == TimezoneOffsetFromUtc:
                {
                    // C under the temporal options: a whole-day shift keeps the offset; anything but +hhmm/-hhmm is emptied.
                    string tz = ds.GetString(e.Tag) ?? string.Empty;
                    if (tz.Length != 0 && !(tz.Length == 5 && (tz[0] == '+' || tz[0] == '-') && DicomDate.AllDigits(tz.Substring(1))))
                    {
                        SetEmpty(ds, e, vr);
                    }

                    return;
                }

            case DicomVR.LO:
            case DicomVR.SH:
            case DicomVR.ST:
            case DicomVR.LT:
            case DicomVR.UT:
            case DicomVR.UC:
                CleanText(ds, e, vr);
                return;
            case DicomVR.CS:
                {
                    // Code strings are kept only when they are well-formed and the cleaner finds nothing in them.
                    string text = ds.GetString(e.Tag) ?? string.Empty;
                    if ((_cleaner ?? new TextCleaner(Array.Empty<string>())).Clean(text) != text || !IsCodeString(text))
                    {
                        SetEmpty(ds, e, vr);
                    }

                    return;
                }

            case DicomVR.US:
            case DicomVR.SS:
            case DicomVR.UL:
            case DicomVR.SL:
            case DicomVR.UV:
            case DicomVR.SV:
            case DicomVR.FL:
            case DicomVR.FD:
            case DicomVR.DS:
            case DicomVR.IS:
            case DicomVR.AT:
            case DicomVR.AS:
                return; // numbers carry no free text
            default:
                Warn($"{e.Tag} ({DicomVRInfo.ToCode(vr)}) cannot be cleaned; removed.");
                Remove(ds, e);
                return;
        }
    }

    private void CleanText(DicomDataset ds, DicomElement e, DicomVR vr)
    {
        string text = ds.GetString(e.Tag) ?? string.Empty;
        string cleaned = (_cleaner ?? new TextCleaner(Array.Empty<string>())).Clean(text);
        cleaned = FitValues(cleaned, vr);
        if (!ds.CharacterSet.CanEncode(cleaned, vr))
        {
            Warn($"{e.Tag} cleaned text cannot be encoded in the Specific Character Set; emptied.");
            SetEmpty(ds, e, vr);
            return;
        }

        ds.SetString(e.Tag, vr, cleaned, e.PrivateCreator);
        _replaced++;
    }

    private static bool IsCodeString(string text)
    {
        foreach (string v in text.Split('\\'))
        {
            if (v.Length > 16)
            {
                return false;
            }

            foreach (char c in v)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Cuts each value to the VR's maximum length (in characters).</summary>
    private static string FitValues(string text, DicomVR vr)
    {
        int max = DicomVRInfo.MaxValueLength(vr);
        if (vr == DicomVR.UT || vr == DicomVR.UC)
        {
            return text;
        }

        if (DicomVRInfo.IsSingleValuedText(vr))
        {
            return max > 0 && text.Length > max ? text.Substring(0, max) : text;
        }

        string[] parts = text.Split('\\');
        for (int i = 0; i < parts.Length; i++)
        {
            if (max > 0 && parts[i].Length > max)
            {
                parts[i] = parts[i].Substring(0, max);
            }
        }

        return string.Join("\\", parts);
    }

    private void ApplyDatePolicy(DicomDataset ds, DicomElement e, DicomVR vr)
    {
        switch (_d.DatePolicy)
        {
            case DatePolicy.Keep:
                return;
            case DatePolicy.Remove:
                SetEmpty(ds, e, vr);
                return;
        }

        if (vr == DicomVR.TM)
        {
            return; // whole-day shifts keep the time of day
        }

        ShiftElement(ds, e, vr, _offset);
    }

    private void ShiftElement(DicomDataset ds, DicomElement e, DicomVR vr, int days)
    {
        string text = ds.GetString(e.Tag) ?? string.Empty;
        if (text.Trim().Length == 0)
        {
            return;
        }

        string[] values = text.Split('\\');
        for (int i = 0; i < values.Length; i++)
        {
            string? shifted = ShiftValue(values[i].Trim(' ', '\0'), vr, days);
            if (shifted is null)
            {
                Warn($"{e.Tag} holds a value that is not a valid {DicomVRInfo.ToCode(vr)}; emptied.");
                SetEmpty(ds, e, vr);
                return;
            }

            values[i] = shifted;
        }

        ds.SetString(e.Tag, vr, string.Join("\\", values), e.PrivateCreator);
        _dates++;
    }

    /// <summary>Shifts one DA or DT value, or a range "A-B", "A-", "-B"; null when it is not valid.</summary>
    internal static string? ShiftValue(string v, DicomVR vr, int days)
    {
        if (v.Length == 0)
        {
            return v;
        }

        string? single = ShiftSingle(v, vr, days);
        if (single is not null)
        {
            return single;
        }

        // A range: try each '-' as the separator (a DT may also contain '-' in its UTC offset).
        for (int i = v.IndexOf('-'); i >= 0; i = i + 1 < v.Length ? v.IndexOf('-', i + 1) : -1)
        {
            string a = v.Substring(0, i), b = v.Substring(i + 1);
            string? sa = a.Length == 0 ? string.Empty : ShiftSingle(a, vr, days);
            string? sb = b.Length == 0 ? string.Empty : ShiftSingle(b, vr, days);
            if (sa is not null && sb is not null && (a.Length + b.Length) > 0)
            {
                return sa + "-" + sb;
            }
        }

        return null;
    }

    private static string? ShiftSingle(string v, DicomVR vr, int days)
    {
        if (vr == DicomVR.DA)
        {
            return DicomDate.TryParse(v, out DicomDate d) && d.TryAddDays(days, out DicomDate r) ? r.ToString() : null;
        }

        return DicomDateTime.TryParse(v, out DicomDateTime dt) && dt.TryAddDays(days, out DicomDateTime rt) ? rt.ToString() : null;
    }

    private void RemapElement(DicomDataset ds, DicomElement e, bool force)
    {
        if (e is not DicomValueElement)
        {
            return;
        }

        string[] values = ds.GetStrings(e.Tag);
        bool changed = false;
        for (int i = 0; i < values.Length; i++)
        {
            string m = MapUid(values[i], force);
            if (!string.Equals(m, values[i], StringComparison.Ordinal))
            {
                values[i] = m;
                changed = true;
                _uids++;
            }
        }

        if (changed)
        {
            ds.SetString(e.Tag, DicomVR.UI, string.Join("\\", values), e.PrivateCreator);
        }
    }

    private void ApplyCustom(DicomDataset ds, DicomElement e, DicomVR vr, CustomRule rule, int depth, bool inContent)
    {
        bool isText = DicomVRInfo.IsString(vr) && e is DicomValueElement;
        switch (rule.Action)
        {
            case CustomRuleAction.Keep:
                if (e is DicomSequence ksq)
                {
                    Recurse(ksq, depth, inContent);
                }

                return;
            case CustomRuleAction.Remove:
                Remove(ds, e);
                return;
            case CustomRuleAction.Empty:
                SetEmpty(ds, e, vr);
                return;
            case CustomRuleAction.Replace:
                if (isText)
                {
                    string value = rule.Value ?? string.Empty;
                    if (ds.CharacterSet.CanEncode(value, vr))
                    {
                        ds.SetString(e.Tag, vr, value, e.PrivateCreator);
                        _replaced++;
                        return;
                    }

                    Warn($"{e.Tag} replacement cannot be encoded in the Specific Character Set; emptied.");
                    SetEmpty(ds, e, vr);
                    return;
                }

                if (e is DicomValueElement && TryEncodeNumbers(rule.Value ?? string.Empty, vr, out byte[]? bytes))
                {
                    ds.Set(new DicomValueElement(e.Tag, vr, bytes!, e.PrivateCreator));
                    _replaced++;
                    return;
                }

                Warn($"{e.Tag} cannot take a replacement value of its VR; removed.");
                Remove(ds, e);
                return;
            case CustomRuleAction.Shift:
                if (vr == DicomVR.DA || vr == DicomVR.DT)
                {
                    ShiftElement(ds, e, vr, _offset);
                    return;
                }

                if (vr != DicomVR.TM)
                {
                    Warn($"{e.Tag} is not a date; a shift rule emptied it.");
                    SetEmpty(ds, e, vr);
                }

                return;
            case CustomRuleAction.Remap:
            case CustomRuleAction.Hash:
                if (vr == DicomVR.UI)
                {
                    RemapElement(ds, e, force: true);
                    return;
                }

                if (isText)
                {
                    string[] values = ds.GetStrings(e.Tag);
                    int max = DicomVRInfo.MaxValueLength(vr);
                    int len = Math.Min(max > 0 ? max : 32, 32);
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = values[i].Length == 0 ? string.Empty : _p.Base32("hash", values[i], len);
                    }

                    ds.SetString(e.Tag, vr, string.Join("\\", values), e.PrivateCreator);
                    _replaced++;
                    return;
                }

                Warn($"{e.Tag} is not text and cannot be hashed; removed.");
                Remove(ds, e);
                return;
        }
    }

    private static bool TryEncodeNumbers(string text, DicomVR vr, out byte[]? bytes)
    {
        bytes = null;
        int size = DicomVRInfo.ValueSize(vr);
        if (size == 0 || vr == DicomVR.AT)
        {
            return false;
        }

        string[] parts = text.Split('\\');
        var b = new byte[parts.Length * size];
        for (int i = 0; i < parts.Length; i++)
        {
            string s = parts[i].Trim();
            int o = i * size;
            bool ok;
            switch (vr)
            {
                case DicomVR.US:
                    ok = ushort.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ushort us);
                    if (ok)
                    {
                        LittleEndian.WriteUInt16(b, o, us);
                    }

                    break;
                case DicomVR.SS:
                    ok = short.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out short ss);
                    if (ok)
                    {
                        LittleEndian.WriteUInt16(b, o, unchecked((ushort)ss));
                    }

                    break;
                case DicomVR.UL:
                    ok = uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out uint ul);
                    if (ok)
                    {
                        LittleEndian.WriteUInt32(b, o, ul);
                    }

                    break;
                case DicomVR.SL:
                    ok = int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int sl);
                    if (ok)
                    {
                        LittleEndian.WriteUInt32(b, o, unchecked((uint)sl));
                    }

                    break;
                case DicomVR.FL:
                    ok = float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float fl);
                    if (ok)
                    {
                        byte[] raw = BitsOf(fl);
                        Buffer.BlockCopy(raw, 0, b, o, 4);
                    }

                    break;
                case DicomVR.FD:
                    ok = double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double fd);
                    if (ok)
                    {
                        LittleEndian.WriteUInt64(b, o, unchecked((ulong)FloatBits.DoubleToInt64Bits(fd)));
                    }

                    break;
                default:
                    ok = false;
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        bytes = b;
        return true;
    }

    private static byte[] BitsOf(float f)
    {
        int bits = FloatBits.SingleToInt32Bits(f);
        var b = new byte[4];
        LittleEndian.WriteUInt32(b, 0, unchecked((uint)bits));
        return b;
    }

    private void Recurse(DicomSequence sq, int depth, bool inContent)
    {
        foreach (DicomDataset item in sq.Items)
        {
            ProcessDataset(item, depth + 1, inContent);
        }
    }

    private void Remove(DicomDataset ds, DicomElement e)
    {
        if (ds.Remove(e.Tag))
        {
            _removed++;
        }
    }

    private void SetEmpty(DicomDataset ds, DicomElement e, DicomVR vr)
    {
        if (e is DicomSequence || vr == DicomVR.SQ)
        {
            ds.Set(new DicomSequence(e.Tag, e.PrivateCreator) { IsUndefinedLength = (e as DicomSequence)?.IsUndefinedLength ?? true });
        }
        else if (e is DicomFragmentSequence)
        {
            ds.Remove(e.Tag);
            _removed++;
            return;
        }
        else
        {
            ds.Set(new DicomValueElement(e.Tag, vr, Array.Empty<byte>(), e.PrivateCreator));
        }

        _emptied++;
    }

    private void SetDummy(DicomDataset ds, DicomElement e, DicomVR vr)
    {
        if (e is DicomSequence)
        {
            SetEmpty(ds, e, vr); // not reached: sequences with D keep their items (see ApplyAction)
            return;
        }

        if (e is DicomFragmentSequence)
        {
            Remove(ds, e);
            return;
        }

        string? text = vr switch
        {
            DicomVR.AE => "ANONYMOUS",
            DicomVR.AS => "000Y",
            DicomVR.CS or DicomVR.LO or DicomVR.SH or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN => DummyText,
            DicomVR.DA => "19000101",
            DicomVR.DT => "19000101000000",
            DicomVR.TM => "000000",
            DicomVR.DS or DicomVR.IS => "0",
            DicomVR.UR => "urn:x-anonymized",
            DicomVR.UI => MapUid(ds.GetString(e.Tag) ?? string.Empty, force: true),
            _ => null,
        };
        if (text is not null)
        {
            ds.SetString(e.Tag, vr, text, e.PrivateCreator);
        }
        else
        {
            int size = DicomVRInfo.ValueSize(vr);
            long length = size > 0 ? size : Math.Min(((DicomValueElement)e).Length, 65536);
            ds.Set(new DicomValueElement(e.Tag, vr, new byte[length & ~1L], e.PrivateCreator));
        }

        _replaced++;
    }

    private void ProcessFileMeta(DicomDataset meta)
    {
        var elements = new List<DicomElement>(meta);
        foreach (DicomElement e in elements)
        {
            uint t = e.Tag.Value;
            if (e.Tag == MediaStorageSopInstanceUid)
            {
                RemapElement(meta, e, force: false);
            }
            else if (t == 0x00020016 || t == 0x00020017 || t == 0x00020018)
            {
                // AE titles of the source, sender and receiver: like Station AE Title, cleaned (keyed
                // pseudonym) under Retain Device Identity, else removed.
                if (_d.Has(DeidentificationOption.RetainDeviceIdentity) && e.VR == DicomVR.AE)
                {
                    Clean(meta, e, DicomVR.AE, 0, false);
                }
                else
                {
                    Remove(meta, e);
                }
            }
            else if (t == 0x00020100 || t == 0x00020102 || e.Tag.Group != 0x0002)
            {
                Remove(meta, e); // private information (creator UID and bytes)
            }
        }
    }

    /// <summary>Records what was done: (0012,0062), (0012,0063), (0012,0064), (0028,0303). Returns the (0028,0303) value.</summary>
    private string Mark(DicomDataset ds)
    {
        ds.SetString(new DicomTag(0x0012, 0x0062), DicomVR.CS, "YES");
        var methods = new List<string> { "DicomAnon " + ConfidentialityProfile.Edition + " Annex E" };
        var items = new List<DicomDataset>();
        foreach (DeidentificationCode c in _d.MethodCodes)
        {
            methods.Add(c.CodeMeaning.Length <= 64 ? c.CodeMeaning : c.CodeMeaning.Substring(0, 64));
            var item = new DicomDataset();
            item.SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, c.CodeValue);
            item.SetString(new DicomTag(0x0008, 0x0102), DicomVR.SH, c.CodingSchemeDesignator);
            item.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, c.CodeMeaning);
            items.Add(item);
        }

        ds.SetStrings(new DicomTag(0x0012, 0x0063), DicomVR.LO, methods);
        ds.Set(new DicomSequence(new DicomTag(0x0012, 0x0064), items));
        string temporal = _d.DatePolicy switch
        {
            DatePolicy.Shift => "MODIFIED",
            DatePolicy.Keep => "UNMODIFIED",
            _ => "REMOVED",
        };
        ds.SetString(new DicomTag(0x0028, 0x0303), DicomVR.CS, temporal);
        return temporal;
    }

    /// <summary>Collects identifying values (before any change) for the text cleaner.</summary>
    private static void CollectTerms(DicomDataset ds, List<string> terms, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (DicomElement e in ds)
        {
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    CollectTerms(item, terms, depth + 1);
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
                            DateTime dt = d.ToDateTime();
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

    /// <summary>The VR to interpret a value with: the element's, or the dictionary's for UN elements of known tags.</summary>
    private static DicomVR EffectiveVR(DicomElement e)
    {
        if (e.VR != DicomVR.UN || e.Tag.IsPrivate)
        {
            return e.VR;
        }

        DicomVR d = DicomDictionary.GetVR(e.Tag);
        return d == DicomVR.None ? DicomVR.UN : d;
    }

    private void Warn(string message)
    {
        if (_warningSet.Add(message))
        {
            _warnings.Add(message);
        }
    }
}
