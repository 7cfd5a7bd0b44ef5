// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;

namespace DicomAnon.Core.Dictionary;

/// <summary>
/// The PS3.6 2026c data dictionary (plus PS3.7 command elements), from embedded resources.
/// Looks up by tag (repeating groups such as (60xx,3000) included) and by keyword, both ways.
/// </summary>
/// <threadsafety>Read-only after first use; safe to share between threads.</threadsafety>
internal static class DicomDictionary
{
    public const string Edition = "PS3.6 2026c";

    private static readonly Lazy<Tables> Data = new(Load);
    private static readonly string[] VRSeparator = { " or " };

    /// <summary>Every entry, exact and masked.</summary>
    public static IEnumerable<DicomDictionaryEntry> Entries
    {
        get
        {
            foreach (DicomDictionaryEntry e in Data.Value.ByTag.Values)
            {
                yield return e;
            }

            foreach (DicomDictionaryEntry e in Data.Value.Masked)
            {
                yield return e;
            }
        }
    }

    public static bool TryGetEntry(DicomTag tag, out DicomDictionaryEntry? entry)
    {
        Tables t = Data.Value;
        if (t.ByTag.TryGetValue(tag.Value, out entry))
        {
            return true;
        }

        if (tag.IsGroupLength)
        {
            entry = t.GroupLength;
            return true;
        }

        foreach (DicomDictionaryEntry m in t.Masked)
        {
            if (m.Matches(tag))
            {
                entry = m;
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>The dictionary VR of a public tag; UN for unknown and private tags (private creators are LO).</summary>
    public static DicomVR GetVR(DicomTag tag)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        return TryGetEntry(tag, out DicomDictionaryEntry? e) && e!.VR != DicomVR.None ? e.VR : DicomVR.UN;
    }

    public static string? GetKeyword(DicomTag tag) =>
        TryGetEntry(tag, out DicomDictionaryEntry? e) && e!.Keyword.Length > 0 ? e.Keyword : null;

    public static bool TryGetTag(string keyword, out DicomTag tag)
    {
        if (Data.Value.ByKeyword.TryGetValue(keyword, out DicomDictionaryEntry? e))
        {
            tag = e.Tag;
            return true;
        }

        tag = default;
        return false;
    }

    /// <summary>Accepts a keyword (PatientName) or a tag ("0010,0010", "(0010,0010)", "00100010").</summary>
    public static bool TryParseTag(string text, out DicomTag tag) =>
        TryGetTag(text.Trim(), out tag) || DicomTag.TryParse(text, out tag);

    private static Tables Load()
    {
        var t = new Tables();
        foreach (string file in new[] { "ps3.6_data_dictionary.tsv", "ps3.7_command_elements.tsv" })
        {
            foreach (string[] f in EmbeddedTable.Rows(file))
            {
                // tag vr vm keyword name retired
                (uint value, uint mask) = ParseMaskedTag(f[0]);
                var entry = new DicomDictionaryEntry(new DicomTag(value), mask, ParseVRs(f[1]), f[2], f[3], f[4], f[5] == "Y");
                if (mask == 0xFFFFFFFF)
                {
                    t.ByTag[value] = entry;
                }
                else
                {
                    t.Masked.Add(entry);
                }

                if (entry.Keyword.Length > 0 && !t.ByKeyword.ContainsKey(entry.Keyword))
                {
                    t.ByKeyword[entry.Keyword] = entry;
                }
            }
        }

        // Most specific masks first: (0028,04x0) before (1010,xxxx).
        t.Masked.Sort((a, b) => CountBits(b.Mask).CompareTo(CountBits(a.Mask)));
        return t;
    }

    /// <summary>"(60xx,3000)" gives value 0x60003000 and a mask with the x nibbles cleared.</summary>
    internal static (uint Value, uint Mask) ParseMaskedTag(string text)
    {
        string hex = text.Trim('(', ')').Replace(",", string.Empty);
        uint value = 0, mask = 0;
        foreach (char c in hex)
        {
            value <<= 4;
            mask <<= 4;
            if (c != 'x' && c != 'X')
            {
                value |= uint.Parse(c.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                mask |= 0xF;
            }
        }

        return (value, mask);
    }

    private static DicomVR[] ParseVRs(string text)
    {
        if (text.Length == 0)
        {
            return Array.Empty<DicomVR>();
        }

        var list = new List<DicomVR>();
        foreach (string part in text.Split(VRSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (DicomVRInfo.TryParse(part.Trim(), out DicomVR vr))
            {
                list.Add(vr);
            }
        }

        return list.ToArray();
    }

    private static int CountBits(uint v)
    {
        int n = 0;
        for (; v != 0; v &= v - 1)
        {
            n++;
        }

        return n;
    }

    private sealed class Tables
    {
        public Dictionary<uint, DicomDictionaryEntry> ByTag { get; } = new();

        public List<DicomDictionaryEntry> Masked { get; } = new();

        public Dictionary<string, DicomDictionaryEntry> ByKeyword { get; } = new(StringComparer.Ordinal);

        public DicomDictionaryEntry GroupLength { get; } =
            new(new DicomTag(0), 0x0000FFFF, new[] { DicomVR.UL }, "1", "GenericGroupLength", "Group Length", true);
    }
}
