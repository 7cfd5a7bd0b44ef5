// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// The identifier echo scan, beyond the standard: what the profile takes out of one attribute must not survive in
/// another. Before the profile runs, the identifiers of the ORIGINAL file are collected (<see cref="Collect"/>);
/// afterwards (<see cref="Clean"/>) every value still in the file (any VR, text inside OB/OW/UN read as Latin-1, UTF-8
/// and UTF-16, at any depth, file meta and private blocks included; not Pixel, Float/Double Float Pixel, Waveform or
/// Overlay Data, nor private creators) is searched for each identifier the profile removed or replaced. An
/// identifier counts as deliberately kept, and is not searched, when a public attribute of the output still holds
/// it unchanged and the settings allow it (Retain UIDs, Full Dates, Retain Institution Identity, a custom rule on it).
/// <para>A match is cleaned so that the VR stays valid: in LO, SH, ST, LT, UT, UC and PN the matched span becomes
/// "***" (cut to the VR's length); a UI value is remapped (or emptied when that leaves it unchanged); CS, AE, AS,
/// IS, DS, DA, DT, TM and UR values are emptied; in OB/OW/UN the matched bytes are overwritten with 'X' in the
/// encoding they were found in (the length, and so the structure, stays); a binary value over 64 MiB is not read (a
/// warning says so). In CS and AE, matches of two characters and names of other persons (observers, physicians)
/// are ignored: codes such as a modality or an SR value type are not names. Each cleaned value counts once.</para>
/// </summary>
internal sealed class IdentifierEchoScan
{
    /// <summary>Recorded in (0012,0063) when the scan ran (LO: at most 64 characters).</summary>
    internal const string MethodText = "What is removed from one attribute is removed from all";

    private const int MaxDepth = 256;
    private const string Mask = "***";
    private const long MaxScannedBytes = 64L << 20;
    private readonly IdentifierSet _original;

    [ThreadStatic]
    private static IdentifierMatcher? _spareMatcher;

    private IdentifierEchoScan(IdentifierSet original) => _original = original;

    /// <summary>Collects the identifiers of the file before the profile changes it.</summary>
    public static IdentifierEchoScan Collect(DicomFile file) => new(IdentifierSet.FromFile(file));

    /// <summary>
    /// Cleans every echo in the de-identified file; returns how many values were cleaned. <paramref name="remapUid"/>
    /// is the keyed UID function (the set holds only UIDs outside the registry, which are always remapped).
    /// </summary>
    public int Clean(DicomFile file, Deidentifier deidentifier, Func<string, string> remapUid, Action<string> warn)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        // Only identifiers the settings may keep are looked up in the output (none with the defaults).
        var candidates = new List<Identifier>();
        foreach (Identifier i in _original)
        {
            if (MayKeep(deidentifier, i))
            {
                candidates.Add(i);
            }
        }

        var kept = new HashSet<Identifier>();
        var excludedForms = new HashSet<string>(StringComparer.Ordinal);
        if (candidates.Count > 0)
        {
            var keptKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (Identifier i in IdentifierSet.FromFile(file))
            {
                if (!i.Tag.IsPrivate)
                {
                    keptKeys.Add(Key(i));
                }
            }

            foreach (Identifier i in candidates)
            {
                if (keptKeys.Contains(Key(i)))
                {
                    kept.Add(i);
                    excludedForms.UnionWith(i.Patterns);
                    excludedForms.UnionWith(i.Exact);
                }
            }
        }

        // The matcher's tables are this thread's from one file to the next (taken, so that a nested call builds its own).
        IdentifierMatcher? spare = _spareMatcher;
        _spareMatcher = null;
        Func<Identifier, bool>? include = kept.Count == 0 ? null : i => !kept.Contains(i);
        var matcher = IdentifierMatcher.CreateFiltered(new[] { _original }, include, excludedForms, forceAutomaton: false, spare);
        int cleaned = 0;
        if (matcher.PatternCount > 0)
        {
            var walker = new Walker(matcher, remapUid, warn);
            cleaned = walker.Walk(file.FileMetaInformation, 0) + walker.Walk(file.Dataset, 0);
        }

        if (matcher.IsRecyclable)
        {
            matcher.Recycle();
            _spareMatcher = matcher;
        }

        RecordMethod(file.Dataset);
        return cleaned;
    }

    /// <summary>
    /// True when the settings may keep this identifier where it was: its kind is retained by an option (Retain UIDs,
    /// Full Dates, Retain Institution Identity) or a custom rule names its public attribute. Anything else that the
    /// output still holds unchanged (a UID under 1.2.840.10008. outside the registry, say) is an echo like any other.
    /// </summary>
    private static bool MayKeep(Deidentifier d, Identifier i)
    {
        if (i.Tag.IsPrivate)
        {
            return false;
        }

        bool retained = i.Kind switch
        {
            IdentifierKind.Uid => d.Has(DeidentificationOption.RetainUids),
            IdentifierKind.StudyDate or IdentifierKind.OtherDate => d.DatePolicy == DatePolicy.Keep,
            IdentifierKind.Institution => d.Has(DeidentificationOption.RetainInstitutionIdentity),
            _ => false,
        };
        return retained || d.TryGetCustomRule(i.Tag, out _);
    }

    private static string Key(Identifier i) => i.Tag.Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "|" + i.Folded;

    private static void RecordMethod(DicomDataset ds)
    {
        DicomTag tag = DicomTags.DeidentificationMethod;
        var methods = new List<string>(ds.GetStrings(tag));
        if (!methods.Contains(MethodText))
        {
            methods.Add(MethodText);
            ds.SetStrings(tag, DicomVR.LO, methods);
        }
    }

    /// <summary>Pixel, waveform and overlay data, and the Implementation Class UID (the writer's own, rewritten on save).</summary>
    private static bool IsBulkData(DicomTag t) =>
        t.Value is 0x7FE00010 or 0x7FE00008 or 0x7FE00009 or 0x54001010 or 0x00020012 ||
        ((t.Group & 0xFF01) == 0x6000 && t.Element == 0x3000);

    private sealed class Walker
    {
        /// <summary>Values up to this length are widened into a per-thread scratch array when they are plain ASCII.</summary>
        private const int WidenLimit = 1 << 16;

        [ThreadStatic]
        private static char[]? _widened;

        private readonly IdentifierMatcher _m;
        private readonly Func<string, string> _remapUid;
        private readonly Action<string> _warn;
        private readonly List<IdentifierMatch> _found = new();

        public Walker(IdentifierMatcher m, Func<string, string> remapUid, Action<string> warn)
        {
            _m = m;
            _remapUid = remapUid;
            _warn = warn;
        }

        public int Walk(DicomDataset ds, int depth)
        {
            if (depth > MaxDepth)
            {
                return 0;
            }

            int n = 0;
            int count = ds.Count;
            DicomElement[] elements = ElementScratch.Rent(ds); // a snapshot: cleaning replaces elements
            try
            {
                for (int i = 0; i < count; i++)
                {
                    DicomElement e = elements[i];
                    if (e is DicomSequence sq)
                    {
                        for (int j = 0; j < sq.Items.Count; j++)
                        {
                            n += Walk(sq.Items[j], depth + 1);
                        }
                    }
                    else if (e is DicomValueElement v && !e.Tag.IsPrivateCreator && !IsBulkData(e.Tag) && v.Length > 0)
                    {
                        if (DicomVRInfo.IsString(e.VR) ? CleanText(ds, v) : CleanBytes(ds, v))
                        {
                            n++;
                        }
                    }
                }
            }
            finally
            {
                ElementScratch.Return(elements, count);
            }

            return n;
        }

        private bool CleanText(DicomDataset ds, DicomValueElement v)
        {
            DicomVR vr = v.VR;
            byte[] bytes = v.GetBytes();
            DicomCharacterSet charset = DicomVRInfo.UsesSpecificCharacterSet(vr) ? ds.CharacterSet : DicomCharacterSet.Default;

            // Plain ASCII (nearly every value) is searched as its bytes widened into a scratch array: the string the
            // decoder would make is made only for a value that has a match. Anything else is decoded as before.
            string? text = null;
            char[] chars;
            int length;
            if (bytes.Length <= WidenLimit && charset.DecodesAsAscii(bytes, 0, bytes.Length, vr))
            {
                chars = _widened is { } kept && kept.Length >= bytes.Length ? kept : (_widened = new char[Math.Max(256, bytes.Length)]);
                for (int k = 0; k < bytes.Length; k++)
                {
                    chars[k] = (char)bytes[k];
                }

                length = bytes.Length;
            }
            else
            {
                text = charset.Decode(bytes, 0, bytes.Length, vr);
                chars = text.ToCharArray();
                length = chars.Length;
            }

            List<(int Start, int End)>? spans = null;
            _found.Clear();
            _m.FindInto(chars, length, _found);
            foreach (IdentifierMatch m in _found)
            {
                bool code = vr is DicomVR.CS or DicomVR.AE;
                if (!(code && (m.Length <= 2 || m.Kind == IdentifierKind.OtherPersonName)))
                {
                    (spans ??= new List<(int Start, int End)>()).Add((m.Start, m.Start + m.Length));
                }
            }

            bool freeText = vr is DicomVR.LO or DicomVR.SH or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN;
            if (freeText)
            {
                // a value that is exactly a short identifier (e.g. a 4-digit accession number in a private LO); each
                // backslash-separated value, trimmed of spaces and NULs, without a string per value
                int from = 0;
                while (from <= length)
                {
                    int end = Array.IndexOf(chars, '\\', from, length - from);
                    if (end < 0)
                    {
                        end = length;
                    }

                    int s = from, e = end;
                    while (s < e && (chars[s] == ' ' || chars[s] == '\0'))
                    {
                        s++;
                    }

                    while (e > s && (chars[e - 1] == ' ' || chars[e - 1] == '\0'))
                    {
                        e--;
                    }

                    if (e > s && _m.MatchesWhole(chars, s, e - s))
                    {
                        (spans ??= new List<(int Start, int End)>()).Add((from, end));
                    }

                    from = end + 1;
                }
            }

            if (spans is null)
            {
                return false;
            }

            text ??= new string(chars, 0, length); // what the decoder gives for plain ASCII

            if (vr == DicomVR.UI)
            {
                string[] values = text.TrimEnd(DicomTextChars.Padding).Split(DicomTextChars.Backslash);
                for (int i = 0; i < values.Length; i++)
                {
                    string u = values[i].Trim(DicomTextChars.Padding);
                    string mapped = u.Length == 0 ? u : _remapUid(u);
                    values[i] = string.Equals(mapped, u, StringComparison.Ordinal) ? string.Empty : mapped;
                }

                ds.SetString(v.Tag, DicomVR.UI, string.Join("\\", values), v.PrivateCreator);
                return true;
            }

            if (!freeText)
            {
                ds.Set(new DicomValueElement(v.Tag, vr, Array.Empty<byte>(), v.PrivateCreator));
                return true;
            }

            string masked = Fit(MaskSpans(text, spans), vr);
            if (ds.CharacterSet.CanEncode(masked, vr) || !DicomVRInfo.UsesSpecificCharacterSet(vr))
            {
                ds.SetString(v.Tag, vr, masked, v.PrivateCreator);
            }
            else
            {
                ds.Set(new DicomValueElement(v.Tag, vr, Array.Empty<byte>(), v.PrivateCreator));
            }

            return true;
        }

        private bool CleanBytes(DicomDataset ds, DicomValueElement v)
        {
            if (v.VR is not (DicomVR.OB or DicomVR.OW or DicomVR.UN))
            {
                return false;
            }

            if (v.Length > MaxScannedBytes)
            {
                _warn($"{v.Tag} is larger than {MaxScannedBytes >> 20} MiB and was not searched for identifier echoes.");
                return false;
            }

            byte[] bytes = v.GetBytes();
            IReadOnlyList<IdentifierMatch> found = _m.FindInBytes(bytes, 0, bytes.Length);
            if (found.Count == 0)
            {
                return false;
            }

            byte[] copy = (byte[])bytes.Clone();
            foreach (IdentifierMatch m in found)
            {
                int end = m.Start + m.Length;
                switch (m.Encoding)
                {
                    case TextEncodingKind.Utf16LittleEndian:
                        for (int k = m.Start; k < end && k + 1 < copy.Length; k += 2)
                        {
                            copy[k] = (byte)'X';
                            copy[k + 1] = 0;
                        }

                        break;
                    case TextEncodingKind.Utf16BigEndian:
                        for (int k = m.Start; k < end && k + 1 < copy.Length; k += 2)
                        {
                            copy[k] = 0;
                            copy[k + 1] = (byte)'X';
                        }

                        break;
                    default:
                        for (int k = m.Start; k < end; k++)
                        {
                            copy[k] = (byte)'X';
                        }

                        break;
                }
            }

            ds.Set(new DicomValueElement(v.Tag, v.VR, copy, v.PrivateCreator));
            return true;
        }

        private static string MaskSpans(string text, List<(int Start, int End)> spans)
        {
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            var sb = new StringBuilder(text.Length);
            int at = 0;
            foreach ((int s, int e) in spans)
            {
                if (e <= at)
                {
                    continue;
                }

                if (s >= at)
                {
                    sb.Append(text, at, s - at).Append(Mask);
                }

                at = e;
            }

            sb.Append(text, at, text.Length - at);
            return sb.ToString();
        }

        /// <summary>Cuts each value to the VR's maximum length (characters), as the profile's cleaner does.</summary>
        private static string Fit(string text, DicomVR vr)
        {
            int max = DicomVRInfo.MaxValueLength(vr);
            if (max <= 0 || vr is DicomVR.UT or DicomVR.UC)
            {
                return text;
            }

            string[] parts = DicomVRInfo.IsSingleValuedText(vr) ? new[] { text } : text.Split(DicomTextChars.Backslash);
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = parts[i].TrimEnd(DicomTextChars.Padding);
                if (parts[i].Length > max)
                {
                    parts[i] = parts[i].Substring(0, max);
                }
            }

            return string.Join("\\", parts);
        }
    }
}
