// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;
using Xunit;

namespace DicomAnon.Core.Tests.Dictionary;

public sealed class DicomDictionaryTests
{
    [Theory]
    [InlineData("PatientName", 0x0010, 0x0010, "PN")]
    [InlineData("PatientID", 0x0010, 0x0020, "LO")]
    [InlineData("StudyInstanceUID", 0x0020, 0x000D, "UI")]
    [InlineData("Rows", 0x0028, 0x0010, "US")]
    [InlineData("PixelData", 0x7FE0, 0x0010, "OB")]
    [InlineData("AffectedSOPInstanceUID", 0x0000, 0x1000, "UI")]
    [InlineData("TransferSyntaxUID", 0x0002, 0x0010, "UI")]
    [InlineData("DirectoryRecordSequence", 0x0004, 0x1220, "SQ")]
    public void Keyword_MapsBothWays(string keyword, int group, int element, string vr)
    {
        var tag = new DicomTag((ushort)group, (ushort)element);

        Assert.True(DicomDictionary.TryGetTag(keyword, out DicomTag found));
        Assert.Equal(tag, found);
        Assert.Equal(keyword, DicomDictionary.GetKeyword(tag));
        Assert.Equal(vr, DicomVRInfo.ToCode(DicomDictionary.GetVR(tag)));
    }

    [Theory]
    [InlineData(0x6000, 0x3000, "OverlayData")]
    [InlineData(0x601E, 0x3000, "OverlayData")]
    [InlineData(0x6002, 0x0010, "OverlayRows")]
    [InlineData(0x5010, 0x3000, "CurveData")]
    public void RepeatingGroups_Resolve(int group, int element, string keyword)
    {
        Assert.Equal(keyword, DicomDictionary.GetKeyword(new DicomTag((ushort)group, (ushort)element)));
    }

    [Fact]
    public void PrivateTags_AreUNAndCreatorsLO()
    {
        Assert.Equal(DicomVR.UN, DicomDictionary.GetVR(new DicomTag(0x0029, 0x1010)));
        Assert.Equal(DicomVR.LO, DicomDictionary.GetVR(new DicomTag(0x0029, 0x0010)));
        Assert.Null(DicomDictionary.GetKeyword(new DicomTag(0x0029, 0x1010)));
    }

    [Fact]
    public void Edition2026c_RetiresEthnicGroup()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0010, 0x2160), out DicomDictionaryEntry? e));
        Assert.True(e!.IsRetired);
        Assert.Equal("PS3.6 2026c", DicomDictionary.Edition);
    }

    [Fact]
    public void MultipleVRs_AreAllListed()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0028, 0x0106), out DicomDictionaryEntry? e));
        Assert.Equal(new[] { DicomVR.US, DicomVR.SS }, e!.ValueRepresentations.ToArray());
    }

    [Fact]
    public void Entries_CoverTheWholeTable()
    {
        // 5,309 PS3.6 rows + 46 PS3.7 command elements (see the standard folder's README).
        Assert.Equal(5309 + 46, DicomDictionary.Entries.Count());
    }

    [Theory]
    [InlineData("PatientName")]
    [InlineData("0010,0010")]
    [InlineData("(0010,0010)")]
    [InlineData("00100010")]
    [InlineData(" (0010,0010) ")]
    public void TryParseTag_AcceptsKeywordsAndTagForms(string text)
    {
        Assert.True(DicomDictionary.TryParseTag(text, out DicomTag tag));
        Assert.Equal(new DicomTag(0x0010, 0x0010), tag);
    }

    [Theory]
    [InlineData("NotAKeyword")]
    [InlineData("0010,001")]
    [InlineData("(GGGG,0010)")]
    [InlineData("")]
    public void TryParseTag_RejectsGarbage(string text) => Assert.False(DicomDictionary.TryParseTag(text, out _));
}
