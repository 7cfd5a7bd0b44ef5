// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;
using DicomAnon.Core.Text;
using DicomAnon.Core.Values;

namespace DicomAnon.Core.Deidentification;

/// <summary>The state of one <see cref="Deidentifier.Apply"/> call (counters, warnings, keyed functions).</summary>
internal sealed class DeidentificationRun : IDisposable
{
    private const int MaxDepth = 256;
    private const string DummyText = "ANONYMIZED";
    private const long MaxScannedBlob = 64L * 1024 * 1024; // a safe private blob larger than this cannot be checked: removed

    private static readonly DicomTag UnSequenceCarrier = new(0x0008, 0x1140); // any public SQ tag: carries UN items to the reader
    private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

    private readonly Deidentifier _d;
    private readonly Pseudonymizer _p;
    private readonly HMACSHA256 _hmac;
    private readonly List<string> _warnings = new();
    private readonly HashSet<string> _warningSet = new(StringComparer.Ordinal);
    private readonly bool _retainUids;
    private readonly bool _retainSafePrivate;
    private TextCleaner? _cleaner;
    private string? _iod;
    private int _removed, _emptied, _replaced, _uids, _dates;
    private int _offset;

    public DeidentificationRun(Deidentifier d)
    {
        _d = d;
        _hmac = d.RentMac();
        _p = new Pseudonymizer(_hmac, d.KeyedResults);
        _retainUids = d.Has(DeidentificationOption.RetainUids);
        _retainSafePrivate = d.Has(DeidentificationOption.RetainSafePrivate);
    }

    public void Dispose() => _d.ReturnMac(_hmac);

    public DeidentificationResult Run(DicomFile file)
    {
        DicomDataset ds = file.Dataset;
        string originalId = ds.GetString(DicomTags.PatientID) ?? string.Empty;
        if (originalId.Length == 0)
        {
            Warn("(0010,0020) is absent or empty: the pseudonym and date offset are those of an empty Patient ID.");
        }

        string? originalStudy = ds.GetString(DicomTags.StudyInstanceUID);
        (string pseudoId, string pseudoName, bool mapped) = PseudonymFor(originalId);
        (int offset, bool offsetMapped) = DateOffsetFor(originalId);
        _offset = offset;
        Identifiers.IdentifierEchoScan? echoes = _d.Settings.ScanIdentifierEchoes ? Identifiers.IdentifierEchoScan.Collect(file) : null;

        if (_d.NeedsCleaner || _retainSafePrivate)
        {
            var terms = new List<string>();
            TextCleanerTerms.Collect(ds, terms);
            _cleaner = new TextCleaner(terms);
        }

        if (_d.Settings.CompoundActions == CompoundActionPolicy.ByIodType)
        {
            _iod = IodAttributeTypes.IodOf(ds.GetString(DicomTags.SOPClassUID) ?? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID));
        }

        ProcessDataset(ds, 0, false);
        ProcessFileMeta(file.FileMetaInformation);

        // The 128-byte preamble is free for applications (TIFF headers of dual-format files, ...): written as zeros.
        file.Preamble = null;

        string temporal = Mark(ds);
        int echoesCleaned = echoes?.Clean(file, _d, _p.Uid, Warn) ?? 0;
        string? newStudy = originalStudy is null ? null : MapUid(originalStudy, force: false);

        // A site rule that writes its own value there (-Replace, hash) decides the pseudonym the file carries: the
        // result, the crosswalk and the Uid layout must name that one, not the keyed pseudonym nobody will see.
        pseudoId = WrittenBySiteRule(ds, DicomTags.PatientID) ?? pseudoId;
        pseudoName = WrittenBySiteRule(ds, DicomTags.PatientName) ?? pseudoName;
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

    /// <summary>The non-empty value a site rule other than Keep (replace, hash, remap) wrote into <paramref name="tag"/> of the top-level dataset; otherwise null.</summary>
    private string? WrittenBySiteRule(DicomDataset ds, DicomTag tag) =>
        _d.TryGetCustomRule(tag, out CustomRule? rule) && rule!.Action != CustomRuleAction.Keep &&
        ds.GetString(tag) is string written && written.Trim().Length > 0
            ? written.Trim()
            : null;

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

    /// <summary>
    /// Remaps one UID: UIDs listed in the PS3.6 registry and (unless forced) everything under Retain UIDs are unchanged.
    /// Only the registry counts as standard: an instance UID under 1.2.840.10008. is still an instance UID.
    /// </summary>
    public string MapUid(string uid, bool force)
    {
        string u = uid.Trim(DicomTextChars.Padding);
        if (u.Length == 0 || DicomUidRegistry.TryGet(u, out _) || (_retainUids && !force))
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

        int n = ds.Count;
        DicomElement[] elements = ElementScratch.Rent(ds);
        try
        {
            ProcessElements(ds, elements, n, depth, inContent);
        }
        finally
        {
            ElementScratch.Return(elements, n);
        }
    }

    /// <summary>The profile over a snapshot of <paramref name="ds"/>'s elements (the dataset changes as they are processed).</summary>
    private void ProcessElements(DicomDataset ds, DicomElement[] elements, int n, int depth, bool inContent)
    {
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

            if ((tag.Group & 1) == 1 || tag.IsGroupLength || tag.Group <= 0x0002 || tag == DicomTags.EncryptedAttributesSequence)
            {
                // Command (0000) and file meta (0002) elements do not belong in a dataset and can carry AE titles and
                // UIDs; Encrypted Attributes hold the original values, encrypted for someone: removed whole.
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

            if (tag == DicomTags.PatientID && e is DicomValueElement)
            {
                string id = ds.GetString(DicomTags.PatientID) ?? string.Empty;
                string pseudo = PseudonymFor(id).Id;
                if (!ds.CharacterSet.CanEncode(pseudo, DicomVR.LO))
                {
                    Warn("(0010,0020) subject-map pseudonym cannot be encoded in the Specific Character Set; the keyed pseudonym was written.");
                    pseudo = (_d.Settings.PseudonymPrefix ?? string.Empty) + _p.Base32("pid", id, _d.Settings.PseudonymHashLength);
                }

                ds.SetString(DicomTags.PatientID, DicomVR.LO, pseudo);
                _replaced++;
                continue;
            }

            if (tag == DicomTags.PatientName && e is DicomValueElement)
            {
                if (_d.Settings.PseudonymizePatientName && (depth == 0 || ds.Contains(DicomTags.PatientID)))
                {
                    string id = ds.GetString(DicomTags.PatientID) ?? string.Empty;
                    string name = PseudonymFor(id).Name;
                    if (ds.CharacterSet.CanEncode(name, DicomVR.PN))
                    {
                        ds.SetString(DicomTags.PatientName, DicomVR.PN, name);
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
                ApplyAction(ds, e, vr, ByIodType(tag, vr, action, depth), depth, inContent || tag == DicomTags.ContentSequence);
            }
            else
            {
                ApplyUnlisted(ds, e, vr, depth, inContent || tag == DicomTags.ContentSequence);
            }
        }

        RemoveOrphanedOverlays(ds, elements, n);

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

    /// <summary>
    /// The action by the attribute's Type in the file's IOD: compound codes resolved by Type, and at the top level
    /// a Type 2 attribute emptied rather than removed and a Type 1 date shifted (or dummied) rather than emptied.
    /// </summary>
    private ProfileAction ByIodType(DicomTag tag, DicomVR vr, ProfileAction action, int depth)
    {
        if (_iod is null)
        {
            return action;
        }

        IodAttributeType type = IodAttributeTypes.TypeOf(_iod, tag, depth > 0);
        string? code = _d.Rules.CompoundCode(tag);
        if (code is not null)
        {
            action = ConfidentialityProfile.ResolveCode(code, type);
        }

        if (depth > 0)
        {
            return action;
        }

        if (type == IodAttributeType.Required && action == ProfileAction.Remove)
        {
            return ProfileAction.Empty;
        }

        if (type == IodAttributeType.RequiredWithValue && (action == ProfileAction.Remove || action == ProfileAction.Empty) &&
            (vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM))
        {
            return _d.DatePolicy == DatePolicy.Remove ? ProfileAction.Dummy : ProfileAction.Clean;
        }

        return action;
    }

    /// <summary>Overlay Data removed leaves the rest of its overlay group without its Type 1 bitmap: the group goes whole.</summary>
    private void RemoveOrphanedOverlays(DicomDataset ds, DicomElement[] original, int n)
    {
        for (int i = 0; i < n; i++)
        {
            DicomTag t = original[i].Tag;
            if (t.Element == 0x3000 && t.Group >= 0x6000 && t.Group <= 0x601E && (t.Group & 1) == 0 && !ds.Contains(t))
            {
                ushort group = t.Group;
                _removed += ds.RemoveAll(e => e.Tag.Group == group);
            }
        }
    }

    /// <summary>D on a sequence: one new item shaped like the first original item, every value a dummy (never the original items).</summary>
    private void ReplaceWithDummyItem(DicomDataset ds, DicomSequence sq, int depth)
    {
        var replacement = new DicomSequence(sq.Tag, sq.PrivateCreator) { IsUndefinedLength = sq.IsUndefinedLength };
        ds.Set(replacement);
        if (sq.Items.Count > 0)
        {
            var item = new DicomDataset();
            replacement.Items.Add(item);
            FillDummyItem(item, sq.Items[0], depth + 1);
        }

        _replaced++;
    }

    private void FillDummyItem(DicomDataset item, DicomDataset source, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (DicomElement e in source)
        {
            if (e.Tag.IsPrivate || e.Tag.IsGroupLength || (e.Tag.Group & 1) == 1)
            {
                continue;
            }

            if (e is DicomSequence nested)
            {
                var copy = new DicomSequence(e.Tag) { IsUndefinedLength = nested.IsUndefinedLength };
                item.Set(copy);
                if (nested.Items.Count > 0)
                {
                    var child = new DicomDataset();
                    copy.Items.Add(child);
                    FillDummyItem(child, nested.Items[0], depth + 1);
                }

                continue;
            }

            if (e is not DicomValueElement)
            {
                continue;
            }

            DicomVR vr = EffectiveVR(e);
            item.Set(e);
            switch (vr)
            {
                case DicomVR.CS:
                case DicomVR.US:
                case DicomVR.SS:
                case DicomVR.UL:
                case DicomVR.SL:
                case DicomVR.UV:
                case DicomVR.SV:
                case DicomVR.FL:
                case DicomVR.FD:
                case DicomVR.AT:
                    break; // enumerated codes and numbers keep the item valid and name nobody
                case DicomVR.UI:
                    RemapElement(item, e, force: false);
                    break;
                case DicomVR.DA:
                case DicomVR.DT:
                case DicomVR.TM:
                    ApplyDatePolicy(item, e, vr, required: true);
                    break;
                default:
                    SetDummy(item, e, vr);
                    break;
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

        if (_retainSafePrivate && _d.Rules.PrivateAction != ProfileAction.Remove && SafePrivateAttributes.TryGetVRs(tag.Group, creator, ee, out IReadOnlyList<DicomVR> allowed))
        {
            return KeepSafePrivate(ds, e, allowed, depth, inContent);
        }

        Remove(ds, e);
        return false;
    }

    /// <summary>
    /// A safe private element (Table E.3.10-1) stays only as the attribute the table vouches for: with its VR (UN
    /// values are read as that VR, a sequence as implicit VR items), a well-formed value of that VR, UIDs remapped,
    /// dates shifted, and no identifier of the file in its text or bytes. Anything else is removed. True when it stays.
    /// </summary>
    private bool KeepSafePrivate(DicomDataset ds, DicomElement e, IReadOnlyList<DicomVR> allowed, int depth, bool inContent)
    {
        DicomTag tag = e.Tag;
        if (e is DicomValueElement un && un.VR == DicomVR.UN)
        {
            DicomElement? typed = Reinterpret(un, allowed);
            if (typed is null)
            {
                Warn($"{tag} is a safe private attribute sent as UN that cannot be read as {VRList(allowed)}; removed.");
                Remove(ds, e);
                return false;
            }

            ds.Set(typed);
            e = typed;
        }

        DicomVR vr = e is DicomSequence ? DicomVR.SQ : e.VR;
        if (!Contains(allowed, vr))
        {
            Warn($"{tag} holds a {DicomVRInfo.ToCode(vr)} value where Table E.3.10-1 defines {VRList(allowed)}; removed.");
            Remove(ds, e);
            return false;
        }

        if (e is DicomSequence sq)
        {
            Recurse(sq, depth, inContent);
            return true;
        }

        if (e is not DicomValueElement v)
        {
            Remove(ds, e);
            return false;
        }

        if (!IsWellFormed(ds, v))
        {
            Warn($"{tag} holds a value that is not a valid {DicomVRInfo.ToCode(vr)} for its safe private slot; removed.");
            Remove(ds, e);
            return false;
        }

        switch (vr)
        {
            case DicomVR.UI:
                RemapElement(ds, e, force: false);
                return true;
            case DicomVR.DA:
            case DicomVR.DT:
            case DicomVR.TM:
                ApplyDatePolicy(ds, e, vr);
                return true;
            case DicomVR.PN:
                SetEmpty(ds, e, vr);
                return true;
            case DicomVR.LO:
            case DicomVR.SH:
            case DicomVR.ST:
            case DicomVR.LT:
            case DicomVR.UT:
            case DicomVR.UC:
            case DicomVR.CS:
                {
                    string text = ds.GetString(tag) ?? string.Empty;
                    if (_cleaner is not null && _cleaner.Clean(text) != text)
                    {
                        Warn($"{tag} (safe private) holds an identifier of the file; removed.");
                        Remove(ds, e);
                        return false;
                    }

                    return true;
                }

            case DicomVR.OB:
            case DicomVR.OW:
                if (v.Buffer.Length > MaxScannedBlob)
                {
                    Warn($"{tag} (safe private) is too large to check for identifiers; removed.");
                    Remove(ds, e);
                    return false;
                }

                if (BytesEchoIdentifier(v.GetBytes()))
                {
                    Warn($"{tag} (safe private) holds an identifier of the file in its bytes; removed.");
                    Remove(ds, e);
                    return false;
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>A UN value read as the table's VR: a sequence parsed as implicit VR little endian items, else the same bytes.</summary>
    private static DicomElement? Reinterpret(DicomValueElement un, IReadOnlyList<DicomVR> allowed)
    {
        DicomVR target = allowed[0];
        if (target != DicomVR.SQ)
        {
            return new DicomValueElement(un.Tag, target, un.GetBytes(), un.PrivateCreator);
        }

        // Carry the items under a public sequence tag so that the implicit VR reader knows they are items.
        byte[] value = un.GetBytes();
        byte[] wrapped = new byte[checked(8 + value.Length)];
        LittleEndian.WriteUInt16(wrapped, 0, UnSequenceCarrier.Group);
        LittleEndian.WriteUInt16(wrapped, 2, UnSequenceCarrier.Element);
        LittleEndian.WriteUInt32(wrapped, 4, (uint)value.Length);
        Buffer.BlockCopy(value, 0, wrapped, 8, value.Length);
        try
        {
            DicomDataset parsed = DicomReader.ReadDataset(wrapped, DicomTransferSyntax.ImplicitVRLittleEndian);
            if (parsed.Count != 1 || parsed[UnSequenceCarrier] is not DicomSequence carrier)
            {
                return null;
            }

            var items = new List<DicomDataset>(carrier.Items);
            carrier.Items.Clear();
            return new DicomSequence(un.Tag, items, un.PrivateCreator);
        }
        catch (Exception ex) when (ex is DicomFormatException || ex is System.IO.IOException || ex is ArgumentException || ex is InvalidOperationException || ex is OverflowException)
        {
            return null;
        }
    }

    /// <summary>Numbers of the right size, IS/DS that are numbers, UIDs that are UIDs, code strings that are codes.</summary>
    private static bool IsWellFormed(DicomDataset ds, DicomValueElement v)
    {
        int size = DicomVRInfo.ValueSize(v.VR);
        switch (v.VR)
        {
            case DicomVR.FL:
            case DicomVR.FD:
            case DicomVR.SL:
            case DicomVR.SS:
            case DicomVR.UL:
            case DicomVR.US:
            case DicomVR.SV:
            case DicomVR.UV:
            case DicomVR.AT:
                return size > 0 && v.Length % size == 0;
            case DicomVR.IS:
            case DicomVR.DS:
                foreach (string s in ds.GetStrings(v.Tag))
                {
                    string t = s.Trim();
                    if (t.Length > 0 && !(v.VR == DicomVR.IS
                        ? long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                        : double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                    {
                        return false;
                    }
                }

                return true;
            case DicomVR.UI:
                foreach (string s in ds.GetStrings(v.Tag))
                {
                    foreach (char c in s.Trim(DicomTextChars.Padding))
                    {
                        if (c != '.' && (c < '0' || c > '9'))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case DicomVR.CS:
                return IsCodeString(ds.GetString(v.Tag) ?? string.Empty);
            default:
                return true;
        }
    }

    /// <summary>True when the bytes hold an identifying value of the file (3+ characters) as Latin-1 or UTF-16 text.</summary>
    private bool BytesEchoIdentifier(byte[] bytes)
    {
        if (_cleaner is null || bytes.Length == 0)
        {
            return false;
        }

        int longest = 0;
        foreach (string term in _cleaner.Terms)
        {
            longest = Math.Max(longest, term.Length);
        }

        // Windows of 1 MiB that overlap by the longest term (4 bytes a character covers UTF-8 and UTF-16): memory
        // stays bounded whatever the blob's size.
        const int Window = 1 << 20;
        int overlap = checked((longest * 4) + 4);
        for (int start = 0; start < bytes.Length; start += Window)
        {
            int count = Math.Min(bytes.Length - start, Window + overlap);
            if (WindowEchoesIdentifier(bytes, start, count))
            {
                return true;
            }

            if (start + count >= bytes.Length)
            {
                break;
            }
        }

        return false;
    }

    private bool WindowEchoesIdentifier(byte[] bytes, int start, int count)
    {
        string[] decoded =
        {
            Latin1.GetString(bytes, start, count),
            Encoding.UTF8.GetString(bytes, start, count),
            Encoding.Unicode.GetString(bytes, start, count),
            count > 1 ? Encoding.Unicode.GetString(bytes, start + 1, count - 1) : string.Empty,
            Encoding.BigEndianUnicode.GetString(bytes, start, count),
            count > 1 ? Encoding.BigEndianUnicode.GetString(bytes, start + 1, count - 1) : string.Empty,
        };
        foreach (string term in _cleaner!.Terms)
        {
            if (term.Length < 3)
            {
                continue;
            }

            foreach (string text in decoded)
            {
                if (text.IndexOf(term, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<DicomVR> vrs, DicomVR vr)
    {
        for (int i = 0; i < vrs.Count; i++)
        {
            if (vrs[i] == vr)
            {
                return true;
            }
        }

        return false;
    }

    private static string VRList(IReadOnlyList<DicomVR> vrs)
    {
        string[] codes = new string[vrs.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = DicomVRInfo.ToCode(vrs[i]);
        }

        return string.Join("/", codes);
    }

    private void ApplyAction(DicomDataset ds, DicomElement e, DicomVR vr, ProfileAction action, int depth, bool inContent)
    {
        switch (action)
        {
            case ProfileAction.Remove:
                Remove(ds, e);
                break;
            case ProfileAction.Empty when e is DicomSequence && _iod is not null && IodAttributeTypes.TypeOf(_iod, e.Tag, depth > 0) == IodAttributeType.Optional:
                Remove(ds, e); // an empty Type 3 sequence is invalid where the module asks for 1-n items
                break;
            case ProfileAction.Empty:
                SetEmpty(ds, e, vr);
                break;
            case ProfileAction.Dummy:
                if (e is DicomSequence dsq)
                {
                    ReplaceWithDummyItem(ds, dsq, depth);
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
                RemoveUnlessRequired(ds, e, vr, depth);
                return;
            case DicomVR.LT:
            case DicomVR.ST:
            case DicomVR.UT:
            case DicomVR.UC:
                if (!inContent)
                {
                    RemoveUnlessRequired(ds, e, vr, depth);
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
                ApplyDatePolicy(ds, e, vr, RequiresValue(e.Tag, depth));
                break;
        }
    }

    /// <summary>True when the file's IOD requires <paramref name="tag"/> with a value (Type 1/1C) where it is.</summary>
    private bool RequiresValue(DicomTag tag, int depth) =>
        _iod is not null && IodAttributeTypes.TypeOf(_iod, tag, depth > 0) == IodAttributeType.RequiredWithValue;

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
                ApplyDatePolicy(ds, e, vr, RequiresValue(e.Tag, depth));
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

            case DicomVR.SH when e.Tag == DicomTags.TimezoneOffsetFromUTC:
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
        foreach (string v in text.Split(DicomTextChars.Backslash))
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

        string[] parts = text.Split(DicomTextChars.Backslash);
        for (int i = 0; i < parts.Length; i++)
        {
            if (max > 0 && parts[i].Length > max)
            {
                parts[i] = parts[i].Substring(0, max);
            }
        }

        return string.Join("\\", parts);
    }

    /// <summary>Dates by the policy; a date the IOD requires with a value (<paramref name="required"/>) gets a dummy instead of nothing.</summary>
    private void ApplyDatePolicy(DicomDataset ds, DicomElement e, DicomVR vr, bool required = false)
    {
        switch (_d.DatePolicy)
        {
            case DatePolicy.Keep:
                return;
            case DatePolicy.Remove:
                if (required)
                {
                    SetDummy(ds, e, vr);
                }
                else
                {
                    SetEmpty(ds, e, vr);
                }

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

        string[] values = text.Split(DicomTextChars.Backslash);
        for (int i = 0; i < values.Length; i++)
        {
            string? shifted = DateValueShift.Shift(values[i].Trim(DicomTextChars.Padding), vr, days);
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

    private void RemapElement(DicomDataset ds, DicomElement e, bool force)
    {
        if (e is not DicomValueElement || (!force && ClassUidAttributes.Contains(e.Tag)))
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

                if (e is DicomValueElement && DicomNumberValues.TryPack(rule.Value ?? string.Empty, vr, out byte[]? bytes))
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

    private void Recurse(DicomSequence sq, int depth, bool inContent)
    {
        for (int i = 0; i < sq.Items.Count; i++)
        {
            ProcessDataset(sq.Items[i], depth + 1, inContent);
        }
    }

    /// <summary>Removes free text the table does not list, or empties it where the IOD requires it present (Type 2, e.g. Document Title).</summary>
    private void RemoveUnlessRequired(DicomDataset ds, DicomElement e, DicomVR vr, int depth)
    {
        if (depth == 0 && _iod is not null && IodAttributeTypes.TypeOf(_iod, e.Tag, nested: false) == IodAttributeType.Required)
        {
            SetEmpty(ds, e, vr);
        }
        else
        {
            Remove(ds, e);
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
            if (e.Tag == DicomTags.MediaStorageSOPInstanceUID)
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
            else if (!(t == 0x00020000 || t == 0x00020001 || t == 0x00020002 || t == 0x00020010 || t == 0x00020012 || t == 0x00020013))
            {
                // Part 10 needs only the version, the SOP class and instance, the transfer syntax and the
                // implementation; the rest (sending/receiving AE and their URLs/IDs, RTV metadata, private
                // information) can name people, sites or devices.
                Remove(meta, e);
            }
        }
    }

    /// <summary>Records what was done: (0012,0062), (0012,0063), (0012,0064), (0028,0303). Returns the (0028,0303) value.</summary>
    private string Mark(DicomDataset ds)
    {
        ds.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, _d.KeepsPatientIdentity ? "NO" : "YES");
        var methods = new List<string> { "DicomAnon " + ConfidentialityProfile.Edition + " Annex E" };
        var items = new List<DicomDataset>();
        foreach (DeidentificationCode c in _d.MethodCodes)
        {
            methods.Add(c.CodeMeaning.Length <= 64 ? c.CodeMeaning : c.CodeMeaning.Substring(0, 64));
            var item = new DicomDataset();
            item.SetString(DicomTags.CodeValue, DicomVR.SH, c.CodeValue);
            item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, DeidentificationCode.CodingSchemeDesignator);
            item.SetString(DicomTags.CodeMeaning, DicomVR.LO, c.CodeMeaning);
            items.Add(item);
        }

        // Site rules that keep what the profile changes are part of the method: the codes alone would overstate it.
        foreach (string tag in _d.KeptBySiteRules)
        {
            methods.Add("Kept by site rule " + tag);
        }

        ds.SetStrings(DicomTags.DeidentificationMethod, DicomVR.LO, methods);
        ds.Set(new DicomSequence(DicomTags.DeidentificationMethodCodeSequence, items));
        string temporal = _d.DatePolicy switch
        {
            DatePolicy.Shift => "MODIFIED",
            DatePolicy.Keep => "UNMODIFIED",
            _ => "REMOVED",
        };
        ds.SetString(DicomTags.LongitudinalTemporalInformationModified, DicomVR.CS, temporal);
        return temporal;
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
