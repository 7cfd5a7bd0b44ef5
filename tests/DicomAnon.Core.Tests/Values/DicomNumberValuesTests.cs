// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DicomAnon.Core;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

public sealed class DicomNumberValuesTests
{
    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("  -2.25 ", -2.25)]
    [InlineData("+3", 3.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1.5E-07", 1.5e-7)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("7\0", 7.0)]
    public void TryParseDecimalString_LenientInput_Parses(string text, double expected)
    {
        Assert.True(DicomNumberValues.TryParseDecimalString(text, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e")]
    [InlineData("1e400")]
    [InlineData("1 2")]
    [InlineData("0x10")]
    [InlineData(".")]
    public void TryParseDecimalString_Garbage_IsFalse(string text)
    {
        Assert.False(DicomNumberValues.TryParseDecimalString(text, out _));
    }

    [Theory]
    [InlineData(" 12 ", 12L)]
    [InlineData("+7", 7L)]
    [InlineData("-2147483648", -2147483648L)]
    [InlineData("12.0", 12L)]
    [InlineData("4294967296", 4294967296L)] // beyond IS range: still read, never written
    public void TryParseIntegerString_LenientInput_Parses(string text, long expected)
    {
        Assert.True(DicomNumberValues.TryParseIntegerString(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12.5")]
    [InlineData("1 2")]
    [InlineData("twelve")]
    [InlineData("99999999999999999999999")]
    public void TryParseIntegerString_Garbage_IsFalse(string text)
    {
        Assert.False(DicomNumberValues.TryParseIntegerString(text, out _));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e20, "1E+20")]
    [InlineData(1.0 / 3, "0.33333333333333")]
    [InlineData(-1.0 / 3, "-0.3333333333333")]
    [InlineData(2147483648.0, "2147483648")]
    [InlineData(1234567890123456.0, "1234567890123456")]
    public void FormatDecimalString_KnownValues_GiveBestSixteenCharacters(double value, string expected)
    {
        Assert.Equal(expected, DicomNumberValues.FormatDecimalString(value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FormatDecimalString_NotFinite_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomNumberValues.FormatDecimalString(value));
    }

    [Fact]
    public void FormatDecimalString_PydicomFixture_ValidAndAtLeastAsPrecise()
    {
        int better = 0;
        foreach ((double value, string pydicom) in LoadDsFixture())
        {
            string ours = DicomNumberValues.FormatDecimalString(value);

            Assert.True(ours.Length <= 16, ours);
            Assert.Null(DicomValueValidator.ValidateValue(DicomVR.DS, ours));
            double ourError = Math.Abs(double.Parse(ours, CultureInfo.InvariantCulture) - value);
            double theirError = Math.Abs(double.Parse(pydicom, CultureInfo.InvariantCulture) - value);
            Assert.True(ourError <= theirError, $"{value:R}: ours {ours} vs pydicom {pydicom}");
            if (ourError < theirError)
            {
                better++;
            }
        }

        Assert.True(better > 0); // the fixture holds values where the best 16 characters beat pydicom's choice
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-2147483648L, "-2147483648")]
    [InlineData(2147483647L, "2147483647")]
    public void FormatIntegerString_InRange_Formats(long value, string expected)
    {
        Assert.Equal(expected, DicomNumberValues.FormatIntegerString(value));
    }

    [Theory]
    [InlineData(2147483648L)]
    [InlineData(-2147483649L)]
    public void FormatIntegerString_OutOfRange_Throws(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomNumberValues.FormatIntegerString(value));
    }

    [Theory]
    [InlineData("US", "1\\65535", "0100FFFF")]
    [InlineData("SS", "-2", "FEFF")]
    [InlineData("UL", " 16909060 ", "04030201")]
    [InlineData("SL", "-1", "FFFFFFFF")]
    [InlineData("FL", "1.5", "0000C03F")]
    [InlineData("FD", "-2", "00000000000000C0")]
    public void TryPack_BinaryNumbers_AreLittleEndian(string vr, string text, string hex)
    {
        Assert.True(DicomNumberValues.TryPack(text, Enum.Parse<DicomVR>(vr), out byte[]? bytes));
        Assert.Equal(hex, Convert.ToHexString(bytes!));
    }

    [Theory]
    [InlineData("US", "65536")]
    [InlineData("SS", "1\\x")]
    [InlineData("FL", "")]
    [InlineData("AT", "1")]
    [InlineData("LO", "1")]
    public void TryPack_OutOfRangeGarbageOrNonBinaryVR_IsRefused(string vr, string text)
    {
        Assert.False(DicomNumberValues.TryPack(text, Enum.Parse<DicomVR>(vr), out byte[]? bytes));
        Assert.Null(bytes);
    }

    private static IEnumerable<(double Value, string Pydicom)> LoadDsFixture()
    {
        using Stream s = typeof(DicomNumberValuesTests).Assembly.GetManifestResourceStream("DicomAnon.Core.Tests.Values.ds_fixture.json")!;
        using JsonDocument doc = JsonDocument.Parse(s);
        return doc.RootElement.GetProperty("values").EnumerateArray()
            .Select(j => (double.Parse(j.GetProperty("value").GetString()!.Replace("inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture), j.GetProperty("pydicom").GetString()!))
            .ToList();
    }
}
