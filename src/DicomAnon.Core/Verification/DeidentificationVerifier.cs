// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Verification;

/// <summary>
/// Checks a de-identified file for what still identifies: (1) identifiers of the source files in every element at
/// any depth (file meta, private blocks, the preamble) and in the path: text values decoded in their character set,
/// binary values (OB/OW/UN...) and text holding NUL bytes as bytes read in ASCII/Latin-1, UTF-8 and UTF-16LE/BE; (2) attributes
/// that the profile the file claims in (0012,0063/0064) removes, empties or replaces; (3) without a source, names
/// that are not pseudonyms, private blocks of unknown creators, free text with dates, IDs or names, and missing or
/// contradicting flags. Pixel data, waveform data and overlay bitmaps are not scanned as bytes (OCR does pixels).
/// </summary>
/// <threadsafety>Immutable after construction; <see cref="Verify"/> may run concurrently on different files.</threadsafety>
internal sealed class DeidentificationVerifier
{
    /// <summary>Values larger than this are not loaded; they are reported as not scanned.</summary>
    public const long MaxScannedValueBytes = 64L * 1024 * 1024;

    /// <summary>Values up to this size are searched together in one pass per file; larger ones on their own.</summary>
    private const int BatchedValueBytes = 64 * 1024;

    /// <summary>Zero bytes between batched values: at least one whole U+0000 in either UTF-16 alignment.</summary>
    private const int Separator = 4;

    private const string DicomDirClassUid = "1.2.840.10008.1.3.10";

    /// <summary>Modalities whose images often carry burned-in text (CTP's and the Clean Pixel Data option's usual suspects).</summary>
    private static readonly HashSet<string> ProneModalities = new(StringComparer.Ordinal)
    {
        "US", "IVUS", "XA", "RF", "ES", "XC", "GM", "SM", "OP", "OPT", "OT", "DOC", "SC", "DX", "CR", "MG", "PX", "IO",
    };

    /// <summary>Text attributes that hold codes, versions or our own pseudonyms, where digits are expected.</summary>
    private static readonly HashSet<uint> NotFreeText = new()
    {
        0x00080100, 0x00080102, 0x00080103, 0x00120063, 0x00181020, 0x00080070, 0x00081090, 0x00181000, 0x00100020,
    };

    /// <summary>File meta elements Part 10 needs (PS3.10 7.1): group length, version, SOP class and instance, transfer syntax, implementation.</summary>
    private static readonly HashSet<uint> Part10Meta = new() { 0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013 };

    private static readonly HashSet<string> SafeCreators = LoadSafeCreators();
    private static readonly string[] SourceKinds = BuildSourceKinds();
    private readonly VerificationSources? _sources;

    /// <param name="sources">The source files to search for, or null for the checks that need no source.</param>
    public DeidentificationVerifier(VerificationSources? sources)
    {
        _sources = sources;
        sources?.Freeze();
    }

    /// <summary>Checks <paramref name="output"/>, read from <paramref name="path"/>.</summary>
    /// <param name="output">The de-identified file (read with pixel data deferred; it is not loaded).</param>
    /// <param name="path">Its full path (goes into every finding).</param>
    /// <param name="relativePath">The part of the path to check for identifiers (below the folder the user named), or null.</param>
    public VerificationResult Verify(DicomFile output, string path, string? relativePath)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        var c = new Context(this, output, path ?? throw new ArgumentNullException(nameof(path)));
        c.Run(relativePath);
        return new VerificationResult(path, c.Findings, c.Source >= 0 ? _sources![c.Source].SourcePath : null, c.Source);
    }

    /// <summary>
    /// Checks a file of the checked tree that is not DICOM (a note, a raw dataset without Part 10 header, a report):
    /// a de-identified release should hold none, and no header check can vouch for it, so it is a finding; with
    /// sources, its first 64 MiB and its path are searched for their identifiers like any value.
    /// </summary>
    /// <param name="path">Its full path (goes into every finding).</param>
    /// <param name="relativePath">The part of the path to check for identifiers, or null.</param>
    public VerificationResult VerifyOther(string path, string? relativePath)
    {
        var c = new Context(this, new DicomFile(new DicomDataset(), new DicomDataset(), DicomTransferSyntax.ExplicitVRLittleEndian), path ?? throw new ArgumentNullException(nameof(path)));
        c.RunOther(relativePath);
        return new VerificationResult(path, c.Findings, null, -1);
    }

    /// <summary>True when <paramref name="text"/> (e.g. OCR'd words) contains an identifier of the source paired in <paramref name="result"/>, or of any source.</summary>
    public bool ContainsSourceIdentifier(string text, VerificationResult? result)
    {
        if (_sources is null || string.IsNullOrEmpty(text))
        {
            return false;
        }

        int source = result?.Source ?? -1;
        foreach (IdentifierMatch m in _sources.Matcher.Find(text))
        {
            int from = _sources.SourceOf(m.SetIndex);
            if (source < 0 || from < 0 || from == source || _sources.HasForm(source, IdentifierText.Fold(text.Substring(m.Start, m.Length))))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] BuildSourceKinds()
    {
        var values = (IdentifierKind[])Enum.GetValues(typeof(IdentifierKind));
        string[] kinds = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            kinds[(int)values[i]] = "Source" + values[i].ToString();
        }

        return kinds;
    }

    private static HashSet<string> LoadSafeCreators()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string[] f in EmbeddedTable.Rows("ps3.15_E.3.10-1_safe_private_attributes.tsv"))
        {
            if (f.Length >= 2)
            {
                set.Add(f[1].Trim());
            }
        }

        return set;
    }

    private static bool IsNotScanned(DicomTag t) =>
        t == DicomTag.PixelData || t.Value == 0x7FE00008 || t.Value == 0x7FE00009 || t.Value == 0x54001010 ||
        ((t.Group & 0xFF00) == 0x6000 && (t.Group & 1) == 0 && t.Element == 0x3000);

    /// <summary>The state of one <see cref="Verify"/> call.</summary>
    private sealed class Context
    {
        private readonly DeidentificationVerifier _v;
        private readonly DicomFile _file;
        private readonly string _path;
        private readonly List<(DicomTag Sequence, int Item)> _stack = new();
        private readonly List<IdentifierMatch> _hits = new();
        private readonly List<(string Location, byte[] Bytes)> _batch = new();
        private readonly List<(string Location, string Text)> _textBatch = new();
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        private readonly ClaimedProfile _claims;
        private readonly string? _patientId;
        private Dictionary<string, DicomValueElement>? _sourceValues;
        private int _inDirectoryRecords;

        public Context(DeidentificationVerifier v, DicomFile file, string path)
        {
            _v = v;
            _file = file;
            _path = path;
            _claims = ClaimedProfile.Read(file.Dataset);
            _patientId = file.Dataset.GetString(DicomTags.PatientID);
            Source = v._sources is { CanPair: true } s ? s.Pair(file.Dataset.GetString(DicomTags.SOPInstanceUID)) : -1;
        }

        public List<Finding> Findings { get; } = new();

        public int Source { get; }

        private VerificationSources? Sources => _v._sources;

        public void Run(string? relativePath)
        {
            if (_file.Preamble is byte[] pre && Sources is not null)
            {
                _hits.Clear();
                _hits.AddRange(Sources.Matcher.FindInBytes(pre, 0, pre.Length));
                ReportHits("preamble", pathLevel: false, pre, null);
            }

            Walk(_file.FileMetaInformation, meta: true);
            Walk(_file.Dataset, meta: false);
            SearchBatch();
            CheckPath(relativePath);
            CheckFlags();
        }

        /// <summary>See <see cref="VerifyOther"/>.</summary>
        public void RunOther(string? relativePath)
        {
            Add("file", FindingKinds.NotDicomFile, FindingSeverity.Medium);
            if (Sources is not null)
            {
                byte[] content = ReadHead(_path);
                _hits.Clear();
                _hits.AddRange(Sources.Matcher.FindInBytes(content, 0, content.Length));
                ReportHits("content", pathLevel: false, content, null);
            }

            CheckPath(relativePath);
        }

        private static byte[] ReadHead(string path)
        {
            using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read, System.IO.FileShare.ReadWrite);
            byte[] buffer = new byte[(int)Math.Min(stream.Length, MaxScannedValueBytes)];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read < buffer.Length)
            {
                Array.Resize(ref buffer, read);
            }

            return buffer;
        }

        private void CheckPath(string? relativePath)
        {
            if (relativePath is not null && Sources is not null)
            {
                foreach (string part in relativePath.Split('/', '\\'))
                {
                    if (part.Length == 0)
                    {
                        continue;
                    }

                    _hits.Clear();
                    _hits.AddRange(Sources.Matcher.FindInName(part));
                    string stem = System.IO.Path.GetFileNameWithoutExtension(part);
                    if (Sources.Matcher.TryMatchWhole(part, out IdentifierMatch whole) || Sources.Matcher.TryMatchWhole(stem, out whole))
                    {
                        _hits.Add(whole);
                    }

                    ReportHits("path", pathLevel: true, null, null);
                }
            }
        }

        /// <summary>
        /// Searches every small value of the file in one pass: the values are laid end to end with four zero bytes
        /// between them (a control character in every reading, which no match can span), and each match is given
        /// back to the value its offset falls in.
        /// </summary>
        private void SearchBatch()
        {
            SearchTextBatch();
            if (_batch.Count == 0)
            {
                return;
            }

            int total = 0;
            foreach ((string _, byte[] b) in _batch)
            {
                total += Separator + b.Length;
            }

            byte[] buffer = new byte[total];
            int[] starts = new int[_batch.Count];
            int at = 0;
            for (int i = 0; i < _batch.Count; i++)
            {
                at += Separator;
                starts[i] = at;
                Buffer.BlockCopy(_batch[i].Bytes, 0, buffer, at, _batch[i].Bytes.Length);
                at += _batch[i].Bytes.Length;
            }

            IReadOnlyList<IdentifierMatch> matches = Sources!.Matcher.FindInBytes(buffer, 0, buffer.Length);
            for (int m = 0; m < matches.Count; m++)
            {
                // By the match's last byte: a UTF-16 reading in the other byte order may begin one byte early, in the gap
                // before the value (which maps to the value before it); its last byte lies in the value or the gap after it.
                int i = Array.BinarySearch(starts, matches[m].Start + Math.Max(matches[m].Length, 1) - 1);
                i = i >= 0 ? i : ~i - 1;
                _hits.Clear();
                _hits.Add(matches[m]);
                ReportHits(_batch[Math.Max(i, 0)].Location, pathLevel: false, buffer, null);
            }

            _batch.Clear();
        }

        /// <summary>The decoded text values of the file in one pass, joined by two NULs (control characters: hard breaks for the matcher).</summary>
        private void SearchTextBatch()
        {
            if (_textBatch.Count == 0)
            {
                return;
            }

            var sb = new StringBuilder();
            int[] starts = new int[_textBatch.Count];
            for (int i = 0; i < _textBatch.Count; i++)
            {
                sb.Append('\0', 2);
                starts[i] = sb.Length;
                sb.Append(_textBatch[i].Text);
            }

            string all = sb.ToString();
            IReadOnlyList<IdentifierMatch> matches = Sources!.Matcher.Find(all);
            for (int m = 0; m < matches.Count; m++)
            {
                int i = Array.BinarySearch(starts, matches[m].Start);
                i = i >= 0 ? i : ~i - 1;
                _hits.Clear();
                _hits.Add(matches[m]);
                ReportHits(_textBatch[Math.Max(i, 0)].Location, pathLevel: false, null, all);
            }

            _textBatch.Clear();
        }

        private bool IsDicomDir =>
            _file.Dataset.Contains(DicomTags.DirectoryRecordSequence) ||
            string.Equals(_file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID), DicomDirClassUid, StringComparison.Ordinal);

        private void CheckFlags()
        {
            if (IsDicomDir)
            {
                return;
            }

            if (!string.Equals(_claims.IdentityRemoved?.Trim(), "YES", StringComparison.OrdinalIgnoreCase))
            {
                Add("(0012,0062)", FindingKinds.PatientIdentityNotRemoved, FindingSeverity.High);
            }

            string? burned = _file.Dataset.GetString(DicomTags.BurnedInAnnotation)?.Trim();
            if (string.Equals(burned, "YES", StringComparison.OrdinalIgnoreCase))
            {
                Add("(0028,0301)", FindingKinds.BurnedInAnnotation, FindingSeverity.High);
            }
            else if (string.IsNullOrEmpty(burned) && _file.Dataset.Contains(DicomTag.PixelData) && IsProne())
            {
                Add("(0028,0301)", FindingKinds.BurnedInAnnotationMissing, FindingSeverity.Medium);
            }
        }

        private bool IsProne()
        {
            string modality = _file.Dataset.GetString(DicomTags.Modality)?.Trim() ?? string.Empty;
            string sop = _file.Dataset.GetString(DicomTags.SOPClassUID) ?? string.Empty;
            return ProneModalities.Contains(modality) || sop.StartsWith("1.2.840.10008.5.1.4.1.1.7", StringComparison.Ordinal) ||
                sop.StartsWith("1.2.840.10008.5.1.4.1.1.6", StringComparison.Ordinal) || sop.StartsWith("1.2.840.10008.5.1.4.1.1.77", StringComparison.Ordinal);
        }

        private void Walk(DicomDataset ds, bool meta)
        {
            foreach (DicomElement e in ds)
            {
                DicomTag t = e.Tag;
                if (e is DicomSequence sq)
                {
                    if (!meta)
                    {
                        CheckPrivate(e);
                        if (sq.Items.Count > 0 && !t.IsPrivate && _claims.Rules.CodeFor(t) == "X")
                        {
                            Add(Location(t), FindingKinds.ProfileAttributeNotRemoved, FindingSeverity.High);
                        }
                    }

                    bool records = t == DicomTags.DirectoryRecordSequence;
                    _inDirectoryRecords += records ? 1 : 0;
                    for (int i = 0; i < sq.Items.Count; i++)
                    {
                        _stack.Add((t, i));
                        Walk(sq.Items[i], meta);
                        _stack.RemoveAt(_stack.Count - 1);
                    }

                    _inDirectoryRecords -= records ? 1 : 0;
                    continue;
                }

                if (e is not DicomValueElement v || IsNotScanned(t) || v.Length == 0)
                {
                    continue;
                }

                string? location = null;
                if (v.Length > MaxScannedValueBytes)
                {
                    Add(location = Location(t), FindingKinds.ValueNotScanned, FindingSeverity.Medium);
                    continue;
                }

                byte[] bytes = v.GetBytes();
                if (Sources is not null)
                {
                    location ??= Location(t);
                    if (DicomVRInfo.IsString(v.VR) && !HasInnerNul(bytes))
                    {
                        // Text: decoded in its character set (ISO 2022 and multi-byte sets included) and searched once per file.
                        DicomCharacterSet cs = DicomVRInfo.UsesSpecificCharacterSet(v.VR) ? ds.CharacterSet : DicomCharacterSet.Default;
                        _textBatch.Add((location, cs.Decode(bytes, 0, bytes.Length, v.VR)));
                    }
                    else if (bytes.Length > BatchedValueBytes)
                    {
                        _hits.Clear();
                        _hits.AddRange(Sources.Matcher.FindInBytes(bytes, 0, bytes.Length));
                        ReportHits(location, pathLevel: false, bytes, null);
                    }
                    else
                    {
                        // Binary values (OB, OW, UN...) and text with NUL bytes in it (UTF-16 smuggled into a text VR): every encoding.
                        _batch.Add((location, bytes));
                    }
                }

                if (meta)
                {
                    if (!Part10Meta.Contains(t.Value) && !IsBlank(bytes))
                    {
                        Add(location ??= Location(t), FindingKinds.FileMetaNotMinimal, FindingSeverity.Medium);
                    }

                    continue;
                }

                if (t.Group == 0x0000 && !t.IsGroupLength)
                {
                    Add(location ??= Location(t), FindingKinds.CommandElementInDataset, FindingSeverity.Medium);
                }

                CheckPrivate(e);
                if (!t.IsPrivate)
                {
                    CheckProfile(v, bytes, ref location);
                }

                CheckText(ds, v, ref location);
            }
        }

        /// <summary>A NUL before the last byte: not text padding, so the value is also read as UTF-16.</summary>
        private static bool HasInnerNul(byte[] b)
        {
            for (int i = 0; i < b.Length - 1; i++)
            {
                if (b[i] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckPrivate(DicomElement e)
        {
            DicomTag t = e.Tag;
            if (!t.IsPrivate || t.IsGroupLength)
            {
                return;
            }

            if (t.IsPrivateCreator)
            {
                string creator = e is DicomValueElement cv ? Decode(cv) : string.Empty;
                if (!SafeCreators.Contains(creator.Trim(' ', '\0')))
                {
                    Add(Location(t), FindingKinds.UnsafePrivateCreator, FindingSeverity.Medium);
                }

                return;
            }

            if (t.Element < 0x1000)
            {
                return;
            }

            if (!_claims.Has(DeidentificationOption.RetainSafePrivate))
            {
                Add(Location(t), FindingKinds.PrivateAttributeNotRemoved, FindingSeverity.High);
            }
            else if (!SafePrivateAttributes.IsSafe(t, e.PrivateCreator))
            {
                Add(Location(t), FindingKinds.PrivateAttributeNotSafe, FindingSeverity.High);
            }
        }

        private static string Decode(DicomValueElement v)
        {
            byte[] b = v.GetBytes();
            return DicomCharacterSet.Default.Decode(b, 0, b.Length, v.VR);
        }

        private void CheckProfile(DicomValueElement v, byte[] bytes, ref string? location)
        {
            string? code = _claims.Rules.CodeFor(v.Tag);
            if (code == "X" && !IsBlank(bytes))
            {
                Add(location ??= Location(v.Tag), FindingKinds.ProfileAttributeNotRemoved, FindingSeverity.High);
                return;
            }

            bool date = v.VR is DicomVR.DA or DicomVR.DT;
            bool replaced = code is not null and not "K" and not "C";
            bool shifted = date && _claims.Has(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates);
            if (Source < 0 || !(replaced || shifted) || IsBlank(bytes))
            {
                return;
            }

            location ??= Location(v.Tag);
            if (!SourceValues().TryGetValue(location, out DicomValueElement? original) || !SameValue(bytes, original.GetBytes()))
            {
                return;
            }

            if (v.VR == DicomVR.UI && DicomUidRegistry.TryGet(Encoding.ASCII.GetString(bytes).TrimEnd('\0', ' '), out _))
            {
                return; // standard UIDs are kept by design
            }

            Add(location, shifted && !replaced ? FindingKinds.DateNotShifted : FindingKinds.ProfileAttributeNotReplaced, FindingSeverity.High);
        }

        private void CheckText(DicomDataset ds, DicomValueElement v, ref string? location)
        {
            DicomTag t = v.Tag;
            if (v.VR == DicomVR.PN)
            {
                foreach (string name in ds.GetStrings(t))
                {
                    if (!TextHeuristics.IsPseudonymShaped(name, _patientId))
                    {
                        Add(location ??= Location(t), _inDirectoryRecords > 0 ? FindingKinds.DicomDirRecordIdentifier : FindingKinds.PersonNameNotPseudonym,
                            _inDirectoryRecords > 0 ? FindingSeverity.High : FindingSeverity.Medium);
                        break;
                    }
                }

                return;
            }

            if (_inDirectoryRecords > 0 && t == DicomTags.PatientBirthDate)
            {
                Add(location ??= Location(t), FindingKinds.DicomDirRecordIdentifier, FindingSeverity.High);
                return;
            }

            if (v.VR is not (DicomVR.LO or DicomVR.SH or DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UC) || t.IsPrivateCreator || NotFreeText.Contains(t.Value) || v.Length > 1 << 20)
            {
                return;
            }

            if (!t.IsPrivate && DicomDictionary.GetKeyword(t) is string keyword &&
                (keyword.EndsWith("ID", StringComparison.Ordinal) || keyword.EndsWith("UID", StringComparison.Ordinal) || keyword.EndsWith("Number", StringComparison.Ordinal) ||
                 keyword.EndsWith("Version", StringComparison.Ordinal) || keyword.EndsWith("Versions", StringComparison.Ordinal)))
            {
                return;
            }

            string text = ds.GetString(t) ?? string.Empty;
            if (TextHeuristics.HasDateLike(text))
            {
                Add(location ??= Location(t), FindingKinds.FreeTextDate, FindingSeverity.Low);
            }

            if (TextHeuristics.HasIdLike(text))
            {
                Add(location ??= Location(t), FindingKinds.FreeTextIdentifier, FindingSeverity.Low);
            }

            if (TextHeuristics.HasNameLike(text))
            {
                Add(location ??= Location(t), FindingKinds.FreeTextName, FindingSeverity.Low);
            }
        }

        /// <param name="bytes">The buffer the matches' offsets point into (byte matches), or null.</param>
        /// <param name="text">The text the matches' offsets point into (text matches), or null.</param>
        private void ReportHits(string location, bool pathLevel, byte[]? bytes, string? text)
        {
            foreach (IdentifierMatch h in _hits)
            {
                int from = Sources!.SourceOf(h.SetIndex);
                if (!pathLevel && Source >= 0 && from >= 0 && from != Source && !Sources.HasForm(Source, MatchedForm(h, bytes, text)))
                {
                    continue; // paired: an identifier of other sources only, not of this file's source
                }

                if (((h.Kind is IdentifierKind.StudyDate or IdentifierKind.OtherDate) && _claims.Has(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates)) ||
                    (h.Kind == IdentifierKind.Uid && _claims.Has(DeidentificationOption.RetainUids)) ||
                    (h.Kind == IdentifierKind.Institution && _claims.Has(DeidentificationOption.RetainInstitutionIdentity)))
                {
                    continue; // the file says it kept these, and the auditor sees the claim
                }

                Add(location, SourceKinds[(int)h.Kind], FindingSeverity.High);
            }
        }

        /// <summary>The folded text of a match, to look it up among the paired source's forms (never shown).</summary>
        private static string MatchedForm(IdentifierMatch m, byte[]? bytes, string? text)
        {
            string raw;
            if (text is not null || bytes is null)
            {
                raw = text is null ? string.Empty : text.Substring(m.Start, m.Length);
            }
            else
            {
                raw = m.Encoding switch
                {
                    TextEncodingKind.Utf8 => Encoding.UTF8.GetString(bytes, m.Start, m.Length),
                    TextEncodingKind.Utf16LittleEndian => Encoding.Unicode.GetString(bytes, m.Start, m.Length),
                    TextEncodingKind.Utf16BigEndian => Encoding.BigEndianUnicode.GetString(bytes, m.Start, m.Length),
                    _ => Latin1(bytes, m.Start, m.Length),
                };
            }

            return IdentifierText.Fold(raw);
        }

        private static string Latin1(byte[] b, int start, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)b[start + i];
            }

            return new string(chars);
        }

        private void Add(string location, string kind, FindingSeverity severity)
        {
            if (_reported.Add(location + "|" + kind))
            {
                Findings.Add(new Finding(_path, location, kind, severity));
            }
        }

        /// <summary>"(gggg,eeee)" then " in (gggg,eeee)[i]" for each enclosing item, innermost first.</summary>
        private string Location(DicomTag t)
        {
            if (_stack.Count == 0)
            {
                return t.ToString();
            }

            var sb = new StringBuilder(t.ToString());
            for (int i = _stack.Count - 1; i >= 0; i--)
            {
                sb.Append(" in ").Append(_stack[i].Sequence.ToString()).Append('[').Append(_stack[i].Item.ToString(CultureInfo.InvariantCulture)).Append(']');
            }

            return sb.ToString();
        }

        /// <summary>The paired source's values by location (built on first use).</summary>
        private Dictionary<string, DicomValueElement> SourceValues()
        {
            if (_sourceValues is null)
            {
                _sourceValues = new Dictionary<string, DicomValueElement>(StringComparer.Ordinal);
                var stack = new List<(DicomTag, int)>();
                Collect(Sources![Source].Dataset, stack, _sourceValues);
            }

            return _sourceValues;
        }

        private static void Collect(DicomDataset ds, List<(DicomTag Sequence, int Item)> stack, Dictionary<string, DicomValueElement> into)
        {
            foreach (DicomElement e in ds)
            {
                if (e is DicomSequence sq)
                {
                    for (int i = 0; i < sq.Items.Count; i++)
                    {
                        stack.Add((e.Tag, i));
                        Collect(sq.Items[i], stack, into);
                        stack.RemoveAt(stack.Count - 1);
                    }
                }
                else if (e is DicomValueElement v && v.Length > 0 && v.Length <= 65536 && !IsNotScanned(e.Tag))
                {
                    var sb = new StringBuilder(e.Tag.ToString());
                    for (int i = stack.Count - 1; i >= 0; i--)
                    {
                        sb.Append(" in ").Append(stack[i].Sequence.ToString()).Append('[').Append(stack[i].Item.ToString(CultureInfo.InvariantCulture)).Append(']');
                    }

                    into[sb.ToString()] = v;
                }
            }
        }

        private static bool SameValue(byte[] a, byte[] b)
        {
            int la = TrimmedLength(a), lb = TrimmedLength(b);
            if (la != lb || la == 0)
            {
                return false;
            }

            for (int i = 0; i < la; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int TrimmedLength(byte[] b)
        {
            int n = b.Length;
            while (n > 0 && (b[n - 1] == 0 || b[n - 1] == (byte)' '))
            {
                n--;
            }

            return n;
        }

        private static bool IsBlank(byte[] b) => TrimmedLength(b) == 0;
    }
}
