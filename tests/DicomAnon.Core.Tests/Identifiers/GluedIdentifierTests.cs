// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Tests.Deidentification;
using DicomAnon.Core.Verification;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

// Red team: identifiers glued to other letters or digits in file and folder names ("DrSmith", "MRNAB12345",
// "CT_201405021015"), and birth dates with two-digit years. Failures name the case, never the value.
public class GluedIdentifierTests
{
    private static IdentifierMatcher Matcher()
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "Quorvane^Melisant");
        set.Add(IdentifierKind.PatientId, "QZP55150");
        set.Add(IdentifierKind.AccessionNumber, "QZA77150K");
        set.Add(IdentifierKind.BirthDate, "19410307");
        set.Add(IdentifierKind.StudyDate, "20140502");
        return set.Compile();
    }

    [Theory]
    [InlineData("DrQuorvane")]
    [InlineData("quorvanexx_scan")]
    [InlineData("MRNQZP55150")]
    [InlineData("accQZA77150KCT")]
    [InlineData("CT_201405021015")]
    [InlineData("IMG20140502x")]
    public void Path_components_with_glued_identifiers_get_a_token(string component)
    {
        var scrubber = new PathScrubber(DeidTestData.Default());
        Assert.True(scrubber.TryScrub(component + ".dcm", Matcher(), out string replacement, out _), "glued identifier kept in a path");
        Assert.EndsWith(".dcm", replacement, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CT_HEAD")]
    [InlineData("IMG0001")]
    [InlineData("Quorv")]
    [InlineData("2014")]
    public void Components_without_a_long_enough_identifier_are_kept(string component)
    {
        var scrubber = new PathScrubber(DeidTestData.Default());
        Assert.False(scrubber.TryScrub(component, Matcher(), out _, out _), "false positive");
    }

    [Theory]
    [InlineData("MRNQZP55150")]
    [InlineData("ref:accQZA77150Kx")]
    public void Ids_of_letters_and_digits_are_found_glued_in_text(string text)
    {
        Assert.True(Matcher().Find(text).Any(m => m.Kind is IdentifierKind.PatientId or IdentifierKind.AccessionNumber), "glued ID not found in text");
    }

    [Fact]
    public void Ids_of_digits_only_and_names_still_need_word_boundaries_in_text()
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientId, "551502");
        set.Add(IdentifierKind.PatientName, "Martin^Quorvane");
        IdentifierMatcher m = set.Compile();
        Assert.Empty(m.Find("series 75515021 by Martinez"));
    }

    [Theory]
    [InlineData("IMG0001.QUORV")]
    [InlineData("scan.QZ551")]
    [InlineData("QUORV")]
    public void An_extension_that_is_an_identifier_does_not_survive(string component)
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "Quorv^Melisant");
        set.Add(IdentifierKind.PatientId, "QZ551");
        var scrubber = new PathScrubber(DeidTestData.Default());
        Assert.True(scrubber.TryScrub(component, set.Compile(), out string replacement, out _), "identifier not detected");
        Assert.DoesNotContain("quorv", replacement.ToLowerInvariant(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("qz551", replacement.ToLowerInvariant(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DOB 07.03.41")]
    [InlineData("070341")]
    [InlineData("born 07-MAR-41")]
    [InlineData("410307")]
    [InlineData("03/07/41")]
    public void Birth_dates_with_two_digit_years_are_found(string text)
    {
        Assert.True(Matcher().Find(text).Any(m => m.Kind == IdentifierKind.BirthDate), "two-digit-year birth date not found");
    }

    [Fact]
    public void Two_digit_years_do_not_match_inside_longer_numbers()
    {
        Assert.DoesNotContain(Matcher().Find("1070341 and 4103079"), m => m.Kind == IdentifierKind.BirthDate);
    }

    [Fact]
    public void The_verifier_reports_a_glued_identifier_in_a_folder_name()
    {
        DicomFile source = new(new DicomDataset(), DeidTestData.Image(name: "Quorvane^Melisant"), DicomTransferSyntax.ExplicitVRLittleEndian);
        var sources = new VerificationSources(null);
        sources.Add(source);
        var verifier = new DeidentificationVerifier(sources);
        VerificationResult r = verifier.Verify(new DicomFile(new DicomDataset(), new DicomDataset(), DicomTransferSyntax.ExplicitVRLittleEndian), "/out/DrQuorvane/a.dcm", "DrQuorvane/a.dcm");
        Assert.Contains(r.Findings, f => f.Location == "path" && f.Kind == FindingKinds.SourcePatientName);
    }
}
