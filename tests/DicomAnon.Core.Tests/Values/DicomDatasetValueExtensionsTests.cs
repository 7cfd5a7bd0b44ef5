// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

public sealed class DicomDatasetValueExtensionsTests
{
    private static readonly DicomTag Rows = new(0x0028, 0x0010);                  // US
    private static readonly DicomTag PixelPaddingValue = new(0x0028, 0x0120);     // US or SS
    private static readonly DicomTag SliceThickness = new(0x0018, 0x0050);        // DS
    private static readonly DicomTag ImagePosition = new(0x0020, 0x0032);         // DS, VM 3
    private static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);        // IS
    private static readonly DicomTag FrameIncrementPointer = new(0x0028, 0x0009); // AT
    private static readonly DicomTag ImageType = new(0x0008, 0x0008);             // CS
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);           // PN
    private static readonly DicomTag PrivateTag = new(0x0009, 0x1001);

    [Fact]
    public void SetUS_GetUInt16Values_RoundTripsLittleEndian()
    {
        var ds = new DicomDataset();

        ds.SetUS(Rows, 512);

        Assert.Equal(new ushort[] { 512 }, ds.GetUInt16Values(Rows));
        Assert.Equal(new byte[] { 0x00, 0x02 }, ((DicomValueElement)ds[Rows]!).GetBytes());
        Assert.Equal(512.0, ds.GetNumber(Rows));
    }

    [Fact]
    public void EveryBinaryVR_WriteThenRead_RoundTrips()
    {
        var ds = new DicomDataset();
        DicomTag T(ushort e) => new(0x0009, e); // private tags: no dictionary VR constraint

        ds.SetSS(T(0x1001), -1, short.MinValue);
        ds.SetUL(T(0x1002), uint.MaxValue, 7);
        ds.SetSL(T(0x1003), int.MinValue, -5);
        ds.SetSV(T(0x1004), long.MinValue, -9);
        ds.SetUV(T(0x1005), ulong.MaxValue);
        ds.SetFL(T(0x1006), 1.5f, -0.1f, float.NaN);
        ds.SetFD(T(0x1007), Math.PI, -1e-300);
        ds.SetOW(T(0x1008), new ushort[] { 1, 65535 });
        ds.SetOL(T(0x1009), new uint[] { 3, 0x80000000 });
        ds.SetOF(T(0x100A), new[] { 2.5f });
        ds.SetOD(T(0x100B), new[] { -2.5 });
        ds.SetOV(T(0x100C), new ulong[] { 1UL << 63 });
        ds.SetAT(T(0x100D), new DicomTag(0x0018, 0x1063), new DicomTag(0x7FE0, 0x0010));

        Assert.Equal(new short[] { -1, short.MinValue }, ds.GetInt16Values(T(0x1001)));
        Assert.Equal(new[] { uint.MaxValue, 7u }, ds.GetUInt32Values(T(0x1002)));
        Assert.Equal(new[] { int.MinValue, -5 }, ds.GetInt32Values(T(0x1003)));
        Assert.Equal(new[] { long.MinValue, -9L }, ds.GetInt64Values(T(0x1004)));
        Assert.Equal(new[] { ulong.MaxValue }, ds.GetUInt64Values(T(0x1005)));
        float[] fl = ds.GetSingleValues(T(0x1006));
        Assert.Equal(1.5f, fl[0]);
        Assert.Equal(-0.1f, fl[1]);
        Assert.True(float.IsNaN(fl[2]));
        Assert.Equal(new[] { Math.PI, -1e-300 }, ds.GetDoubleValues(T(0x1007)));
        Assert.Equal(new ushort[] { 1, 65535 }, ds.GetUInt16Values(T(0x1008)));
        Assert.Equal(new uint[] { 3, 0x80000000 }, ds.GetUInt32Values(T(0x1009)));
        Assert.Equal(new[] { 2.5f }, ds.GetSingleValues(T(0x100A)));
        Assert.Equal(new[] { -2.5 }, ds.GetDoubleValues(T(0x100B)));
        Assert.Equal(new[] { 1UL << 63 }, ds.GetUInt64Values(T(0x100C)));
        Assert.Equal(new[] { new DicomTag(0x0018, 0x1063), new DicomTag(0x7FE0, 0x0010) }, ds.GetTagValues(T(0x100D)));
        Assert.Equal(2, ds.GetValueCount(T(0x100D)));
        Assert.Equal(2, ds.GetValueCount(T(0x1008)));
    }

    [Fact]
    public void SetFL_EncodesIeee754LittleEndian()
    {
        var ds = new DicomDataset();

        ds.SetFL(PrivateTag, 1.0f);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, ((DicomValueElement)ds[PrivateTag]!).GetBytes());
    }

    [Fact]
    public void SetAT_WritesGroupThenElement()
    {
        var ds = new DicomDataset();

        ds.SetAT(FrameIncrementPointer, new DicomTag(0x0018, 0x1063));

        Assert.Equal(new byte[] { 0x18, 0x00, 0x63, 0x10 }, ((DicomValueElement)ds[FrameIncrementPointer]!).GetBytes());
    }

    [Fact]
    public void Setter_VRNotInDictionary_ThrowsNamingTagAndVR()
    {
        var ds = new DicomDataset();

        var ex = Assert.Throws<ArgumentException>(() => ds.SetUL(Rows, 5));

        Assert.Contains("(0028,0010)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("US", ex.Message, StringComparison.Ordinal);
        ds.SetSS(PixelPaddingValue, -2000); // "US or SS": either is fine
        Assert.Equal(new short[] { -2000 }, ds.GetInt16Values(PixelPaddingValue));
    }

    [Fact]
    public void Setter_TooManyValuesForShortLength_Throws()
    {
        var ds = new DicomDataset();

        Assert.Throws<ArgumentException>(() => ds.SetUS(PrivateTag, new ushort[40000]));
        ds.SetOW(PrivateTag, new ushort[40000]); // OW has a 32-bit length
        Assert.Equal(40000, ds.GetValueCount(PrivateTag));
    }

    [Fact]
    public void Getter_WrongVR_ThrowsNamingTheTag()
    {
        var ds = new DicomDataset();
        ds.SetUS(Rows, 1);

        var ex = Assert.Throws<InvalidOperationException>(() => ds.GetSingleValues(Rows));

        Assert.Contains("(0028,0010)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Getter_AbsentElement_IsEmpty()
    {
        var ds = new DicomDataset();

        Assert.Empty(ds.GetUInt16Values(Rows));
        Assert.Empty(ds.GetDecimalStringValues(SliceThickness));
        Assert.Null(ds.GetNumber(Rows));
        Assert.Equal(0, ds.GetValueCount(Rows));
    }

    [Fact]
    public void Getter_TrailingPartialValue_IsIgnored()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(PrivateTag, DicomVR.UL, new byte[] { 1, 0, 0, 0, 9, 9 }));

        Assert.Equal(new uint[] { 1 }, ds.GetUInt32Values(PrivateTag));
    }

    [Fact]
    public void GetUInt16Values_UNElement_ReadsRawBytes()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(PrivateTag, DicomVR.UN, new byte[] { 0x34, 0x12 }));

        Assert.Equal(new ushort[] { 0x1234 }, ds.GetUInt16Values(PrivateTag));
    }

    [Fact]
    public void GetDecimalStringValues_LenientWithGarbageAsNull()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(ImagePosition, DicomVR.DS, Encoding.ASCII.GetBytes(" -12.5\\abc\\1e2 ")));

        double?[] values = ds.GetDecimalStringValues(ImagePosition);

        Assert.Equal(new double?[] { -12.5, null, 100.0 }, values);
        Assert.Equal(3, ds.GetValueCount(ImagePosition));
        Assert.Null(ds.GetNumber(ImagePosition, 1));
    }

    [Fact]
    public void SetDS_FormatsAtMostSixteenCharacters()
    {
        var ds = new DicomDataset();

        ds.SetDS(ImagePosition, 1.0 / 3, -125.5, 1e-20);

        string[] texts = ds.GetStrings(ImagePosition);
        Assert.Equal(new[] { "0.33333333333333", "-125.5", "1E-20" }, texts);
        Assert.All(texts, t => Assert.True(t.Length <= 16));
        Assert.Equal(0, ((DicomValueElement)ds[ImagePosition]!).Length % 2);
    }

    [Fact]
    public void SetDS_NaN_Throws()
    {
        var ds = new DicomDataset();

        var ex = Assert.Throws<ArgumentException>(() => ds.SetDS(SliceThickness, double.NaN));

        Assert.Contains("(0018,0050)", ex.Message, StringComparison.Ordinal);
        Assert.Null(ds[SliceThickness]);
    }

    [Fact]
    public void SetIS_RangeCheckedAndReadBack()
    {
        var ds = new DicomDataset();

        ds.SetIS(InstanceNumber, 42);
        Assert.Equal(new long?[] { 42 }, ds.GetIntegerStringValues(InstanceNumber));
        Assert.Throws<ArgumentException>(() => ds.SetIS(InstanceNumber, 1L << 31));
        Assert.Equal(new long?[] { 42 }, ds.GetIntegerStringValues(InstanceNumber)); // unchanged after the failure
    }

    [Fact]
    public void SetStringValues_Valid_WritesMultiValued()
    {
        var ds = new DicomDataset();

        ds.SetStringValues(ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY");

        Assert.Equal(new[] { "ORIGINAL", "PRIMARY" }, ds.GetStrings(ImageType));
        Assert.Equal(2, ds.GetValueCount(ImageType));
    }

    [Theory]
    [InlineData("original")]
    [InlineData("A\\b")]
    [InlineData("TOO_LONG_FOR_A_CS_VALUE")]
    public void SetStringValue_InvalidValue_ThrowsWithoutTheValue(string value)
    {
        var ds = new DicomDataset();

        var ex = Assert.Throws<ArgumentException>(() => ds.SetStringValue(ImageType, DicomVR.CS, value));

        Assert.Contains("(0008,0008)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CS", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
        Assert.Null(ds[ImageType]);
    }

    [Fact]
    public void SetStringValue_CharacterOutsideCharacterSet_Throws()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");

        ds.SetStringValue(PatientName, DicomVR.PN, "Buc^Jérôme");
        var ex = Assert.Throws<ArgumentException>(() => ds.SetStringValue(PatientName, DicomVR.PN, "Жук^Иван"));

        Assert.Contains("(0008,0005)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Buc^Jérôme", ds.GetString(PatientName));
    }

    [Fact]
    public void SetStringValue_WrongVRForTag_Throws()
    {
        var ds = new DicomDataset();

        Assert.Throws<ArgumentException>(() => ds.SetStringValue(PatientName, DicomVR.LO, "Doe^John"));
    }
}

public sealed class DicomDatasetTextWarningTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);

    [Fact]
    public void GetString_WithFlag_ReportsBytesInvalidInTheCharacterSet()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        ds.Set(new DicomValueElement(PatientName, DicomVR.PN, new byte[] { (byte)'A', 0xFF, (byte)'^', (byte)'B' }));

        string? text = ds.GetString(PatientName, out bool invalid);

        Assert.True(invalid);
        Assert.Equal("A\uFFFD^B", text);
        Assert.Equal(text, ds.GetString(PatientName)); // same text as the plain getter
    }

    [Fact]
    public void GetString_WithFlag_ValidTextIsNotFlagged()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        ds.SetString(PatientName, DicomVR.PN, "Wang^XiaoDong=王^小東");

        Assert.Equal("Wang^XiaoDong=王^小東", ds.GetString(PatientName, out bool invalid));
        Assert.False(invalid);
        Assert.Null(ds.GetString(new DicomTag(0x0010, 0x0020), out _));
    }
}
