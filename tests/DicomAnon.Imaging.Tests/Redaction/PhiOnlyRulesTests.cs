// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10 item 3: PHI-only keeps only confident label lines; every time attribute of the file is a term.</summary>
public sealed class PhiOnlyRulesTests
{
    private static PhiValues Phi() => PhiValues.Capture(TestHeaders.File(
        ("PatientName", "Doe^Jane"),
        ("StudyTime", "081500"),
        ("ContentTime", "104207.123"),
        ("AcquisitionDateTime", "20240305113012")).Dataset);

    private static TextWord Word(string text, float confidence = 90) => new(text, confidence, 10, 10, 40, 12) { Line = 0 };

    [Theory]
    [InlineData("10:42:07")] // ContentTime, not StudyTime
    [InlineData("10:42")]
    [InlineData("08:15:00")]
    [InlineData("11:30:12")] // the time part of a DT
    public void Capture_EveryTimeAttribute_IsMatched(string shown) => Assert.True(PhiMatcher.Match(new[] { Word(shown) }, Phi())[0]);

    [Theory]
    [InlineData("14:35:12")]
    [InlineData("14:35")]
    [InlineData("2:35 PM")] // a 12-hour clock
    public void Capture_TimesInsideSequences_AreMatched(string shown)
    {
        // An enhanced multi-frame file keeps each frame's time in its functional groups, not at the top level.
        DicomFile file = TestHeaders.File(("PatientName", "Doe^Jane"));
        var content = new DicomDataset();
        TestHeaders.Set(content, "FrameAcquisitionDateTime", "20240305143512");
        var group = new DicomDataset();
        group.Set(new DicomSequence(new DicomTag(0x0020, 0x9111), new[] { content })); // Frame Content Sequence
        file.Dataset.Set(new DicomSequence(new DicomTag(0x5200, 0x9230), new[] { group })); // Per-frame Functional Groups

        PhiValues phi = PhiValues.Capture(file);

        Assert.True(PhiMatcher.Match(shown.Split(' ').Select((w, i) => new TextWord(w, 90, 10 + (60 * i), 10, 50, 12) { Line = 0 }).ToList(), phi).All(x => x));
    }

    [Theory]
    [InlineData("10:59:58", true)]
    [InlineData("11:00:15", true)] // the clock ticked past the minute during the clip
    [InlineData("11:01:30", true)]
    [InlineData("11:05:00", false)] // after the clip's end: not this file's time
    public void Capture_ClipClock_EveryMinuteTheClipSpansIsMatched(string shown, bool phi)
    {
        // 1200 frames of 100 ms: two minutes from 10:59:30.
        PhiValues values = PhiValues.Capture(TestHeaders.File(("ContentTime", "105930"), ("NumberOfFrames", "1200"), ("FrameTime", "100")).Dataset);

        Assert.Equal(phi, PhiMatcher.Match(new[] { Word(shown) }, values)[0]);
    }

    [Theory]
    [InlineData("10:42:10 PM")] // 22:42:10 on a 12-hour clock with its seconds: no 24-hour form is one edit away
    [InlineData("10:42 PM")]
    [InlineData("12:05:09 AM")] // 00:05:09
    public void Capture_TwelveHourClockWithSeconds_IsMatched(string shown)
    {
        PhiValues values = PhiValues.Capture(TestHeaders.File(("ContentTime", "224210"), ("AcquisitionTime", "000509")).Dataset);
        var words = shown.Split(' ').Select((w, i) => new TextWord(w, 90, 10 + (70 * i), 10, 60, 12) { Line = 0 }).ToList();

        Assert.All(PhiMatcher.Match(words, values), Assert.True);
    }

    [Fact]
    public void Capture_NamesInAnyOrder_EveryPartIsMatched()
    {
        PhiValues values = PhiValues.Capture(TestHeaders.File(("PatientName", "Doe^Jane^Quincy")).Dataset);
        var words = new[] { "Quincy", "JANE", "doe," }.Select((w, i) => new TextWord(w, 90, 10 + (70 * i), 10, 60, 12) { Line = 0 }).ToList();

        Assert.All(PhiMatcher.Match(words, values), Assert.True);
    }

    [Theory]
    [InlineData("19800214")] // YYYYMMDD
    [InlineData("1980-02-14")] // YYYY-MM-DD
    [InlineData("14-FEB-1980")] // DD-MMM-YYYY
    [InlineData("14 Feb 1980")]
    [InlineData("02/14/1980")] // MM/DD/YYYY
    [InlineData("14/02/1980")] // DD/MM/YYYY
    [InlineData("1980/02/14")] // YYYY/MM/DD
    [InlineData("14.02.1980")] // DD.MM.YYYY
    [InlineData("Feb 14, 1980")]
    public void Capture_BirthDate_EveryListedFormIsMatched(string shown)
    {
        PhiValues values = PhiValues.Capture(TestHeaders.File(("PatientBirthDate", "19800214")).Dataset);
        var words = shown.Split(' ').Select((w, i) => new TextWord(w, 90, 10 + (50 * i), 10, 40, 12) { Line = 0 }).ToList();

        Assert.All(PhiMatcher.Match(words, values), Assert.True);
    }

    [Theory]
    [InlineData("TIS", "0.4", "MI", "1.1")]
    [InlineData("Gn", "60", "DR", "65", "FR", "30")]
    [InlineData("C5-1", "Abd")]
    [InlineData("16cm")]
    [InlineData("L12-3", "KIDNEY")]
    [InlineData("9L4")] // probe names with a digit after the array letter
    [InlineData("4C1")]
    [InlineData("L15-710")] // L15-7io, its suffix read as digits
    [InlineData("MI0.9")] // a setting glued to its value
    [InlineData("D12.3cm")]
    [InlineData("AO", "100%")]
    [InlineData("F", "Focus", "Persist", "3")]
    [InlineData("TRANSVERSE")]
    public void IsLabelLine_KnownVocabulary_IsKept(params string[] words) =>
        Assert.True(LabelVocabulary.IsLabelLine(words.Select(w => Word(w))));

    [Theory]
    [InlineData("ID:", "MRN4471902")] // a field name goes with its value
    [InlineData("DOB", "14/02/1980")]
    [InlineData("TIS", "0.4", "DOE")] // one unknown word makes the whole line PHI
    [InlineData("1974")] // four digits: a year, not a depth
    [InlineData("10:42:07")]
    [InlineData("RIVERSIDE", "HOSPITAL")]
    [InlineData("A12-49493")] // an ID shaped like a probe name is not one
    [InlineData("M123")] // a letter glued to three bare digits could be an identifier
    [InlineData("10", "58", "25", "AM")] // a time read without its colons
    public void IsLabelLine_AnythingElse_IsNotKept(params string[] words) =>
        Assert.False(LabelVocabulary.IsLabelLine(words.Select(w => Word(w))));

    [Fact]
    public void IsLabelLine_UnsureReadingOrUnreadableInk_IsNotKept()
    {
        Assert.False(LabelVocabulary.IsLabelLine(new[] { Word("MI", 90), Word("20", 60) })); // a bare number needs the label confidence
        Assert.False(LabelVocabulary.IsLabelLine(new[] { Word("0.2", 45) }));
        Assert.False(LabelVocabulary.IsLabelLine(new[] { Word("TIS", 40) }));
        Assert.False(LabelVocabulary.IsLabelLine(new[] { new TextWord(string.Empty, 0, 0, 0, 30, 10) { Readable = false } }));
    }

    [Fact]
    public void IsReadAcross_ReadingThatStopsShortOfItsInk_IsNotALabelLine()
    {
        // "L12-3 Vasc" read, and the line's ink goes on for five letters more (a name after the preset, not read).
        var probe = new TextWord("L12-3", 90, 10, 10, 50, 12) { Line = 0, TextHeight = 12, LineBox = new PixelRect(10, 10, 170, 12) };
        var preset = new TextWord("Vasc", 90, 66, 10, 40, 12) { Line = 0, TextHeight = 12, LineBox = new PixelRect(10, 10, 170, 12) };
        Assert.True(LabelVocabulary.IsLabelLine(new[] { probe, preset }));
        Assert.False(LabelVocabulary.IsReadAcross(new[] { probe, preset }));

        // Read to within a letter height of both ends of its ink: a whole label line.
        var inkRead = new PixelRect(8, 10, 108, 12);
        Assert.True(LabelVocabulary.IsReadAcross(new[] { new TextWord("L12-3", 90, 10, 10, 50, 12) { Line = 0, TextHeight = 12, LineBox = inkRead }, new TextWord("Vasc", 90, 66, 10, 40, 12) { Line = 0, TextHeight = 12, LineBox = inkRead } }));

        // Ink unread before the first word counts the same.
        var late = new TextWord("TIS", 90, 60, 10, 30, 12) { Line = 0, TextHeight = 12, LineBox = new PixelRect(10, 10, 80, 12) };
        Assert.False(LabelVocabulary.IsReadAcross(new[] { late }));
    }

    [Theory]
    [InlineData("0.2", 69f)] // a decimal or a number with its unit is never an identifier: read less surely, still a label
    [InlineData("90%", 66f)]
    [InlineData("22.7cm", 55f)]
    public void IsLabelLine_DecimalOrMeasureReadLessSurely_IsKept(string text, float confidence) =>
        Assert.True(LabelVocabulary.IsLabelLine(new[] { Word("MI"), Word(text, confidence) }));
}
