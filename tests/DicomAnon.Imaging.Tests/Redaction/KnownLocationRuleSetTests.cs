// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;

using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class KnownLocationRuleSetTests
{
    private static string BuiltInText()
    {
        using Stream s = typeof(KnownLocationRuleSet).Assembly.GetManifestResourceStream(KnownLocationRuleSet.BuiltInResourceName)!;
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    [Fact]
    public void BuiltIn_EveryRuleAndRectangleOfTheCtpFile_IsParsed()
    {
        // Independent scan of the file: one '{' per rule, and every "(int,int,int,int)" is a rectangle.
        string text = BuiltInText();
        int braces = text.Count(c => c == '{');
        int rectangles = Regex.Matches(text, @"\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)").Count;

        KnownLocationRuleSet set = KnownLocationRuleSet.BuiltIn;

        Assert.True(braces > 50, "the library should hold dozens of rules");
        Assert.Equal(braces, set.Rules.Count);
        Assert.Equal(rectangles, set.Rules.Sum(r => r.Rectangles.Count));
    }

    [Fact]
    public void BuiltIn_EachRule_HasTheRectanglesWrittenBeforeTheNextRule()
    {
        string text = BuiltInText();
        string[] chunks = text.Split('{').Skip(1).ToArray(); // condition + rectangles of each rule
        var set = KnownLocationRuleSet.BuiltIn;
        for (int i = 0; i < chunks.Length; i++)
        {
            string afterCondition = chunks[i].Substring(chunks[i].IndexOf('}'));
            var expected = Regex.Matches(afterCondition, @"\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")
                .Select(m => new PixelRect(N(m, 1), N(m, 2), N(m, 3), N(m, 4)))
                .ToArray();
            Assert.Equal(expected, set.Rules[i].Rectangles.ToArray());
        }
    }

    private static int N(Match m, int group) => int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void BuiltIn_GeLogiq9_MatchesAndGivesTopBanner()
    {
        DicomFile f = TestHeaders.File(("Modality", "US"), ("ManufacturerModelName", "LOGIQ9"), ("Rows", "480"));

        var matched = KnownLocationRuleSet.BuiltIn.Match(f);

        Assert.Contains(matched, r => r.Rectangles.SequenceEqual(new[] { new PixelRect(0, 0, 640, 40) }));
        Assert.All(matched, r => Assert.Equal("builtin:DicomPixelAnonymizer.script", r.Source));
    }

    [Theory]
    [InlineData(480, 640, 47)]
    [InlineData(768, 1024, 75)]
    [InlineData(600, 800, 59)]
    public void BuiltIn_PhilipsIU22_RowsSelectTheRule(int rows, int width, int height)
    {
        DicomFile f = TestHeaders.File(("ManufacturerModelName", "Philips iU22"), ("Rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var rects = KnownLocationRuleSet.BuiltIn.Match(f).SelectMany(r => r.Rectangles).ToList();

        Assert.Equal(new[] { new PixelRect(0, 0, width, height) }, rects);
    }

    [Fact]
    public void BuiltIn_TagIdentifiers_MatchPhilipsGeminiPet()
    {
        DicomFile f = TestHeaders.File(("Modality", "PT"), ("Manufacturer", "Philips Medical Systems"), ("ManufacturerModelName", "GEMINI TF"), ("Rows", "446"), ("Columns", "245"));

        var rects = KnownLocationRuleSet.BuiltIn.Match(f).SelectMany(r => r.Rectangles).ToList();

        Assert.Equal(new[] { new PixelRect(0, 0, 125, 50) }, rects);
    }

    [Fact]
    public void BuiltIn_ImplementationVersionName_IsReadFromFileMeta()
    {
        DicomFile f = TestHeaders.File(("Modality", "US"));
        f.FileMetaInformation.SetString(new DicomTag(0x0002, 0x0013), DicomVR.SH, "MINDRAY_V1");

        Assert.Contains(KnownLocationRuleSet.BuiltIn.Match(f), r => r.Rectangles[0] == new PixelRect(0, 0, 1229, 69));
    }

    [Fact]
    public void BuiltIn_OrInsideAnd_VitreaNeedsOneOfTheDescriptions()
    {
        DicomFile yes = TestHeaders.File(("Manufacturer", "Vital Images"), ("SeriesDescription", "monthly report"), ("Rows", "1041"));
        DicomFile no = TestHeaders.File(("Manufacturer", "Vital Images"), ("SeriesDescription", "axial"), ("Rows", "1041"));

        Assert.Contains(KnownLocationRuleSet.BuiltIn.Match(yes), r => r.Rectangles[0] == new PixelRect(0, 0, 795, 150));
        Assert.DoesNotContain(KnownLocationRuleSet.BuiltIn.Match(no), r => r.Rectangles[0] == new PixelRect(0, 0, 795, 150));
    }

    [Fact]
    public void BuiltIn_UnrelatedCt_MatchesNothing()
    {
        DicomFile f = TestHeaders.File(("Modality", "CT"), ("Manufacturer", "ACME"), ("Rows", "512"), ("Columns", "512"), ("ImageType", "ORIGINAL\\PRIMARY\\AXIAL"));

        Assert.Empty(KnownLocationRuleSet.BuiltIn.Match(f));
    }

    [Fact]
    public void BuiltIn_MultiValuedImageType_ContainsSeesAllValues()
    {
        DicomFile f = TestHeaders.File(("Modality", "CT"), ("Manufacturer", "Toshiba"), ("ManufacturerModelName", "Aquilion ONE"), ("ImageType", "DERIVED\\SECONDARY"), ("Rows", "512"), ("Columns", "512"), ("WindowWidth", "1"));

        Assert.Contains(KnownLocationRuleSet.BuiltIn.Match(f), r => r.Rectangles[0] == new PixelRect(0, 0, 410, 240));
    }

    [Theory]
    [InlineData("Modality.equals(\"US\") + Modality.equals(\"CT\") * Rows.equals(\"1\")", true)] // * binds tighter than +
    [InlineData("(Modality.equals(\"US\") + Modality.equals(\"CT\")) * Rows.equals(\"1\")", false)]
    [InlineData("!Modality.equals(\"CT\")", true)]
    [InlineData("!!Modality.equals(\"CT\")", false)]
    [InlineData("Modality.equalsIgnoreCase(\"us\")", true)]
    [InlineData("Modality.equals(\"us\")", false)]
    [InlineData("Manufacturer.startsWith(\"Ac\") * Manufacturer.endsWith(\"me\")", true)]
    [InlineData("Manufacturer.startsWithIgnoreCase(\"AC\") * Manufacturer.endsWithIgnoreCase(\"ME\")", true)]
    [InlineData("Manufacturer.contains(\"cm\")", true)]
    [InlineData("Manufacturer.contains(\"CM\")", false)]
    [InlineData("Manufacturer.matches(\"A.m[a-z]\")", true)]
    [InlineData("Manufacturer.matches(\"cm\")", false)] // whole-value match, as Java's String.matches
    [InlineData("StationName.isBlank()", true)]
    [InlineData("Manufacturer.isBlank()", false)]
    [InlineData("Rows.equals(\"600\") * Columns.isGreaterThan(\"799\") * Columns.isLessThan(\"801\")", true)]
    [InlineData("Rows.equals(\"0600\")", true)] // numeric attributes compare as numbers
    [InlineData("[0008,0060].equals(\"US\")", true)]
    [InlineData("true. * !false.", true)]
    [InlineData("SequenceOfUltrasoundRegions::RegionLocationMaxX1.equals(\"639\")", true)]
    [InlineData("SeqOfUltrasoundRegions::[0018,601A].equals(\"30\")", true)]
    public void Parse_Condition_EvaluatesLikeCtp(string condition, bool expected)
    {
        DicomFile f = TestHeaders.File(("Modality", "US"), ("Manufacturer", "Acme"), ("Rows", "600"), ("Columns", "800"));
        f.Dataset.Set(TestHeaders.UltrasoundRegions((0, 30, 639, 400)));
        var set = KnownLocationRuleSet.Parse("comment\n{ " + condition + " }\n(1,2,3,4)", "test.script");

        Assert.Equal(expected, set.Match(f).Count == 1);
    }

    [Fact]
    public void Parse_CommentWithParentheses_IsNotARectangle()
    {
        var set = KnownLocationRuleSet.Parse("Vendor (the big one)\n { Modality.equals(\"US\") }\n (0, 0, 10, 20) (note: top)\n(5,5,1,1)", "x");

        Assert.Equal(new[] { new PixelRect(0, 0, 10, 20), new PixelRect(5, 5, 1, 1) }, set.Rules[0].Rectangles);
        Assert.Equal("Vendor (the big one)", set.Rules[0].Label);
        Assert.Equal(2, set.Rules[0].Line);
    }

    [Theory]
    [InlineData("{ Modality.equals(\"US\") }\n(0,0,10)", 2)]
    [InlineData("{ Modality.equals(\"US\") }\n(0,0,0,10)", 2)]
    [InlineData("{ Modality.equals(\"US\") }\nno rectangle here", 1)]
    [InlineData("\n{ NoSuchKeyword.equals(\"US\") }\n(0,0,1,1)", 2)]
    [InlineData("{ Modality.sounds(\"US\") }\n(0,0,1,1)", 1)]
    [InlineData("{ Modality.equals(\"US\") * }\n(0,0,1,1)", 1)]
    [InlineData("{ (Modality.equals(\"US\") }\n(0,0,1,1)", 1)]
    [InlineData("{ Modality.equals(\"US) }\n(0,0,1,1)", 1)]
    [InlineData("{ Modality.matches(\"[\") }\n(0,0,1,1)", 1)]
    [InlineData("\n\n{ Modality.equals(\"US\")\n(0,0,1,1)", 3)]
    public void Parse_BadRuleText_ThrowsWithSourceAndLine(string text, int line)
    {
        var ex = Assert.Throws<RuleSyntaxException>(() => KnownLocationRuleSet.Parse(text, "site-rules.script"));

        Assert.Equal("site-rules.script", ex.RuleSource);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith("site-rules.script:", ex.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Match_CapturedHeader_WinsOverDeidentifiedDataset()
    {
        DicomFile f = TestHeaders.File(("Modality", "US"), ("Manufacturer", "Acme"), ("SeriesDescription", "Secret Clinic Series"));
        PhiValues captured = PhiValues.Capture(f);
        f.Dataset.Remove(new DicomTag(0x0008, 0x103E)); // de-identification removed it
        var set = KnownLocationRuleSet.Parse("{ SeriesDescription.containsIgnoreCase(\"clinic\") }(0,0,1,1)", "x");

        Assert.Empty(set.Match(f));
        Assert.Single(set.Match(f, captured));
    }
}
