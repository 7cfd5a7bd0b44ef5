// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

public sealed class DicomValueValidatorTests
{
    [Theory]
    [InlineData(DicomVR.AE, "STORESCP")]
    [InlineData(DicomVR.AE, " PACS 1 ")]
    [InlineData(DicomVR.AS, "045Y")]
    [InlineData(DicomVR.AS, "003W")]
    [InlineData(DicomVR.CS, "ORIGINAL")]
    [InlineData(DicomVR.CS, "ISO_IR 100")]
    [InlineData(DicomVR.DA, "20240229")]
    [InlineData(DicomVR.DA, "20000229")]
    [InlineData(DicomVR.DS, " -1.5E+03 ")]
    [InlineData(DicomVR.DS, "0.33333333333333")]
    [InlineData(DicomVR.DT, "2024")]
    [InlineData(DicomVR.DT, "202402")]
    [InlineData(DicomVR.DT, "20240229235960.123456+1400")]
    [InlineData(DicomVR.DT, "20240101-1200")]
    [InlineData(DicomVR.IS, "-2147483648")]
    [InlineData(DicomVR.IS, " +12 ")]
    [InlineData(DicomVR.LO, "Any text, even é and 日本")]
    [InlineData(DicomVR.LT, "Line one\r\nLine two\\with backslash\tand tab")]
    [InlineData(DicomVR.PN, "Doe^John^^Dr^Jr=ド^ジョン=どう^じょん")]
    [InlineData(DicomVR.SH, "0123456789ABCDEF")]
    [InlineData(DicomVR.ST, "x")]
    [InlineData(DicomVR.TM, "07")]
    [InlineData(DicomVR.TM, "0715")]
    [InlineData(DicomVR.TM, "235960.5")]
    [InlineData(DicomVR.TM, "235959.123456")]
    [InlineData(DicomVR.UC, "long text without limit")]
    [InlineData(DicomVR.UI, "1.2.840.10008.1.2.1")]
    [InlineData(DicomVR.UI, "2.25.0")]
    [InlineData(DicomVR.UR, "http://example.org/a?b=c#d")]
    [InlineData(DicomVR.UT, "free\ftext")]
    [InlineData(DicomVR.LO, "")]
    public void ValidateValue_ValidValue_IsNull(DicomVR vr, string value)
    {
        Assert.Null(DicomValueValidator.ValidateValue(vr, value));
    }

    [Theory]
    [InlineData(DicomVR.AE, "A_VERY_LONG_AE_TITLE", "16")]
    [InlineData(DicomVR.AE, "    ", "spaces")]
    [InlineData(DicomVR.AE, "A\\B", "backslash")]
    [InlineData(DicomVR.AS, "45Y", "nnn")]
    [InlineData(DicomVR.AS, "045X", "nnn")]
    [InlineData(DicomVR.CS, "lower", "A-Z")]
    [InlineData(DicomVR.CS, "ABCDEFGHIJKLMNOPQ", "16")]
    [InlineData(DicomVR.DA, "20230229", "date")]
    [InlineData(DicomVR.DA, "2024-01-01", "date")]
    [InlineData(DicomVR.DA, "20241301", "date")]
    [InlineData(DicomVR.DS, "1,5", "decimal")]
    [InlineData(DicomVR.DS, "12345678901234567", "16")]
    [InlineData(DicomVR.DS, "NaN", "decimal")]
    [InlineData(DicomVR.DT, "20240230", "date-time")]
    [InlineData(DicomVR.DT, "20240101+1500", "offset")]
    [InlineData(DicomVR.DT, "202401011", "date-time")]
    [InlineData(DicomVR.IS, "2147483648", "2^31")]
    [InlineData(DicomVR.IS, "1.0", "integer")]
    [InlineData(DicomVR.IS, "1234567890123", "12")]
    [InlineData(DicomVR.LO, "a\\b", "backslash")]
    [InlineData(DicomVR.LO, "line\nbreak", "control")]
    [InlineData(DicomVR.PN, "A=B=C=D", "three")]
    [InlineData(DicomVR.PN, "A^B^C^D^E^F", "five")]
    [InlineData(DicomVR.SH, "seventeen chars!!", "16")]
    [InlineData(DicomVR.ST, "bell\a", "control")]
    [InlineData(DicomVR.TM, "24", "time")]
    [InlineData(DicomVR.TM, "12:30", "time")]
    [InlineData(DicomVR.TM, "1230", "")]
    [InlineData(DicomVR.TM, "123000.1234567", "time")]
    [InlineData(DicomVR.TM, "123000.12345678", "14")]
    [InlineData(DicomVR.UI, "1.2.03", "leading zero")]
    [InlineData(DicomVR.UI, "1..2", "digits")]
    [InlineData(DicomVR.UI, "1.2.a", "digits")]
    [InlineData(DicomVR.UR, " http://x", "space")]
    public void ValidateValue_InvalidValue_NamesTheRuleNotTheValue(DicomVR vr, string value, string ruleWord)
    {
        string? message = DicomValueValidator.ValidateValue(vr, value);

        if (ruleWord.Length == 0)
        {
            Assert.Null(message); // control row: HHMM is valid
            return;
        }

        Assert.NotNull(message);
        Assert.Contains(ruleWord, message, StringComparison.Ordinal);
        Assert.Contains(DicomVRInfo.ToCode(vr), message, StringComparison.Ordinal);
        if (value.Trim().Length > 0)
        {
            Assert.DoesNotContain(value.Trim(), message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateValue_LongValues_UsesTableLimits()
    {
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.LO, new string('x', 64)));
        Assert.NotNull(DicomValueValidator.ValidateValue(DicomVR.LO, new string('x', 65)));
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.ST, new string('x', 1024)));
        Assert.NotNull(DicomValueValidator.ValidateValue(DicomVR.ST, new string('x', 1025)));
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.LT, new string('x', 10240)));
        Assert.NotNull(DicomValueValidator.ValidateValue(DicomVR.LT, new string('x', 10241)));
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.UI, "1." + new string('1', 62)));
        Assert.NotNull(DicomValueValidator.ValidateValue(DicomVR.UI, "1." + new string('1', 63)));
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.PN, new string('x', 64) + "=" + new string('y', 64)));
        Assert.NotNull(DicomValueValidator.ValidateValue(DicomVR.PN, new string('x', 65)));
        Assert.Null(DicomValueValidator.ValidateValue(DicomVR.UT, new string('x', 100000)));
    }

    [Fact]
    public void Validate_MultiValuedWholeValue_ChecksEachValue()
    {
        Assert.Null(DicomValueValidator.Validate(DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL"));
        string? message = DicomValueValidator.Validate(DicomVR.CS, "ORIGINAL\\primary");
        Assert.NotNull(message);
        Assert.StartsWith("Value 2:", message, StringComparison.Ordinal);
        Assert.Null(DicomValueValidator.Validate(DicomVR.LT, "a\\b")); // LT is single-valued
    }

    [Fact]
    public void ValidateValues_TooLongForShortLengthField_IsReported()
    {
        var values = new string[5000];
        Array.Fill(values, "ABCDEFGHIJKLMNOP");

        Assert.NotNull(DicomValueValidator.ValidateValues(DicomVR.CS, values));
        Assert.Null(DicomValueValidator.ValidateValues(DicomVR.UC, values));
    }

    [Fact]
    public void ValidateValue_BinaryVR_Throws()
    {
        Assert.Throws<ArgumentException>(() => DicomValueValidator.ValidateValue(DicomVR.US, "1"));
    }
}
