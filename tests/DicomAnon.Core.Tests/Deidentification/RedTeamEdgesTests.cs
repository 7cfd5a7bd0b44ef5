// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using DicomAnon.Core.Batch;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Verification;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

// Red team "edges" (tests/pester/RedTeamEdges.Tests.ps1): what a file claims when site rules keep what the profile
// changes, dates glued to a time (the DICOM DT spelling), and -InPlace over links. Values are synthetic.
public sealed class RedTeamEdgesTests
{
    private static readonly DicomTag PatientIdentityRemoved = new(0x0012, 0x0062);
    private static readonly DicomTag DeidentificationMethod = new(0x0012, 0x0063);

    private static DicomFile Run(params CustomRule[] rules)
    {
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = rules });
        DicomFile file = File(Image());
        d.Apply(file);
        return file;
    }

    [Theory]
    [InlineData("PatientName")]
    [InlineData("PatientID")]
    [InlineData("PatientBirthDate")]
    public void Keeping_a_patient_identifier_by_site_rule_says_identity_not_removed_and_names_the_tag(string keyword)
    {
        DicomFile file = Run(CustomRule.Parse(keyword, "keep"));
        Assert.Equal("NO", file.Dataset.GetString(PatientIdentityRemoved));
        Assert.Contains("Kept by site rule " + Tag(keyword), file.Dataset.GetStrings(DeidentificationMethod));
        Assert.True(PriorDeidentification.IsOurs(file.Dataset), "a rerun must still see DicomAnon's mark");
    }

    [Theory]
    [InlineData("StudyDescription")]
    [InlineData("StudyDate")]
    [InlineData("InstitutionName")]
    public void Keeping_other_attributes_by_site_rule_keeps_identity_removed_and_names_the_tag(string keyword)
    {
        DicomFile file = Run(CustomRule.Parse(keyword, "keep"));
        Assert.Equal("YES", file.Dataset.GetString(PatientIdentityRemoved));
        Assert.Contains("Kept by site rule " + Tag(keyword), file.Dataset.GetStrings(DeidentificationMethod));
    }

    [Fact]
    public void Rules_the_profile_agrees_with_are_not_reported()
    {
        DicomFile file = Run(CustomRule.Parse("Modality", "keep"), CustomRule.Parse("PatientName", "replace", "SUBJECT^1"));
        Assert.Equal("YES", file.Dataset.GetString(PatientIdentityRemoved));
        Assert.DoesNotContain(file.Dataset.GetStrings(DeidentificationMethod), m => m.StartsWith("Kept by site rule", StringComparison.Ordinal));
    }

    [Fact]
    public void A_replace_rule_on_the_patient_id_is_the_pseudonym_the_result_reports()
    {
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = new[] { CustomRule.Parse("PatientID", "replace", "SITE-SUBJ-7") } });
        DicomFile file = File(Image());
        DeidentificationResult r = d.Apply(file);
        Assert.Equal("SITE-SUBJ-7", file.Dataset.GetString(Tag("PatientID")));
        Assert.Equal("SITE-SUBJ-7", r.PseudonymPatientId);
    }

    [Theory]
    [InlineData("BurnedInAnnotation", "replace", "NO")]
    [InlineData("BurnedInAnnotation", "remove", null)]
    [InlineData("PatientIdentityRemoved", "replace", "YES")]
    [InlineData("LongitudinalTemporalInformationModified", "empty", null)]
    public void Site_rules_cannot_set_the_flags_the_engine_writes(string keyword, string action, string? value)
    {
        Assert.Throws<NotSupportedException>(() => new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = new[] { CustomRule.Parse(keyword, action, value) } }));
        _ = new Deidentifier(new DeidentificationSettings { Key = Key, CustomRules = new[] { CustomRule.Parse(keyword, "keep") } });
    }

    [Fact]
    public void A_private_keep_rule_is_reported_by_group_and_element_byte()
    {
        DicomFile file = Run(CustomRule.ForPrivate(0x0029, "ACME 1", 0x10, CustomRuleAction.Keep));
        Assert.Contains("Kept by site rule (0029,xx10)", file.Dataset.GetStrings(DeidentificationMethod));
    }

    [Fact]
    public void Prior_deidentification_does_not_take_other_tools_with_no()
    {
        var ds = new DicomDataset();
        ds.SetString(PatientIdentityRemoved, DicomVR.CS, "NO");
        ds.SetStrings(DeidentificationMethod, DicomVR.LO, new[] { "Other tool" });
        Assert.False(PriorDeidentification.IsOurs(ds));
    }

    [Theory]
    [InlineData("20140502101500")]
    [InlineData("acq 20140502101500.000")]
    [InlineData("X194103070800")]
    [InlineData("02052014 1015")]
    public void Dates_glued_to_a_time_are_found(string text)
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.BirthDate, "19410307");
        set.Add(IdentifierKind.StudyDate, "20140502");
        Assert.Contains(set.Compile().Find(text), m => m.Kind is IdentifierKind.BirthDate or IdentifierKind.StudyDate);
    }

    [Theory]
    [InlineData("120140502")]
    [InlineData("1.2.3.420140502101500")]
    public void A_date_inside_a_longer_number_is_not_a_match(string text)
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.StudyDate, "20140502");
        Assert.Empty(set.Compile().Find(text));
    }

    [Fact]
    public void The_echo_scan_masks_a_study_date_glued_to_a_time_in_a_kept_value()
    {
        var d = new Deidentifier(new DeidentificationSettings { Key = Key });
        DicomFile file = File(Image(studyDate: "20140502").With("Manufacturer", DicomVR.LO, "Acme 20140502101500"));
        DeidentificationResult r = d.Apply(file);
        Assert.DoesNotContain("20140502", file.Dataset.GetString(Tag("Manufacturer")) ?? string.Empty, StringComparison.Ordinal);
        Assert.True(r.IdentifierEchoesCleaned > 0);
    }

    [Fact]
    public void A_file_that_is_not_dicom_is_a_finding_and_its_bytes_are_searched()
    {
        var sources = new VerificationSources(null);
        sources.Add(File(Image(patientId: "QZN55123", name: "VARNOCK^ELSPETH")));
        var verifier = new DeidentificationVerifier(sources);
        string path = Path.Combine(Path.GetTempPath(), "rt-notes-" + Guid.NewGuid().ToString("N") + ".txt");
        System.IO.File.WriteAllText(path, "seen Elspeth Varnock, MRN QZN55123");
        try
        {
            VerificationResult r = verifier.VerifyOther(path, "notes.txt");
            Assert.Contains(r.Findings, f => f.Kind == FindingKinds.NotDicomFile && f.Location == "file");
            Assert.Contains(r.Findings, f => f.Kind == FindingKinds.SourcePatientId && f.Location == "content");
            Assert.Contains(r.Findings, f => f.Kind == FindingKinds.SourcePatientName && f.Location == "content");
            Assert.Single(new DeidentificationVerifier(null).VerifyOther(path, "notes.txt").Findings);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void In_place_links_are_described_and_plain_files_are_not()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rt-links-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string plain = Path.Combine(dir, "plain.dcm");
            System.IO.File.WriteAllBytes(plain, new byte[] { 1 });
            Assert.Null(InPlaceLinks.Describe(plain));
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string link = Path.Combine(dir, "link.dcm");
            System.IO.File.CreateSymbolicLink(link, plain);
            Assert.Contains("symbolic link", InPlaceLinks.Describe(link), StringComparison.Ordinal);
            if (OperatingSystem.IsLinux())
            {
                string hard = Path.Combine(dir, "hard.dcm");
                using (var p = System.Diagnostics.Process.Start("ln", new[] { plain, hard }))
                {
                    p.WaitForExit();
                }

                Assert.Contains("1 other hard link", InPlaceLinks.Describe(hard), StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
