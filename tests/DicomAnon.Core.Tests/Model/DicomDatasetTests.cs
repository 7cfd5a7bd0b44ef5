// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core;
using Xunit;

namespace DicomAnon.Core.Tests.Model;

public sealed class DicomDatasetTests
{
    [Fact]
    public void Set_KeepsElementsSortedAndReplacesSameTag()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "B");
        ds.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
        ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "A");
        ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "C");

        Assert.Equal(new uint[] { 0x00080060, 0x00100010, 0x00100020 }, ds.Select(e => e.Tag.Value).ToArray());
        Assert.Equal("C", ds.GetString(new DicomTag(0x0010, 0x0020)));
    }

    [Fact]
    public void GetStrings_SplitsMultiValuesButNotText()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
        ds.SetString(new DicomTag(0x0008, 0x0081), DicomVR.ST, "a\\b");

        Assert.Equal(new[] { "ORIGINAL", "PRIMARY", "AXIAL" }, ds.GetStrings(new DicomTag(0x0008, 0x0008)));
        Assert.Equal(new[] { "a\\b" }, ds.GetStrings(new DicomTag(0x0008, 0x0081)));
    }

    [Fact]
    public void Items_InheritTheCharacterSetOfTheirParent()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        var item = new DicomDataset();
        ds.Set(new DicomSequence(new DicomTag(0x0008, 0x1115), new[] { item }));
        item.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Müller");

        Assert.Equal("Müller", item.GetString(new DicomTag(0x0010, 0x0010)));
        Assert.Equal(7, ((DicomValueElement)item[new DicomTag(0x0010, 0x0010)]!).Length - 1); // 7 UTF-8 bytes + pad
    }

    [Fact]
    public void PrivateBlocks_AreReservedPerCreator()
    {
        var ds = new DicomDataset();
        byte a = ds.ReservePrivateBlock(0x0029, "ACME 1");
        byte b = ds.ReservePrivateBlock(0x0029, "OTHER");
        byte again = ds.ReservePrivateBlock(0x0029, "ACME 1");
        ds.SetString(new DicomTag(0x0029, (ushort)((b << 8) | 0x01)), DicomVR.LO, "x");

        Assert.Equal(0x10, a);
        Assert.Equal(0x11, b);
        Assert.Equal(a, again);
        Assert.Equal("OTHER", ds[new DicomTag(0x0029, 0x1101)]!.PrivateCreator);
    }

    [Theory]
    [InlineData(0x0009, 0x1001, true)]
    [InlineData(0x0007, 0x0010, false)]
    [InlineData(0x0010, 0x0010, false)]
    [InlineData(0xFFFF, 0x0001, false)]
    public void Tag_IsPrivate(int g, int e, bool expected) => Assert.Equal(expected, new DicomTag((ushort)g, (ushort)e).IsPrivate);

    [Fact]
    public void Tag_FormatsInvariantly() => Assert.Equal("(7FE0,0010)", DicomTag.PixelData.ToString());
}
