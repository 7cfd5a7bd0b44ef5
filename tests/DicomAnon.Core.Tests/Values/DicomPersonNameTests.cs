// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

public sealed class DicomPersonNameTests
{
    [Fact]
    public void Parse_ThreeGroups_SplitsGroupsAndComponents()
    {
        // PS3.5 Annex H example shape: alphabetic, ideographic and phonetic groups.
        var pn = DicomPersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");

        Assert.Equal("Yamada", pn.FamilyName);
        Assert.Equal("Tarou", pn.GivenName);
        Assert.Equal("山田^太郎", pn.Ideographic);
        Assert.Equal("たろう", pn[PersonNameGroup.Phonetic, PersonNameComponent.GivenName]);
        Assert.Equal(string.Empty, pn[PersonNameGroup.Alphabetic, PersonNameComponent.NameSuffix]);
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", pn.ToString());
    }

    [Theory]
    [InlineData("Doe^John^^^", "Doe^John")]
    [InlineData("Wang^XiaoDong=王^小東=", "Wang^XiaoDong=王^小東")]
    [InlineData("=山田^太郎", "=山田^太郎")]
    [InlineData("^^^^", "")]
    [InlineData("  Doe  ", "Doe")]
    public void ToString_TrailingEmptyPartsOmitted(string value, string expected)
    {
        Assert.Equal(expected, DicomPersonName.Parse(value).ToString());
    }

    [Fact]
    public void Parse_SurplusComponentsAndGroups_AreKeptNotLost()
    {
        var pn = DicomPersonName.Parse("A^B^C^D^E^F=G=H=I");

        Assert.Equal("E^F", pn[PersonNameGroup.Alphabetic, PersonNameComponent.NameSuffix]);
        Assert.Contains("=I", pn.Phonetic, StringComparison.Ordinal);
    }

    [Fact]
    public void WithGroup_RemovesIdeographicGroup()
    {
        var pn = DicomPersonName.Parse("Hong^Gildong=洪^吉洞=홍^길동");

        Assert.Equal("Hong^Gildong==홍^길동", pn.WithGroup(PersonNameGroup.Ideographic).ToString());
        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", pn.ToString()); // immutable
    }

    [Theory]
    [InlineData("Do^e")]
    [InlineData("Do=e")]
    [InlineData("Do\\e")]
    public void Constructor_DelimiterInComponent_Throws(string family)
    {
        Assert.Throws<ArgumentException>(() => new DicomPersonName(family));
    }

    [Fact]
    public void Equals_SameTextualForm_IsEqual()
    {
        Assert.Equal(DicomPersonName.Parse("Doe^John^^^"), new DicomPersonName("Doe", "John"));
        Assert.NotEqual(DicomPersonName.Parse("Doe^Jane"), new DicomPersonName("Doe", "John"));
    }
}
