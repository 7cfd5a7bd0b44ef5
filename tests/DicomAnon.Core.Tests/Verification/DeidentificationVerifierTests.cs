// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Tests.TestSupport;
using DicomAnon.Core.Verification;
using Xunit;

namespace DicomAnon.Core.Tests.Verification;

public class DeidentificationVerifierTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag StudyUid = new(0x0020, 0x000D);

    private static DicomFile Source(int seed)
    {
        DicomFile f = TestDicom.CtImage(seed);

        // The synthetic referrer's given name is the manufacturer's name ("Synthetic"): a real echo, not wanted here.
        f.Dataset.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "ROE^RICHARD");
        var removed = new DicomDataset();
        removed.SetString(new DicomTag(0x0040, 0x0244), DicomVR.DA, "20240131");
        f.Dataset.Set(new DicomSequence(new DicomTag(0x0040, 0x0275), new[] { removed }));
        var kept = new DicomDataset();
        kept.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, "1.2.826.0.1.3680043.9999.7." + seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        kept.SetString(new DicomTag(0x0008, 0x0021), DicomVR.DA, "20240131");
        f.Dataset.Set(new DicomSequence(new DicomTag(0x0008, 0x1115), new[] { kept }));
        return f;
    }

    private static DicomFile Output(int seed)
    {
        DicomFile f = Source(seed);
        new Deidentifier(new DeidentificationSettings { Key = Key }).Apply(f);
        return f;
    }

    private static DeidentificationVerifier Verifier(bool key, params int[] seeds)
    {
        var sources = new VerificationSources(key ? Key : null);
        foreach (int s in seeds)
        {
            sources.Add(Source(s));
        }

        return new DeidentificationVerifier(sources);
    }

    private static bool Has(VerificationResult r, string location, string kind) =>
        r.Findings.Any(f => f.Location == location && f.Kind == kind);

    [Fact]
    public void A_copy_of_the_source_is_full_of_findings()
    {
        VerificationResult r = Verifier(true, 1, 2).Verify(Source(1), "/x/copy.dcm", "copy.dcm");
        Assert.True(Has(r, "(0010,0010)", FindingKinds.SourcePatientName));
        Assert.True(Has(r, "(0010,0020)", FindingKinds.SourcePatientId));
        Assert.True(Has(r, "(0010,0030)", FindingKinds.SourceBirthDate));
        Assert.True(Has(r, "(0020,000D)", FindingKinds.SourceUid));
        Assert.True(Has(r, "(0040,0244) in (0040,0275)[0]", FindingKinds.SourceStudyDate));
        Assert.True(Has(r, "(0040,0275)", FindingKinds.ProfileAttributeNotRemoved));
        Assert.True(Has(r, "(0012,0062)", FindingKinds.PatientIdentityNotRemoved));
        Assert.True(Has(r, "(0008,103E)", FindingKinds.ProfileAttributeNotRemoved));
        Assert.All(r.Findings, f => Assert.Equal("/x/copy.dcm", f.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_engines_output_has_no_findings(bool key)
    {
        DeidentificationVerifier v = Verifier(key, 1, 2, 3);
        foreach (int seed in new[] { 1, 2, 3 })
        {
            VerificationResult r = v.Verify(Output(seed), "/out/a.dcm", "a.dcm");
            Assert.Empty(r.Findings.Select(f => f.ToString()));
            Assert.Equal(key, r.Source >= 0);
        }
    }

    [Fact]
    public void The_key_pairs_each_output_with_its_own_source()
    {
        var sources = new VerificationSources(Key);
        DicomFile s2 = Source(2);
        s2.SourcePath = "/in/two.dcm";
        sources.Add(Source(1));
        sources.Add(s2);
        VerificationResult r = new DeidentificationVerifier(sources).Verify(Output(2), "/out/b.dcm", null);
        Assert.Equal("/in/two.dcm", r.SourcePath);
    }

    [Fact]
    public void A_name_shared_by_several_sources_is_found_in_each_paired_output()
    {
        // Seeds 1 and 98 are the same patient (same name) in two files: the matcher names one owner per form.
        DeidentificationVerifier v = Verifier(true, 1, 98);
        DicomFile o = Output(98);
        o.Dataset.SetString(PatientName, DicomVR.PN, Source(98).Dataset.GetString(PatientName)!);
        VerificationResult r = v.Verify(o, "/out/a.dcm", null);
        Assert.True(r.Source >= 0);
        Assert.True(Has(r, "(0010,0010)", FindingKinds.SourcePatientName));
    }

    [Fact]
    public void A_name_in_a_private_OB_blob_as_UTF16_is_found_there()
    {
        DicomFile o = Output(1);
        string family = Source(1).Dataset.GetString(PatientName)!.Split('^')[0];
        o.Dataset.SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "LEAKY");
        o.Dataset.Set(new DicomValueElement(new DicomTag(0x0019, 0x1001), DicomVR.OB, Encoding.BigEndianUnicode.GetBytes("[" + family + "]"), "LEAKY"));
        VerificationResult r = Verifier(true, 1).Verify(o, "/out/a.dcm", null);
        Assert.True(Has(r, "(0019,1001)", FindingKinds.SourcePatientName));
        Assert.True(Has(r, "(0019,0010)", FindingKinds.UnsafePrivateCreator));
        Assert.True(Has(r, "(0019,1001)", FindingKinds.PrivateAttributeNotRemoved));
    }

    [Fact]
    public void An_original_uid_in_a_folder_name_is_found_in_the_path()
    {
        string uid = Source(1).Dataset.GetString(StudyUid)!;
        VerificationResult r = Verifier(false, 1).Verify(Output(1), "/out/" + uid + "/a.dcm", uid + "/a.dcm");
        Assert.Equal(new[] { "path" }, r.Findings.Select(f => f.Location).Distinct());
        Assert.True(Has(r, "path", FindingKinds.SourceUid));
    }

    [Fact]
    public void An_unshifted_nested_date_is_found_and_named_by_its_place()
    {
        DicomFile o = Output(1);
        o.Dataset.GetSequence(new DicomTag(0x0008, 0x1115))!.Items[0].SetString(new DicomTag(0x0008, 0x0021), DicomVR.DA, "20240131");
        VerificationResult r = Verifier(true, 1).Verify(o, "/out/a.dcm", null);
        Assert.True(Has(r, "(0008,0021) in (0008,1115)[0]", FindingKinds.SourceStudyDate));
        Assert.True(Has(r, "(0008,0021) in (0008,1115)[0]", FindingKinds.DateNotShifted));
        Assert.Equal(2, r.Findings.Count);
    }

    [Fact]
    public void Study_dates_are_not_searched_in_a_file_that_claims_full_dates()
    {
        DicomFile o = Source(1);
        new Deidentifier(new DeidentificationSettings { Key = Key, Options = new[] { DeidentificationOption.RetainLongitudinalTemporalInformationFullDates } }).Apply(o);
        VerificationResult r = Verifier(true, 1).Verify(o, "/out/a.dcm", null);
        Assert.DoesNotContain(r.Findings, f => f.Kind == FindingKinds.SourceStudyDate || f.Kind == FindingKinds.DateNotShifted);
    }

    [Fact]
    public void Without_a_source_the_header_checks_still_run()
    {
        DicomFile o = Output(1);
        o.Dataset.SetString(new DicomTag(0x0008, 0x1070), DicomVR.PN, "ROE^RICHARD");
        o.Dataset.SetString(new DicomTag(0x0028, 0x0301), DicomVR.CS, "YES");
        o.Dataset.SetString(new DicomTag(0x0028, 0x1055), DicomVR.LO, "seen 2024-01-31 by Dr. Roe");
        o.Dataset.Remove(new DicomTag(0x0012, 0x0062));
        VerificationResult r = new DeidentificationVerifier(null).Verify(o, "/out/a.dcm", "a.dcm");
        Assert.True(Has(r, "(0008,1070)", FindingKinds.PersonNameNotPseudonym));
        Assert.True(Has(r, "(0028,0301)", FindingKinds.BurnedInAnnotation));
        Assert.True(Has(r, "(0028,1055)", FindingKinds.FreeTextDate));
        Assert.True(Has(r, "(0028,1055)", FindingKinds.FreeTextName));
        Assert.True(Has(r, "(0012,0062)", FindingKinds.PatientIdentityNotRemoved));
        Assert.Empty(new DeidentificationVerifier(null).Verify(Output(1), "/out/a.dcm", "a.dcm").Findings);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("ANON7QK2MZ3XW5RT4YBA", true)]
    [InlineData("ANONYMIZED", true)]
    [InlineData("SUBJECT^042", true)]
    [InlineData("DOE^JANE", false)]
    [InlineData("Müller^Jürgen", false)]
    [InlineData("山田^太郎", false)]
    public void Pseudonym_shape(string name, bool pseudonym) => Assert.Equal(pseudonym, TextHeuristics.IsPseudonymShaped(name, null));

    [Theory]
    [InlineData("seen 20240131", true)]
    [InlineData("on 31-Jan-2024", true)]
    [InlineData("01/31/2024", true)]
    [InlineData("2024.01.31", true)]
    [InlineData("120 kV 250 mA", false)]
    [InlineData("2.25.1202401311234", false)]
    public void Date_like_tokens(string text, bool date) => Assert.Equal(date, TextHeuristics.HasDateLike(text));

    [Fact]
    public void The_report_encodes_everything_and_holds_no_value()
    {
        var report = new VerificationReport();
        report.Add("/out/<a&b>.dcm", new[] { new Finding("/out/<a&b>.dcm", "(0010,0010)", FindingKinds.SourcePatientName, FindingSeverity.High) });
        report.Add("/out/clean.dcm", Array.Empty<Finding>());
        report.AddError("/out/bad.dcm", "DicomParseFailed");
        string html = report.ToHtml("check <1>", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new[] { new KeyValuePair<string, string>("Sources", "2 files") });
        Assert.Contains("/out/&lt;a&amp;b&gt;.dcm", html, StringComparison.Ordinal);
        Assert.Contains("check &lt;1&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a&b>", html, StringComparison.Ordinal);
        Assert.Equal(2, report.FilesChecked);
        Assert.Equal(1, report.FilesWithFindings);
        Assert.Equal(1, report.FilesFailed);
    }
}
