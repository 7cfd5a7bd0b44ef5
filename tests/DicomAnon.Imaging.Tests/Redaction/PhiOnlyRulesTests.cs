// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
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
    [InlineData("TIS", "0.4", "MI", "1.1")]
    [InlineData("Gn", "60", "DR", "65", "FR", "30")]
    [InlineData("C5-1", "Abd")]
    [InlineData("16cm")]
    [InlineData("L12-3", "KIDNEY")]
    public void IsLabelLine_KnownVocabulary_IsKept(params string[] words) =>
        Assert.True(LabelVocabulary.IsLabelLine(words.Select(w => Word(w))));

    [Theory]
    [InlineData("ID:", "MRN4471902")] // a field name goes with its value
    [InlineData("DOB", "14/02/1980")]
    [InlineData("TIS", "0.4", "DOE")] // one unknown word makes the whole line PHI
    [InlineData("1974")] // four digits: a year, not a depth
    [InlineData("10:42:07")]
    [InlineData("RIVERSIDE", "HOSPITAL")]
    public void IsLabelLine_AnythingElse_IsNotKept(params string[] words) =>
        Assert.False(LabelVocabulary.IsLabelLine(words.Select(w => Word(w))));

    [Fact]
    public void IsLabelLine_UnsureReadingOrUnreadableInk_IsNotKept()
    {
        Assert.False(LabelVocabulary.IsLabelLine(new[] { Word("TIS", 40) }));
        Assert.False(LabelVocabulary.IsLabelLine(new[] { new TextWord(string.Empty, 0, 0, 0, 30, 10) { Readable = false } }));
    }
}
