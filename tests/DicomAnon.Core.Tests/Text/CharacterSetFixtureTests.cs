// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DicomAnon.Core;
using DicomAnon.Core.Text;
using Xunit;

namespace DicomAnon.Core.Tests.Text;

/// <summary>
/// Compares our decoding with pydicom 2.3.1's for every text element of pydicom's charset test files, plus short
/// synthetic values pydicom encoded in the sets those files do not cover (fixture built by make_charset_fixture.py).
/// There are no known disagreements: every entry is checked. Values that pydicom 2.3.1 encodes wrongly (ISO 2022
/// IR 58 without its escape sequence; IR 149 text not re-designated after CR LF) were left out of the fixture and
/// are covered from the PS3.5 examples in DicomCharacterSetTests instead.
/// </summary>
public sealed class CharacterSetFixtureTests
{
    private static readonly Lazy<List<FixtureEntry>> Entries = new(Load);

    public static TheoryData<int> FileIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Entries.Value.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    public static TheoryData<int> RealFileIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Entries.Value.Count; i++)
        {
            if (Entries.Value[i].Source != "synthetic")
            {
                data.Add(i);
            }
        }

        return data;
    }

    [Fact]
    public void Fixture_CoversEveryCharsetFile()
    {
        var sources = Entries.Value.Select(e => e.Source).Distinct().ToList();

        Assert.Equal(18, sources.Count); // 17 files + "synthetic"
        Assert.True(Entries.Value.Count > 150);
    }

    [Theory]
    [MemberData(nameof(FileIndexes))]
    public void Decode_FixtureValue_MatchesPydicom(int index)
    {
        FixtureEntry e = Entries.Value[index];
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(e.Charset);

        string decoded = cs.Decode(e.Bytes, 0, e.Bytes.Length, e.VR, out bool invalid);

        Assert.Empty(cs.UnknownTerms);
        Assert.Equal(e.Values, AsPydicomValues(decoded, e.VR));
        Assert.Equal(e.PydicomWarned, invalid);
    }

    [Theory]
    [MemberData(nameof(FileIndexes))]
    public void Encode_DecodedFixtureValue_RoundTrips(int index)
    {
        FixtureEntry e = Entries.Value[index];
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(e.Charset);
        string decoded = cs.Decode(e.Bytes, 0, e.Bytes.Length, e.VR);

        byte[] encoded = cs.Encode(decoded, e.VR);

        if (e.Source == "synthetic")
        {
            // pydicom's choice of escape sequences may differ from ours (it designates the first set explicitly);
            // what must hold is that the original text encodes and our bytes decode back to it without errors.
            byte[] fromText = cs.Encode(e.Text!, e.VR);
            Assert.Equal(e.Text, cs.Decode(fromText, 0, fromText.Length, e.VR, out bool invalid));
            Assert.False(invalid);
            Assert.Equal(decoded, cs.Decode(encoded, 0, encoded.Length, e.VR));
        }
        else if (NonCanonicalSources.TryGetValue(e.Source, out string? why) && !Convert.ToHexString(e.Bytes).Equals(Convert.ToHexString(encoded), StringComparison.Ordinal))
        {
            // Valid but not minimal escape sequences in the file (reason in NonCanonicalSources): ours differ, mean the same.
            Assert.False(string.IsNullOrEmpty(why));
            Assert.Equal(decoded, cs.Decode(encoded, 0, encoded.Length, e.VR, out bool invalid));
            Assert.False(invalid);
            Assert.True(encoded.Length < e.Bytes.Length || e.Source.StartsWith("chrSQEncoding", StringComparison.Ordinal));
        }
        else
        {
            // Files written by other toolkits and the PS3.5 Annex H/I/J examples: byte for byte.
            Assert.Equal(Convert.ToHexString(e.Bytes), Convert.ToHexString(encoded));
        }
    }

    /// <summary>Files whose bytes are valid but not what a minimal ISO 2022 encoder writes.</summary>
    private static readonly Dictionary<string, string> NonCanonicalSources = new()
    {
        // After Korean text in G1 the file designates ESC ( B into G0 although G0 never left ISO-IR 6.
        ["chrKoreanMulti.dcm"] = "redundant ESC ( B after G1 text",

        // Built by pydicom's encoder: it returns from JIS X 0208 with ESC ( B (ISO-IR 6) where value 1 is
        // ISO 2022 IR 13, whose G0 is ISO-IR 14; we write ESC ( J as in PS3.5 Annex H.3.2 (chrH32.dcm agrees).
        ["chrSQEncoding.dcm"] = "ESC ( B instead of ESC ( J",
        ["chrSQEncoding1.dcm"] = "ESC ( B instead of ESC ( J",
    };

    [Theory]
    [MemberData(nameof(RealFileIndexes))]
    public void GetStrings_FileReadByOurReader_MatchesPydicomAtAnyDepth(int index)
    {
        FixtureEntry e = Entries.Value[index];

        // The element is found through our reader, and decoded with the character set the dataset resolves
        // itself (own (0008,0005) or inherited from the enclosing dataset, PS3.5 7.5.3).
        DicomFile file = DicomFile.Open(System.IO.Path.Combine("/usr/lib/python3/dist-packages/pydicom/data/charset_files", e.Source));
        DicomDataset ds = file.Dataset;
        string[] steps = e.Path.Split('/');
        for (int i = 0; i < steps.Length - 1; i++)
        {
            int bracket = steps[i].IndexOf('[', StringComparison.Ordinal);
            var sqTag = new DicomTag(Convert.ToUInt32(steps[i][..bracket], 16));
            int item = int.Parse(steps[i][(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            ds = ds.GetSequence(sqTag)!.Items[item];
        }

        var tag = new DicomTag(Convert.ToUInt32(steps[^1], 16));

        Assert.Equal(e.Charset, string.Join("\\", ds.CharacterSet.Terms));
        Assert.Equal(Convert.ToHexString(e.Bytes), Convert.ToHexString(((DicomValueElement)ds[tag]!).GetBytes()));
        string whole = ds.GetString(tag) ?? string.Empty;
        Assert.Equal(e.Values, AsPydicomValues(whole, e.VR));
    }

    /// <summary>Splits and trims our whole-value string as pydicom presents values (values.py convert_*).</summary>
    private static List<string> AsPydicomValues(string whole, DicomVR vr)
    {
        if (vr == DicomVR.PN)
        {
            // convert_PN: rstrip(b'\0 ') of the whole value, split on '\', trailing empty component groups dropped.
            string trimmed = whole.TrimEnd('\0', ' ');
            if (trimmed.Length == 0)
            {
                return new List<string>();
            }

            return trimmed.Split('\\').Select(v =>
            {
                var groups = v.Split('=').ToList();
                while (groups.Count > 0 && groups[^1].Length == 0)
                {
                    groups.RemoveAt(groups.Count - 1);
                }

                return string.Join("=", groups);
            }).ToList();
        }

        List<string> values = DicomVRInfo.IsSingleValuedText(vr)
            ? new List<string> { whole.TrimEnd('\0', ' ') }           // convert_single_string
            : whole.Split('\\').Select(v => v.TrimEnd('\0', ' ')).ToList(); // convert_text
        return values.Count == 1 && values[0].Length == 0 ? new List<string>() : values;
    }

    private static List<FixtureEntry> Load()
    {
        using Stream s = typeof(CharacterSetFixtureTests).Assembly.GetManifestResourceStream("DicomAnon.Core.Tests.Text.charset_fixture.json")!;
        using JsonDocument doc = JsonDocument.Parse(s);
        var list = new List<FixtureEntry>();
        foreach (string section in new[] { "files", "synthetic" })
        {
            foreach (JsonElement j in doc.RootElement.GetProperty(section).EnumerateArray())
            {
                Assert.True(DicomVRInfo.TryParse(j.GetProperty("vr").GetString(), out DicomVR vr));
                list.Add(new FixtureEntry(
                    j.GetProperty("source").GetString()!,
                    j.GetProperty("path").GetString()!,
                    j.GetProperty("charset").GetString()!,
                    vr,
                    Convert.FromHexString(j.GetProperty("hex").GetString()!),
                    j.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList(),
                    j.TryGetProperty("text", out JsonElement t) ? t.GetString() : null,
                    j.GetProperty("pydicomWarned").GetBoolean()));
            }
        }

        return list;
    }

    private sealed record FixtureEntry(string Source, string Path, string Charset, DicomVR VR, byte[] Bytes, List<string> Values, string? Text, bool PydicomWarned)
    {
        public override string ToString() => $"{Source} {Charset} {DicomVRInfo.ToCode(VR)}";
    }
}
