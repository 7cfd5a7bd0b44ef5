// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Tests.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

public class PathScrubberTests
{
    private const string StudyUid = "1.2.826.0.1.3680043.99.1";
    private const string SopUid = "1.2.826.0.1.3680043.99.1.1.1";

    private static (PathScrubber Scrubber, IdentifierMatcher Matcher, Deidentifier D) Setup()
    {
        Deidentifier d = DeidTestData.Default();
        IdentifierSet set = IdentifierSet.FromDataset(DeidTestData.Image(study: StudyUid, sop: SopUid));
        set.Add(IdentifierKind.PatientName, "Li^Wei=\u674e^\u4f1f");
        set.Add(IdentifierKind.BirthDate, "19700102");
        return (new PathScrubber(d), set.Compile(), d);
    }

    [Fact]
    public void Uid_components_become_the_new_uids_and_keep_the_extension()
    {
        (PathScrubber s, IdentifierMatcher m, Deidentifier d) = Setup();
        Assert.True(s.Scrub(StudyUid, m) == d.MapUid(StudyUid), "study folder is the new study UID");
        Assert.True(s.Scrub(SopUid + ".dcm", m) == d.MapUid(SopUid) + ".dcm", "file name is the new SOP UID");
    }

    [Fact]
    public void Patient_id_component_becomes_the_pseudonym()
    {
        (PathScrubber s, IdentifierMatcher m, Deidentifier d) = Setup();
        Assert.True(s.Scrub("MRN0042", m) == d.GetPseudonymPatientId("MRN0042"), "pseudonym");
    }

    [Theory]
    [InlineData("DOE_JANE")]
    [InlineData("jane doe 2024")]
    [InlineData("LI")]
    [InlineData("\u674e\u4f1f")]
    [InlineData("ACC77123")]
    [InlineData("2024-01-10")]
    [InlineData("1970-01-02 scan")]
    [InlineData("St Elsewhere General")]
    public void Components_with_identifiers_get_a_keyed_token(string component)
    {
        (PathScrubber s, IdentifierMatcher m, _) = Setup();
        Assert.True(s.TryScrub(component, m, out string replacement, out _), "identifier not detected");
        Assert.StartsWith("X", replacement, System.StringComparison.Ordinal);
        Assert.Equal(17, replacement.Length);
        Assert.True(s.Scrub(component, m) == replacement, "deterministic");
    }

    [Fact]
    public void Nfd_and_nfc_spellings_get_the_same_token()
    {
        (PathScrubber s, _, _) = Setup();
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "Ren\u00e9e^Zola");
        IdentifierMatcher m = set.Compile();
        string nfc = "Ren\u00e9e";
        string nfd = nfc.Normalize(System.Text.NormalizationForm.FormD);
        Assert.True(s.Scrub(nfc, m) == s.Scrub(nfd, m), "same token");
        Assert.False(s.Scrub(nfd, m) == nfd, "scrubbed");
    }

    [Theory]
    [InlineData("CT")]
    [InlineData("series_0001")]
    [InlineData("IM00001.dcm")]
    [InlineData("DICOMDIR")]
    public void Components_without_identifiers_are_kept(string component)
    {
        (PathScrubber s, IdentifierMatcher m, _) = Setup();
        Assert.False(s.TryScrub(component, m, out string replacement, out _), "false positive");
        Assert.Equal(component, replacement);
    }

    [Fact]
    public void Token_depends_on_key()
    {
        (PathScrubber s, IdentifierMatcher m, _) = Setup();
        var other = new Deidentifier(new DeidentificationSettings { Key = new byte[32] });
        Assert.False(new PathScrubber(other).Scrub("DOE_JANE", m) == s.Scrub("DOE_JANE", m), "key-dependent");
    }

    [Fact]
    public void Relative_paths_scrub_each_component()
    {
        (PathScrubber s, IdentifierMatcher m, Deidentifier d) = Setup();
        string scrubbed = s.ScrubRelativePath("DOE_JANE/" + StudyUid + "/CT/" + SopUid + ".dcm", m);
        string[] parts = scrubbed.Split('/');
        Assert.Equal(4, parts.Length);
        Assert.StartsWith("X", parts[0], System.StringComparison.Ordinal);
        Assert.True(parts[1] == d.MapUid(StudyUid), "study");
        Assert.Equal("CT", parts[2]);
        Assert.True(parts[3] == d.MapUid(SopUid) + ".dcm", "sop");
    }

    [Theory]
    [InlineData("a.dcm", "a", ".dcm")]
    [InlineData("1.2.3.4", "1.2.3.4", "")]
    [InlineData(".hidden", ".hidden", "")]
    [InlineData("x.toolongext", "x.toolongext", "")]
    public void Extension_split(string component, string stem, string ext)
    {
        (string a, string b) = PathScrubber.SplitExtension(component);
        Assert.Equal(stem, a);
        Assert.Equal(ext, b);
    }

    [Fact]
    public void A_folder_set_covers_a_file_without_demographics_in_a_named_folder()
    {
        Deidentifier d = DeidTestData.Default();
        var scrubber = new PathScrubber(d);
        DicomDataset image = DeidTestData.Image();
        DicomDataset state = DeidTestData.Image();
        state.Remove(DeidTestData.Tag("PatientName"));
        state.Remove(DeidTestData.Tag("PatientID"));
        IdentifierMatcher own = IdentifierSet.FromDataset(state).Compile();
        Assert.False(scrubber.TryScrub("DOE_JANE", own, out _, out _), "the state alone names nobody");

        var folder = new IdentifierSet();
        folder.UnionWith(IdentifierSet.FromDataset(image));
        folder.UnionWith(IdentifierSet.FromDataset(state));
        Assert.True(scrubber.TryScrub("DOE_JANE", folder.Compile(), out string replacement, out IdentifierKind kind), "the folder's set names the patient");
        Assert.Equal(IdentifierKind.PatientName, kind);
        Assert.True(replacement == scrubber.Scrub("doe jane", folder.Compile()), "same token for the same folded component");
    }
}
