// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.IO;
using System.Linq;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Values;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

public sealed class SubjectMapTests
{
    [Fact]
    public void Load_HeaderQuotesAndOptionalColumns_Parses()
    {
        const string csv = "PseudonymPatientId,\"Original Patient ID\",DateOffsetDays,PseudonymName\r\n" +
            "SUBJ-001,MRN0042,-400,\"SUBJECT^ONE\"\r\n" +
            "\"SUBJ-002\",\"MRN,0043\",,\n" +
            "SUBJ-003,\"MRN \"\"Q\"\"\",12,\n";
        SubjectMap map = SubjectMap.Load(new StringReader(csv));

        Assert.Equal(3, map.Count);
        Assert.True(map.TryGet("MRN0042", out SubjectMapEntry? a));
        Assert.Equal(("SUBJ-001", "SUBJECT^ONE", -400), (a!.PseudonymPatientId, a.PseudonymPatientName, a.DateOffsetDays!.Value));
        Assert.True(map.TryGet("MRN,0043", out SubjectMapEntry? b));
        Assert.Null(b!.DateOffsetDays);
        Assert.Null(b.PseudonymPatientName);
        Assert.True(map.TryGet("MRN \"Q\"", out SubjectMapEntry? c));
        Assert.Equal(12, c!.DateOffsetDays);
    }

    [Fact]
    public void Load_NoHeaderSemicolons_PositionalColumns()
    {
        SubjectMap map = SubjectMap.Load(new StringReader("MRN1;S1\nMRN2;S2;NAME^TWO;5\n"));
        Assert.True(map.TryGet("MRN2", out SubjectMapEntry? e));
        Assert.Equal(("S2", "NAME^TWO", 5), (e!.PseudonymPatientId, e.PseudonymPatientName, e.DateOffsetDays!.Value));
        Assert.True(map.TryGet("MRN1", out _));
    }

    [Theory]
    [InlineData("MRN1,S1\nMRN1,S2\n", "line 2")]
    [InlineData("MRN1,\n", "line 1")]
    [InlineData("MRN1,S1,,notanumber\n", "line 1")]
    [InlineData("MRN1,\"S1\n", "line 1")]
    [InlineData("MRN1,S\\1\n", "line 1")]
    public void Load_Malformed_ThrowsNamingLineNotValue(string csv, string where)
    {
        FormatException ex = Assert.Throws<FormatException>(() => SubjectMap.Load(new StringReader(csv)));
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SubjectMap_OverridesPseudonymNameAndOffset()
    {
        SubjectMap map = SubjectMap.Load(new StringReader("OriginalPatientId,PseudonymPatientId,PseudonymPatientName,DateOffsetDays\nMRN0042,SUBJ-001,SUBJECT^ONE,-100\n"));
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, SubjectMap = map });
        DicomFile mapped = File(Image());
        DeidentificationResult r = d.Apply(mapped);
        Assert.Equal("SUBJ-001", mapped.Dataset.GetString(Tag("PatientID")));
        Assert.Equal("SUBJECT^ONE", mapped.Dataset.GetString(Tag("PatientName")));
        Assert.Equal("20231002", mapped.Dataset.GetString(Tag("StudyDate"))); // 2024-01-10 - 100 days
        Assert.Equal(-100, r.DateOffsetDays);
        Assert.True(r.FromSubjectMap);

        DicomFile other = File(Image(patientId: "MRN9999"));
        DeidentificationResult r2 = d.Apply(other);
        Assert.Equal(Default().GetPseudonymPatientId("MRN9999"), r2.PseudonymPatientId);
        Assert.False(r2.FromSubjectMap);
    }
}

public sealed class CustomRuleTests
{
    private const string Json = """
        { "rules": [
          { "tag": "StudyDescription", "action": "keep" },
          { "tag": "(0008,0080)", "action": "replace", "value": "RESEARCH SITE 1" },
          { "Tag": "AccessionNumber", "Action": "Hash" },
          { "tag": "Manufacturer", "action": "remove" },
          { "tag": "(0029,xx10)", "privateCreator": "ACME 1.0", "action": "keep" },
          { "tag": "PatientBirthDate", "action": "shift" },
          { "tag": "(0028,0010)", "action": "replace", "value": "512" }
        ] }
        """;

    [Fact]
    public void LoadJson_RulesObject_ParsesEveryForm()
    {
        var rules = CustomRule.LoadJson(new StringReader(Json));
        Assert.Equal(7, rules.Count);
        Assert.Equal(Tag("StudyDescription"), rules[0].Tag);
        Assert.Equal(CustomRuleAction.Replace, rules[1].Action);
        Assert.Equal("RESEARCH SITE 1", rules[1].Value);
        Assert.Equal(CustomRuleAction.Hash, rules[2].Action);
        Assert.True(rules[4].IsPrivate);
        Assert.Equal("ACME 1.0", rules[4].PrivateCreator);
        Assert.Equal(new DicomTag(0x0029, 0x0010), rules[4].Tag);
    }

    [Fact]
    public void Apply_CustomRules_OverrideProfileAtEveryDepth()
    {
        DicomDataset ds = Image();
        ds.SetString(new DicomTag(0x0029, 0x0011), DicomVR.LO, "ACME 1.0");
        ds.SetString(new DicomTag(0x0029, 0x1110), DicomVR.LO, "keep me");
        ds.SetString(new DicomTag(0x0029, 0x1111), DicomVR.LO, "drop me");
        DicomFile f = File(ds);
        // The echo scan would mask the name that the kept StudyDescription repeats (see IdentifierEchoScanTests).
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = CustomRule.LoadJson(new StringReader(Json)), ScanIdentifierEchoes = false });
        DeidentificationResult r = d.Apply(f);

        Assert.Equal("CT HEAD for Jane Doe", ds.GetString(Tag("StudyDescription")));
        Assert.Equal("RESEARCH SITE 1", ds.GetString(Tag("InstitutionName")));
        Assert.Matches("^[A-Z2-7]{16}$", ds.GetString(Tag("AccessionNumber"))); // SH: 16 characters
        Assert.False(ds.Contains(Tag("Manufacturer")));
        Assert.Equal("keep me", ds.GetString(new DicomTag(0x0029, 0x1110)));
        Assert.Equal("ACME 1.0", ds.GetString(new DicomTag(0x0029, 0x0011)));
        Assert.False(ds.Contains(new DicomTag(0x0029, 0x1111)));
        Assert.Equal(DicomDate.Parse("19700502").AddDays(r.DateOffsetDays).ToString(), ds.GetString(Tag("PatientBirthDate")));
        Assert.Equal((ushort)512, ds.GetUInt16(Tag("Rows")));
    }

    [Theory]
    [InlineData("[ { \"tag\": \"NoSuchKeyword\", \"action\": \"keep\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"PatientID\", \"action\": \"explode\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"PatientID\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"PatientID\", \"action\": \"replace\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"(0029,1010)\", \"action\": \"keep\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"PatientSex\", \"action\": \"replace\", \"value\": \"ABCDEFGHIJKLMNOPQRSTUVWXYZ\" } ]", "Rule 1")]
    [InlineData("[ { \"tag\": \"PatientID\", \"action\": \"keep\", } ]", "character")]
    [InlineData("{ \"tag\": \"PatientID\" }", "array")]
    public void LoadJson_Malformed_ThrowsFormatException(string json, string where)
    {
        FormatException ex = Assert.Throws<FormatException>(() => CustomRule.LoadJson(new StringReader(json)));
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDictionary_Hashtable_BuildsRule()
    {
        var h = new Hashtable { ["Tag"] = "(0010,0040)", ["Action"] = "Replace", ["Value"] = "O" };
        CustomRule r = CustomRule.FromDictionary(h);
        Assert.Equal((Tag("PatientSex"), CustomRuleAction.Replace, "O"), (r.Tag, r.Action, r.Value));
    }
}

public sealed class DeidentificationKeyTests
{
    [Fact]
    public void Generate_Returns32RandomBytes()
    {
        byte[] a = DeidentificationKey.Generate(), b = DeidentificationKey.Generate();
        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void FileText_RoundTrips()
    {
        byte[] key = DeidentificationKey.Generate();
        string text = DeidentificationKey.ToFileText(key);
        Assert.StartsWith("#", text, StringComparison.Ordinal);
        Assert.Equal(key, DeidentificationKey.Read(new StringReader(text)));
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(text), DeidentificationKey.ToFileBytes(key));
    }

    [Theory]
    [InlineData("000102030405060708090a0b0c0d0e0f", 16)]
    [InlineData("hex:000102030405060708090A0B0C0D0E0F1011", 18)]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", 16)]
    [InlineData("base64:AAECAwQFBgcICQoLDA0ODw==", 16)]
    [InlineData("  AAECAwQFBgcI CQoLDA0ODw== \n", 16)]
    public void Parse_HexOrBase64_Decodes(string text, int length)
    {
        byte[] key = DeidentificationKey.Parse(text);
        Assert.Equal(length, key.Length);
        Assert.Equal(Enumerable.Range(0, length).Select(i => (byte)i), key);
    }

    [Theory]
    [InlineData("00010203")] // too short
    [InlineData("not a key at all!")]
    [InlineData("hex:zz")]
    public void Parse_Invalid_Throws(string text) => Assert.Throws<FormatException>(() => DeidentificationKey.Parse(text));

    [Fact]
    public void Fingerprint_StableAndDoesNotRevealKey()
    {
        string fp = DeidentificationKey.Fingerprint(Key);
        Assert.Matches("^[0-9a-f]{16}$", fp);
        Assert.Equal(fp, DeidentificationKey.Fingerprint((byte[])Key.Clone()));
        Assert.NotEqual(fp, DeidentificationKey.Fingerprint(DeidentificationKey.Generate()));
    }
}
