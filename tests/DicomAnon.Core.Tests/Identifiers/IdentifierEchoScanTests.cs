// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Tests.Deidentification;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Identifiers;

// Issue 8, item 5: what the profile takes out of one attribute must not survive in another.
// Assertions never print a synthetic identifier: they check presence with booleans.
public class IdentifierEchoScanTests
{
    private const string PatientId = "PX778812";
    private const string OtherId = "778812345";

    private static readonly DicomTag UnknownIs = new(0x0026, 0x0100);
    private static readonly DicomTag UnknownCs = new(0x0026, 0x0102);
    private static readonly DicomTag OverlayDescription = new(0x6000, 0x0022);
    private static readonly DicomTag SourcePresentationAddress = new(0x0002, 0x0026);

    private static DicomFile Echoing()
    {
        DicomDataset ds = Image(patientId: PatientId)
            .With("OtherPatientIDs", DicomVR.LO, OtherId)
            .With("ImageID", DicomVR.SH, "DOE J 1970-05-02")
            .With("ContentLabel", DicomVR.CS, PatientId)
            .With("AnatomicRegionSequence", new DicomDataset()
                .With("CodeValue", DicomVR.SH, "T-D1100")
                .With("CodingSchemeDesignator", DicomVR.SH, "SRT")
                .With("CodeMeaning", DicomVR.LO, "Head of Jane DOE, born 02-May-1970"));
        ds.SetString(UnknownIs, DicomVR.IS, OtherId);
        ds.SetString(UnknownCs, DicomVR.CS, PatientId);
        ds.SetString(OverlayDescription, DicomVR.LO, "ACC77123 overlay");
        DicomFile f = File(ds);
        f.FileMetaInformation.SetString(SourcePresentationAddress, DicomVR.UR, "dicom://pacs/" + PatientId);
        return f;
    }

    private static bool AnyValueContains(DicomFile f, string marker) =>
        AllText(f).Any(t => t.Contains(marker, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Echoes_outside_the_table_are_cleaned_and_counted()
    {
        DicomFile f = Echoing();
        DeidentificationResult r = Default().Apply(f);
        DicomDataset ds = f.Dataset;

        foreach (string marker in new[] { "jane", "doe", PatientId, OtherId, "1970-05-02", "02-may-1970", "ACC77123" })
        {
            Assert.False(AnyValueContains(f, marker), "an echo survived (marker index " + Array.IndexOf(new[] { "jane", "doe", PatientId, OtherId, "1970-05-02", "02-may-1970", "ACC77123" }, marker) + ")");
        }

        Assert.True(r.IdentifierEchoesCleaned >= 5, "counted");
        Assert.Equal(0, ds[UnknownIs] is DicomValueElement v ? (int)v.Length : -1); // IS emptied, not removed
        Assert.Equal("T-D1100", ds.GetSequence(Tag("AnatomicRegionSequence"))!.Items[0].GetString(Tag("CodeValue")));
        Assert.Contains("***", ds.GetSequence(Tag("AnatomicRegionSequence"))!.Items[0].GetString(Tag("CodeMeaning")), StringComparison.Ordinal);
        Assert.Equal("CT", ds.GetString(Tag("Modality")));
        Assert.Contains(IdentifierEchoScan.MethodText, ds.GetStrings(new DicomTag(0x0012, 0x0063)));
    }

    [Fact]
    public void Masked_values_stay_within_their_vr_length()
    {
        DicomFile f = Echoing();
        f.Dataset.SetString(Tag("ImageID"), DicomVR.SH, "ab J DOE cd 12345");
        Default().Apply(f);
        string? id = f.Dataset.GetString(Tag("ImageID"));
        Assert.NotNull(id);
        Assert.InRange(id!.Length, 1, 16);
        Assert.False(id.Contains("DOE", StringComparison.OrdinalIgnoreCase), "name survived");
    }

    [Fact]
    public void Turned_off_it_changes_nothing()
    {
        DicomFile f = Echoing();
        DeidentificationResult r = new Deidentifier(new DeidentificationSettings { Key = Key, ScanIdentifierEchoes = false }).Apply(f);
        Assert.Equal(0, r.IdentifierEchoesCleaned);
        Assert.True(AnyValueContains(f, PatientId), "without the scan the unknown CS keeps the echo");
        Assert.DoesNotContain(IdentifierEchoScan.MethodText, f.Dataset.GetStrings(new DicomTag(0x0012, 0x0063)));
    }

    [Fact]
    public void Values_kept_by_an_option_are_not_echoes()
    {
        DicomFile f = Echoing();
        string study = f.Dataset.GetString(Tag("StudyInstanceUID"))!;
        f.Dataset.SetString(Tag("ImageComments"), DicomVR.LT, "see 20240110");
        Deidentifier d = Create(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates, DeidentificationOption.RetainUids);
        d.Apply(f);
        Assert.Equal("20240110", f.Dataset.GetString(Tag("StudyDate")));
        Assert.Equal(study, f.Dataset.GetString(Tag("StudyInstanceUID")));
        Assert.False(AnyValueContains(f, "02-may-1970"), "the birth date is still removed, so its echo is cleaned");
    }

    [Fact]
    public void A_custom_keep_rule_keeps_the_attribute_but_not_the_echo()
    {
        DicomFile f = File(Image());
        var rules = CustomRule.LoadJson(new StringReader("""[ { "tag": "StudyDescription", "action": "keep" } ]"""));
        new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = rules }).Apply(f);
        string? description = f.Dataset.GetString(Tag("StudyDescription"));
        Assert.NotNull(description);
        Assert.StartsWith("CT HEAD for ", description, StringComparison.Ordinal);
        Assert.False(description!.Contains("Jane", StringComparison.OrdinalIgnoreCase) || description.Contains("Doe", StringComparison.OrdinalIgnoreCase), "name survived");
    }

    [Fact]
    public void Binary_values_are_overwritten_in_the_encoding_the_echo_was_found_in()
    {
        DicomDataset ds = Image(patientId: PatientId);
        ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME 1.0");
        byte[] blob = new byte[] { 1, 2, 3 }.Concat(Encoding.Unicode.GetBytes("Name: Jane Doe")).Concat(Encoding.UTF8.GetBytes(" id " + PatientId)).Concat(new byte[] { 0 }).ToArray();
        ds.Set(new DicomValueElement(new DicomTag(0x0029, 0x1010), DicomVR.OB, blob, "ACME 1.0"));
        DicomFile f = File(ds);
        var rules = CustomRule.LoadJson(new StringReader("""[ { "tag": "(0029,xx10)", "privateCreator": "ACME 1.0", "action": "keep" } ]"""));
        DeidentificationResult r = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = rules }).Apply(f);

        var kept = (DicomValueElement)f.Dataset[new DicomTag(0x0029, 0x1010)]!;
        byte[] after = kept.GetBytes();
        Assert.Equal(blob.Length, after.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, after.Take(3).ToArray());
        string asUtf16 = Encoding.Unicode.GetString(after, 3, 28);
        Assert.False(asUtf16.Contains("Jane", StringComparison.OrdinalIgnoreCase) || asUtf16.Contains("Doe", StringComparison.OrdinalIgnoreCase), "UTF-16 name survived");
        Assert.StartsWith("Name: ", asUtf16, StringComparison.Ordinal);
        Assert.False(Encoding.Latin1.GetString(after).Contains(PatientId, StringComparison.Ordinal), "ID survived");
        Assert.Equal("ACME 1.0", f.Dataset.GetString(new DicomTag(0x0029, 0x0010)));
        Assert.True(r.IdentifierEchoesCleaned >= 1, "counted");
    }

    [Fact]
    public void File_meta_is_scanned()
    {
        DicomFile f = Echoing();
        Default().Apply(f);
        bool leak = f.FileMetaInformation.Any(e => e is DicomValueElement v && Encoding.Latin1.GetString(v.GetBytes()).Contains(PatientId, StringComparison.Ordinal));
        Assert.False(leak, "file meta echo survived");
    }

    [Fact]
    public void Cjk_names_and_month_name_dates_survive_no_clean_option()
    {
        DicomDataset ds = Image();
        ds.SetString(Tag("SpecificCharacterSet"), DicomVR.CS, "ISO_IR 192");
        ds.SetString(Tag("PatientName"), DicomVR.PN, "Yamada^Taro=\u5c71\u7530^\u592a\u90ce");
        ds.SetString(Tag("StudyDescription"), DicomVR.LO, "\u5c71\u7530\u592a\u90ce\u306e\u691c\u67fb 10-Jan-2024");
        ds.SetString(Tag("ImageComments"), DicomVR.LT, "\u592a\u90ce\u5c71\u7530 JAN 10 2024");
        DicomFile f = File(ds);
        Create(DeidentificationOption.CleanDescriptors, DeidentificationOption.CleanStructuredContent, DeidentificationOption.CleanGraphics,
            DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates).Apply(f);
        foreach (string marker in new[] { "\u5c71\u7530", "\u592a\u90ce", "10-Jan-2024", "JAN 10 2024" })
        {
            Assert.False(AnyValueContains(f, marker), "echo survived a Clean option");
        }
    }

    [Fact]
    public void Clean_files_are_unchanged_by_the_scan()
    {
        DicomFile a = File(Image()), b = File(Image());
        a.Dataset.Remove(Tag("StudyDescription"));
        b.Dataset.Remove(Tag("StudyDescription"));
        DeidentificationResult ra = Default().Apply(a);
        DeidentificationResult rb = new Deidentifier(new DeidentificationSettings { Key = Key, ScanIdentifierEchoes = false }).Apply(b);
        Assert.Equal(0, ra.IdentifierEchoesCleaned);
        a.Dataset.SetStrings(new DicomTag(0x0012, 0x0063), DicomVR.LO, a.Dataset.GetStrings(new DicomTag(0x0012, 0x0063)).Where(s => s != IdentifierEchoScan.MethodText));
        Assert.Equal(Dump(b), Dump(a));
        Assert.Equal(rb.Removed, ra.Removed);
    }

    [Fact]
    public void Instance_uids_under_the_standard_root_outside_the_registry_are_remapped_everywhere()
    {
        const string Sop = "1.2.840.10008.99.7.1.2.3";
        DicomDataset ds = Image(sop: Sop);
        ds.With("ReferencedImageSequence", new DicomDataset().With("ReferencedSOPClassUID", DicomVR.UI, CtImageStorage).With("ReferencedSOPInstanceUID", DicomVR.UI, Sop));
        DicomFile f = File(ds);
        Default().Apply(f);
        string expected = ExpectedUid(Sop);
        Assert.True(f.Dataset.GetString(Tag("SOPInstanceUID")) == expected, "SOP Instance UID remapped");
        Assert.True(f.Dataset.GetSequence(Tag("ReferencedImageSequence"))!.Items[0].GetString(Tag("ReferencedSOPInstanceUID")) == expected, "reference remapped alike");
        Assert.Equal(CtImageStorage, f.Dataset.GetString(Tag("SOPClassUID")));
        Assert.False(AnyValueContains(f, Sop), "original UID survived");
    }

    [Fact]
    public void A_custom_keep_rule_on_an_identifier_keeps_it_verbatim()
    {
        DicomFile f = File(Image());
        var rules = CustomRule.LoadJson(new StringReader("""[ { "tag": "InstitutionName", "action": "keep" } ]"""));
        new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = rules }).Apply(f);
        Assert.Equal("St Elsewhere General", f.Dataset.GetString(Tag("InstitutionName")));
    }

    [Fact]
    public void Binary_values_over_64_mib_are_not_read_and_a_warning_says_so()
    {
        DicomDataset ds = Image(patientId: PatientId);
        ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME 1.0");
        ds.Set(new DicomValueElement(new DicomTag(0x0029, 0x1010), DicomVR.OB, new byte[(64 << 20) + 2], "ACME 1.0"));
        DicomFile f = File(ds);
        var rules = CustomRule.LoadJson(new StringReader("""[ { "tag": "(0029,xx10)", "privateCreator": "ACME 1.0", "action": "keep" } ]"""));
        DeidentificationResult r = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = rules }).Apply(f);
        Assert.Contains(r.Warnings, w => w.Contains("(0029,1010)", StringComparison.Ordinal) && w.Contains("not searched", StringComparison.Ordinal));
    }

    [Fact]
    public void Template_names_and_codes_are_not_echoes()
    {
        // pydicom's reportsi.dcm: observer "Enter text", names "Last Name^First Name", value types TEXT and CODE
        DicomDataset ds = Image(name: "Last Name^First Name");
        ds.With("ContentSequence", new DicomDataset()
            .With("ValueType", DicomVR.CS, "TEXT")
            .With("PersonName", DicomVR.PN, "Enter text")
            .With("ConceptNameCodeSequence", new DicomDataset().With("CodeValue", DicomVR.SH, "121106").With("CodingSchemeDesignator", DicomVR.SH, "DCM").With("CodeMeaning", DicomVR.LO, "Report Text")));
        ds.With("OperatorsName", DicomVR.PN, "Codex^Amara");
        ds.With("ContentLabel", DicomVR.CS, "CODEX");
        DicomFile f = File(ds);
        Default().Apply(f);
        DicomDataset item = f.Dataset.GetSequence(Tag("ContentSequence"))!.Items[0];
        Assert.Equal("TEXT", item.GetString(Tag("ValueType")));
        Assert.Equal("Report Text", item.GetSequence(Tag("ConceptNameCodeSequence"))!.Items[0].GetString(Tag("CodeMeaning")));
        Assert.Equal("CODEX", f.Dataset.GetString(Tag("ContentLabel"))); // another person's name in a code string is not cleaned
    }
}
