// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

public sealed class DicomDateTests
{
    [Theory]
    [InlineData("20240229", 2024, 2, 29, DicomDatePrecision.Day, "20240229")]
    [InlineData("202402", 2024, 2, 0, DicomDatePrecision.Month, "202402")]
    [InlineData("1987", 1987, 0, 0, DicomDatePrecision.Year, "1987")]
    [InlineData("1993.08.22", 1993, 8, 22, DicomDatePrecision.Day, "19930822")]
    [InlineData(" 20010101\0", 2001, 1, 1, DicomDatePrecision.Day, "20010101")]
    public void TryParse_ValidForms_ParsesAndWritesStandardForm(string text, int y, int m, int d, object p, string written)
    {
        Assert.True(DicomDate.TryParse(text, out DicomDate date));
        Assert.Equal((y, m, d, (DicomDatePrecision)p), (date.Year, date.Month, date.Day, date.Precision));
        Assert.Equal(written, date.ToString());
    }

    [Theory]
    [InlineData("20230229")] // not a leap year
    [InlineData("20231301")]
    [InlineData("20230100")]
    [InlineData("2023-01-01")]
    [InlineData("202")]
    [InlineData("0000")]
    [InlineData("2023010")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Invalid_ReturnsFalse(string? text) => Assert.False(DicomDate.TryParse(text, out _));

    [Fact]
    public void AddDays_AcrossLeapDay_CountsFebruary29()
    {
        Assert.Equal("20240301", DicomDate.Parse("20240228").AddDays(2).ToString());
        Assert.Equal("20230301", DicomDate.Parse("20230227").AddDays(2).ToString());
        Assert.Equal("20191231", DicomDate.Parse("20200101").AddDays(-1).ToString());
    }

    [Fact]
    public void AddDays_PartialDates_ShiftFromFirstDayAndKeepPrecision()
    {
        Assert.Equal("202312", DicomDate.Parse("202403").AddDays(-70).ToString()); // 1 Mar - 70 d = 22 Dec
        Assert.Equal("2022", DicomDate.Parse("2024").AddDays(-400).ToString()); // 1 Jan 2024 - 400 d = 27 Nov 2022
    }

    [Fact]
    public void TryAddDays_OutOfRange_ReturnsFalse()
    {
        Assert.False(DicomDate.Parse("00010105").TryAddDays(-10, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomDate.Parse("99991230").AddDays(5));
    }
}

public sealed class DicomTimeTests
{
    [Theory]
    [InlineData("07", "07")]
    [InlineData("0705", "0705")]
    [InlineData("070559", "070559")]
    [InlineData("070559.123456", "070559.123456")]
    [InlineData("070559.1", "070559.1")]
    [InlineData("07:05:59", "070559")]
    [InlineData("235960", "235960")] // leap second
    public void TryParse_ValidForms_RoundTrip(string text, string written)
    {
        Assert.True(DicomTime.TryParse(text, out DicomTime t));
        Assert.Equal(written, t.ToString());
    }

    [Theory]
    [InlineData("24")]
    [InlineData("1260")]
    [InlineData("070")]
    [InlineData("0705.5")]
    [InlineData("070559.1234567")]
    [InlineData("ab")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(DicomTime.TryParse(text, out _));
}

public sealed class DicomDateTimeTests
{
    [Theory]
    [InlineData("2024", "2024")]
    [InlineData("20240315", "20240315")]
    [InlineData("2024031510", "2024031510")]
    [InlineData("20240315103000.25", "20240315103000.25")]
    [InlineData("20240315103000+0100", "20240315103000+0100")]
    [InlineData("20240315-0500", "20240315-0500")]
    public void TryParse_ValidForms_RoundTrip(string text, string written)
    {
        Assert.True(DicomDateTime.TryParse(text, out DicomDateTime v));
        Assert.Equal(written, v.ToString());
    }

    [Theory]
    [InlineData("20240315103000+25")]
    [InlineData("20240315103000+1500")]
    [InlineData("202403151")]
    [InlineData("20240230")]
    [InlineData("x")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(DicomDateTime.TryParse(text, out _));

    [Fact]
    public void AddDays_KeepsTimeOfDayPrecisionAndUtcOffset()
    {
        DicomDateTime v = DicomDateTime.Parse("20240301233000.5-0500");
        Assert.Equal("20240229233000.5-0500", v.AddDays(-1).ToString());
        Assert.Equal("202402", DicomDateTime.Parse("202403").AddDays(-1).ToString());
    }
}

public sealed class DicomAgeTests
{
    [Theory]
    [InlineData("045Y", 45, DicomAgeUnit.Years)]
    [InlineData("003M", 3, DicomAgeUnit.Months)]
    [InlineData("010W", 10, DicomAgeUnit.Weeks)]
    [InlineData("000D", 0, DicomAgeUnit.Days)]
    public void TryParse_Valid_RoundTrips(string text, int value, object unit)
    {
        Assert.True(DicomAge.TryParse(text, out DicomAge a));
        Assert.Equal((value, (DicomAgeUnit)unit), (a.Value, a.Unit));
        Assert.Equal(text, a.ToString());
    }

    [Theory]
    [InlineData("45Y")]
    [InlineData("045y")]
    [InlineData("045X")]
    [InlineData("0450Y")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(DicomAge.TryParse(text, out _));

    [Fact]
    public void FromDates_PicksUnitByAge()
    {
        Assert.Equal("010D", DicomAge.FromDates(new DateTime(2024, 1, 1), new DateTime(2024, 1, 11)).ToString());
        Assert.Equal("013M", DicomAge.FromDates(new DateTime(2023, 1, 15), new DateTime(2024, 3, 1)).ToString());
        Assert.Equal("043Y", DicomAge.FromDates(new DateTime(1980, 6, 2), new DateTime(2024, 6, 1)).ToString());
        Assert.Equal("045Y", DicomAge.FromDates(new DateTime(1980, 6, 2), new DateTime(2025, 6, 2)).ToString());
        Assert.Throws<ArgumentException>(() => DicomAge.FromDates(new DateTime(2024, 1, 2), new DateTime(2024, 1, 1)));
    }
}
