// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class PhiMatcherTests
{
    private static PhiValues Phi() => PhiValues.Capture(TestHeaders.File(
        ("PatientName", "Doe^Jane^Quincy"),
        ("PatientID", "MRN4471902"),
        ("AccessionNumber", "ACC77815"),
        ("PatientBirthDate", "19800214"),
        ("StudyDate", "20240305"),
        ("InstitutionName", "Riverside General"),
        ("ReferringPhysicianName", "Watson^Emily")).Dataset);

    /// <summary>Words laid out on one line, left to right, 10 px apart.</summary>
    private static List<TextWord> Line(params string[] texts)
    {
        var words = new List<TextWord>();
        int x = 10;
        foreach (string t in texts)
        {
            words.Add(new TextWord(t, 90, x, 20, 12 * t.Length, 16));
            x += (12 * t.Length) + 10;
        }

        return words;
    }

    private static bool[] Match(params string[] texts) => PhiMatcher.Match(Line(texts), Phi());

    [Theory]
    [InlineData("DOE")]
    [InlineData("doe,")]
    [InlineData("Jane")]
    [InlineData("JANE")]
    [InlineData("Quincy")]
    [InlineData("DOE^JANE")]
    [InlineData("JaneDoe")]
    [InlineData("Watson")]
    [InlineData("MRN4471902")]
    [InlineData("MRN447I9O2")] // OCR: 1 read as I, 0 read as O
    [InlineData("ID:MRN4471902")]
    [InlineData("MRN4471903")] // one wrong character in a 10-character ID
    [InlineData("ACC77815")]
    [InlineData("Acc#ACC778I5")]
    [InlineData("19800214")]
    [InlineData("1980-02-14")]
    [InlineData("14/02/1980")]
    [InlineData("02/14/1980")]
    [InlineData("14.02.1980")]
    [InlineData("14-Feb-1980")]
    [InlineData("14-FEB-80")]
    [InlineData("2/14/1980")]
    [InlineData("DOB:14/02/1980")]
    [InlineData("2024/03/05")]
    [InlineData("05-Mar-2024")]
    [InlineData("Riverside")]
    [InlineData("RIVERSIDE")]
    public void Match_OneWordShowingPhi_IsPhi(string word) => Assert.True(Match(word)[0]);

    [Theory]
    [InlineData("L")]
    [InlineData("KIDNEY")]
    [InlineData("LIVER")]
    [InlineData("TIS0.4")]
    [InlineData("MI")]
    [InlineData("12cm")]
    [InlineData("5MHz")]
    [InlineData("DO")] // shorter than a name component: no substring matches on short terms
    [InlineData("MRN")]
    [InlineData("1999")]
    [InlineData("20230101")]
    public void Match_LabelsAndMeasurements_AreNotPhi(string word) => Assert.False(Match(word)[0]);

    [Fact]
    public void Match_LKidneyLabel_Stays()
    {
        Assert.Equal(new[] { false, false }, Match("L", "KIDNEY"));
    }

    [Fact]
    public void Match_DateSplitOverWords_MarksOnlyTheDateWords()
    {
        bool[] r = Match("Exam", "05", "Mar", "2024", "LIVER");

        Assert.Equal(new[] { false, true, true, true, false }, r);
    }

    [Fact]
    public void Match_NameInOtherOrderAndCase_MarksBothWords()
    {
        Assert.Equal(new[] { true, true, false }, Match("jane", "DOE", "ABDOMEN"));
    }

    [Fact]
    public void Match_WordsOnDifferentLines_AreNotJoined()
    {
        var words = new List<TextWord>
        {
            new("05", 90, 10, 10, 24, 16),
            new("Mar", 90, 10, 60, 36, 16),
            new("2024", 90, 10, 110, 48, 16),
        };

        Assert.All(PhiMatcher.Match(words, Phi()), Assert.False);
    }

    [Fact]
    public void Capture_AfterDeidentification_FindsNothing_SoCaptureFirst()
    {
        DicomFile f = TestHeaders.File(("PatientName", "Doe^Jane"), ("PatientID", "MRN4471902"));
        PhiValues before = PhiValues.Capture(f);
        f.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, string.Empty);
        f.Dataset.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "PSEUDO");
        PhiValues after = PhiValues.Capture(f);

        Assert.True(PhiMatcher.Match(Line("DOE"), before)[0]);
        Assert.False(PhiMatcher.Match(Line("DOE"), after)[0]);
    }

    [Fact]
    public void ToString_ShowsCountsOnly()
    {
        string s = Phi().ToString();

        Assert.DoesNotContain("DOE", s.ToUpperInvariant(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("4471902", s, System.StringComparison.Ordinal);
        Assert.Contains("terms", s, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABCDEF", "xxABCDEFyy", 0)]
    [InlineData("ABCDEF", "xxABXDEFyy", 1)]
    [InlineData("ABCDEF", "ABDEF", 1)]
    [InlineData("ABCDEF", "ZZZ", 6)]
    public void SubstringDistance_IsEditDistanceToBestSubstring(string pattern, string text, int expected) =>
        Assert.Equal(expected, PhiMatcher.SubstringDistance(pattern, text));

    [Fact]
    public void Normalize_FoldsCasePunctuationAndLookAlikes() =>
        Assert.Equal(PhiMatcher.Normalize("MRN-4471902"), PhiMatcher.Normalize("mrn447l9o2"));

    [Fact]
    public void Capture_ShortIdsAndSingleLetters_AreNotTerms()
    {
        PhiValues p = PhiValues.Capture(TestHeaders.File(("PatientName", "X^Y"), ("PatientID", "12")).Dataset);

        Assert.Equal(0, p.Count);
        Assert.DoesNotContain(true, PhiMatcher.Match(Line("X", "Y", "12"), p).AsEnumerable());
    }
}
