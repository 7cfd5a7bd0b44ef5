// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.Text;
using Xunit;

namespace DicomAnon.Core.Tests.Text;

public sealed class DicomCharacterSetTests
{
    private const byte Esc = 0x1B;

    [Theory]
    [InlineData("ISO_IR 100", 0xE9, 'é')]
    [InlineData("ISO_IR 101", 0xB3, 'ł')]
    [InlineData("ISO_IR 109", 0xC6, 'Ĉ')]
    [InlineData("ISO_IR 110", 0xA9, 'Š')]
    [InlineData("ISO_IR 144", 0xB6, 'Ж')]
    [InlineData("ISO_IR 127", 0xC7, 'ا')]
    [InlineData("ISO_IR 126", 0xC1, 'Α')]
    [InlineData("ISO_IR 138", 0xF9, 'ש')]
    [InlineData("ISO_IR 148", 0xD0, 'Ğ')]
    [InlineData("ISO_IR 203", 0xA4, '€')]
    [InlineData("ISO_IR 13", 0xB1, 'ｱ')]
    [InlineData("ISO_IR 166", 0xA1, 'ก')]
    [InlineData("ISO 2022 IR 100", 0xE9, 'é')]
    [InlineData("ISO 2022 IR 203", 0xBD, 'œ')]
    [InlineData("ISO 2022 IR 13", 0xDF, 'ﾟ')]
    [InlineData("ISO 2022 IR 166", 0xFB, '๛')]
    public void Decode_SingleByteSet_MapsUpperHalfAndRoundTrips(string term, int b, char expected)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);
        byte[] bytes = { (byte)'A', (byte)b, (byte)'z' };

        string text = cs.Decode(bytes, 0, bytes.Length, DicomVR.LO, out bool invalid);

        Assert.Equal("A" + expected + "z", text);
        Assert.False(invalid);
        Assert.Empty(cs.UnknownTerms);
        Assert.Equal(bytes, cs.Encode(text, DicomVR.LO));
    }

    [Fact]
    public void FromSpecificCharacterSet_SameValue_ReturnsCachedInstance()
    {
        Assert.Same(DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 144"), DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 144"));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet(null));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet("  "));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 6"));
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("ISO_IR100")]
    [InlineData("iso_ir 100")]
    [InlineData("ISO IR 100 ")]
    [InlineData("ISO 2022 IR 100")]
    [InlineData("ISO-2022-IR-100")]
    public void FromSpecificCharacterSet_CommonMisspelling_IsRecognised(string value)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(value);

        Assert.Empty(cs.UnknownTerms);
        Assert.Equal("é", cs.Decode(new byte[] { 0xE9 }, 0, 1, DicomVR.PN));
    }

    [Fact]
    public void FromSpecificCharacterSet_UnknownTerm_IsReportedAndDefaultUsed()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("KLINGON");

        Assert.Equal(new[] { "KLINGON" }, cs.UnknownTerms);
        Assert.Equal("AB", cs.Decode(new byte[] { 0x41, 0x42 }, 0, 2, DicomVR.LO, out bool invalid));
        Assert.False(invalid);
    }

    [Fact]
    public void FromTerms_StandaloneSetWithExtensions_IgnoresAndReportsTheOthers()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromTerms(new[] { "ISO_IR 192", "ISO 2022 IR 87" });

        Assert.Equal(new[] { "ISO 2022 IR 87" }, cs.UnknownTerms);
        byte[] utf8 = Encoding.UTF8.GetBytes("日本");
        Assert.Equal("日本", cs.Decode(utf8, 0, utf8.Length, DicomVR.LO));
    }

    [Fact]
    public void Decode_EscapeToSecondSingleByteSet_SwitchesG1()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 100\\ISO 2022 IR 126");
        byte[] bytes = { 0xC4, Esc, (byte)'-', (byte)'F', 0xC4 };

        Assert.Equal("ÄΔ", cs.Decode(bytes, 0, bytes.Length, DicomVR.LO, out bool invalid));
        Assert.False(invalid);
        Assert.True(cs.UsesCodeExtensions);
    }

    [Theory]
    [InlineData(DicomVR.LO, (byte)'\\', "Δ\\Ä")] // value delimiter resets G1 to value 1's set
    [InlineData(DicomVR.LT, (byte)'\\', "Δ\\Δ")] // in LT a backslash is text
    [InlineData(DicomVR.PN, (byte)'^', "Δ^Ä")]
    [InlineData(DicomVR.PN, (byte)'=', "Δ=Ä")]
    [InlineData(DicomVR.LO, (byte)'^', "Δ^Δ")]   // '^' only delimits in PN
    [InlineData(DicomVR.LT, 0x0D, "Δ\rÄ")]
    [InlineData(DicomVR.ST, 0x0A, "Δ\nÄ")]
    [InlineData(DicomVR.UT, 0x09, "Δ\tÄ")]
    [InlineData(DicomVR.LT, 0x0C, "Δ\fÄ")]
    public void Decode_Delimiter_ResetsToInitialCodeElements(DicomVR vr, byte delimiter, string expected)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 100\\ISO 2022 IR 126");
        byte[] bytes = { Esc, (byte)'-', (byte)'F', 0xC4, delimiter, 0xC4 };

        Assert.Equal(expected, cs.Decode(bytes, 0, bytes.Length, vr));
    }

    [Fact]
    public void Decode_KoreanTextLines_RedesignatedAfterEachLineBreak()
    {
        // PS3.5 Annex I: G1 returns to value 1's set after CR LF, so each line designates KS X 1001 again.
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 149");
        byte[] good = Concat(Esc4(')', 'C'), Ks("첫"), new byte[] { 0x0D, 0x0A }, Esc4(')', 'C'), Ks("줄"));
        byte[] bad = Concat(Esc4(')', 'C'), Ks("첫"), new byte[] { 0x0D, 0x0A }, Ks("줄"));

        Assert.Equal("첫\r\n줄", cs.Decode(good, 0, good.Length, DicomVR.LT, out bool goodInvalid));
        Assert.False(goodInvalid);
        cs.Decode(bad, 0, bad.Length, DicomVR.LT, out bool badInvalid);
        Assert.True(badInvalid);
        Assert.Equal(good, cs.Encode("첫\r\n줄", DicomVR.LT));
    }

    [Fact]
    public void Encode_ChinesePersonNameIsoIr58_FollowsAnnexK()
    {
        // PS3.5 Annex K (ISO 2022 IR 58): each ideographic component designates GB 2312 into G1 again.
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 58");
        byte[] expected = Concat(
            Encoding.ASCII.GetBytes("Zhang^XiaoDong="),
            Esc4(')', 'A'),
            Gb("章"),
            Encoding.ASCII.GetBytes("^"),
            Esc4(')', 'A'),
            Gb("小东"),
            Encoding.ASCII.GetBytes("="));

        byte[] actual = cs.Encode("Zhang^XiaoDong=章^小东=", DicomVR.PN);

        Assert.Equal(expected, actual);
        Assert.Equal("Zhang^XiaoDong=章^小东=", cs.Decode(actual, 0, actual.Length, DicomVR.PN, out bool invalid));
        Assert.False(invalid);
    }

    [Fact]
    public void Encode_JapaneseWithJisX0212_DesignatesBothG0SetsAndReturnsToAscii()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159");

        byte[] bytes = cs.Encode("丂=山", DicomVR.PN);

        // 丂 exists only in JIS X 0212 (0x30 0x21), 山 is JIS X 0208 (0x3B 0x33); G0 goes back to ASCII before '=' and at the end.
        byte[] expected = { Esc, (byte)'$', (byte)'(', (byte)'D', 0x30, 0x21, Esc, (byte)'(', (byte)'B', (byte)'=', Esc, (byte)'$', (byte)'B', 0x3B, 0x33, Esc, (byte)'(', (byte)'B' };
        Assert.Equal(expected, bytes);
        Assert.Equal("丂=山", cs.Decode(bytes, 0, bytes.Length, DicomVR.PN));
    }

    [Fact]
    public void Encode_KatakanaAndKanji_UsesG1ThenEscapesAndReturnsWithIsoIr14()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87");

        byte[] bytes = cs.Encode("ﾔ^山", DicomVR.PN);

        byte[] expected = { 0xD4, (byte)'^', Esc, (byte)'$', (byte)'B', 0x3B, 0x33, Esc, (byte)'(', (byte)'J' };
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(DicomVR.LO, "移\\移", 0x5C)] // 移 is JIS X 0208 0x30 0x5C: its trail byte is not a value delimiter
    [InlineData(DicomVR.PN, "圭=圭", 0x3D)]   // 圭 is 0x37 0x3D: its trail byte is not a component group delimiter
    public void Decode_KanjiWhoseTrailByteLooksLikeADelimiter_IsNotSplit(DicomVR vr, string text, int trail)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87");
        byte[] bytes = cs.Encode(text, vr);

        Assert.Equal(trail, bytes[4]);
        Assert.Equal(text, cs.Decode(bytes, 0, bytes.Length, vr, out bool invalid));
        Assert.False(invalid);
    }

    [Theory]
    [InlineData("ISO_IR 192", "Grüße 日本 😀")]
    [InlineData("GB18030", "中文€😀ḿ")]
    [InlineData("GBK", "中文€")]
    public void Encode_StandaloneSet_RoundTrips(string term, string text)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);

        byte[] bytes = cs.Encode(text, DicomVR.UT);

        Assert.Empty(cs.UnknownTerms);
        Assert.Equal(text, cs.Decode(bytes, 0, bytes.Length, DicomVR.UT, out bool invalid));
        Assert.False(invalid);
    }

    [Theory]
    [InlineData("", "é")]
    [InlineData("ISO_IR 100", "Ж")]
    [InlineData("ISO_IR 144", "é")]
    [InlineData("\\ISO 2022 IR 87", "한")]
    [InlineData("GBK", "😀")]
    [InlineData("ISO_IR 13", "山")]
    public void CanEncode_CharacterOutsideTheSet_IsFalseAndEncodeThrowsWithoutTheValue(string term, string text)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);

        Assert.False(cs.CanEncode("Name " + text, DicomVR.LO));
        var ex = Assert.Throws<ArgumentException>(() => cs.Encode("Name " + text, DicomVR.LO));
        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LO", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NonSpecificVR_IgnoresTheCharacterSet()
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192");
        byte[] utf8 = Encoding.UTF8.GetBytes("é");

        Assert.False(cs.CanEncode("é", DicomVR.CS));
        Assert.True(cs.CanEncode("é", DicomVR.LO));
        Assert.Equal("Ã©", cs.Decode(utf8, 0, utf8.Length, DicomVR.CS, out bool invalid));
        Assert.True(invalid);
    }

    [Fact]
    public void Decode_DefaultWithHighByte_KeepsLatin1AndReportsIt()
    {
        byte[] bytes = { (byte)'J', 0xE9 };

        Assert.Equal("Jé", DicomCharacterSet.Default.Decode(bytes, 0, 2, DicomVR.PN, out bool invalid));
        Assert.True(invalid);
    }

    [Theory]
    [InlineData("ISO_IR 192", new byte[] { 0x41, 0xC3 })]             // truncated UTF-8
    [InlineData("ISO_IR 192", new byte[] { 0xFF, 0x41 })]
    [InlineData("\\ISO 2022 IR 87", new byte[] { Esc, 0x24, 0x42, 0x3B })]   // half a kanji
    [InlineData("\\ISO 2022 IR 87", new byte[] { Esc, 0x24, 0x42, 0x22, 0x2F })] // unmapped JIS X 0208 cell
    [InlineData("\\ISO 2022 IR 87", new byte[] { Esc, 0x28, 0x5A, 0x41 })]  // unknown escape sequence
    [InlineData("ISO_IR 166", new byte[] { 0xFC })]                      // unmapped TIS 620 code
    [InlineData("ISO_IR 13", new byte[] { 0xE0 })]                       // outside JIS X 0201 Katakana
    [InlineData("\\ISO 2022 IR 149", new byte[] { Esc, 0x24, 0x29, 0x43, 0xB0 })] // half a Hangul
    [InlineData("ISO_IR 100", new byte[] { Esc, 0x24, 0x42, 0x3B, 0x33 })] // JIS X 0208 not declared
    public void Decode_InvalidBytes_ReplacesAndReports(string term, byte[] bytes)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);

        cs.Decode(bytes, 0, bytes.Length, DicomVR.LO, out bool invalid);

        Assert.True(invalid);
    }

    [Fact]
    public void Decode_RandomBytesInEverySet_NeverThrows()
    {
        string[] terms =
        {
            "", "ISO_IR 100", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030", "GBK",
            "\\ISO 2022 IR 87\\ISO 2022 IR 159", "ISO 2022 IR 13\\ISO 2022 IR 87", "\\ISO 2022 IR 149", "\\ISO 2022 IR 58",
            "ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126",
        };
        var random = new Random(20260);
        var bytes = new byte[64];
        foreach (string term in terms)
        {
            DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);
            for (int i = 0; i < 300; i++)
            {
                random.NextBytes(bytes);
                if (i % 3 == 0)
                {
                    bytes[random.Next(60)] = Esc; // make escape sequences likely
                }

                int count = random.Next(bytes.Length);
                foreach (DicomVR vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.LT, DicomVR.CS })
                {
                    string s = cs.Decode(bytes, 1, count - 1 < 0 ? 0 : count - 1, vr);
                    Assert.True(s.Length <= count);
                }
            }
        }
    }

    [Fact]
    public void Decode_RangeOutsideArray_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomCharacterSet.Default.Decode(new byte[4], 2, 3, DicomVR.LO));
    }

    [Fact]
    public void Encode_EveryMappedCharacterOfEachIso2022Set_RoundTrips()
    {
        (string Terms, string Sample)[] sets =
        {
            ("\\ISO 2022 IR 87", CharacterTablesSample(0)),
            ("\\ISO 2022 IR 159", CharacterTablesSample(1)),
            ("\\ISO 2022 IR 149", CharacterTablesSample(2)),
            ("\\ISO 2022 IR 58", CharacterTablesSample(3)),
        };
        foreach ((string terms, string sample) in sets)
        {
            DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(terms);
            byte[] bytes = cs.Encode(sample, DicomVR.UT);
            Assert.Equal(sample, cs.Decode(bytes, 0, bytes.Length, DicomVR.UT, out bool invalid));
            Assert.False(invalid);
        }
    }

    [Fact]
    public void Dataset_SetStringInJapanese_ReadsBackAndPadsToEven()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "\\ISO 2022 IR 87");

        ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Yamada^Tarou=山田^太郎");

        Assert.Equal("Yamada^Tarou=山田^太郎", ds.GetString(new DicomTag(0x0010, 0x0010)));
        var element = (DicomValueElement)ds[new DicomTag(0x0010, 0x0010)]!;
        Assert.Equal(0, element.Length % 2);
    }

    /// <summary>Every mapped character of one 94x94 table, in table order, with no duplicates (first code wins).</summary>
    private static string CharacterTablesSample(int which)
    {
        string table = which switch
        {
            0 => CharacterTables.JisX0208,
            1 => CharacterTables.JisX0212,
            2 => CharacterTables.KsX1001,
            _ => CharacterTables.Gb2312,
        };
        return new string(table.Where(c => c != '\uFFFF').Distinct().ToArray());
    }

    private static byte[] Esc4(char intermediate, char final) => new byte[] { Esc, (byte)'$', (byte)intermediate, (byte)final };

    // Expected bytes from .NET's own code pages, fetched from the provider without registering it, so that the
    // GB18030/GBK tests rely on DicomCharacterSet's registration alone.
    private static byte[] Ks(string s) => CodePagesEncodingProvider.Instance.GetEncoding(51949)!.GetBytes(s);

    private static byte[] Gb(string s) => CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(s);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

public sealed class SingleByteTableTests
{
    [Theory]
    [InlineData("ISO_IR 100", 96)]
    [InlineData("ISO_IR 101", 96)]
    [InlineData("ISO_IR 109", 89)]
    [InlineData("ISO_IR 110", 96)]
    [InlineData("ISO_IR 144", 96)]
    [InlineData("ISO_IR 127", 51)]
    [InlineData("ISO_IR 126", 93)]
    [InlineData("ISO_IR 138", 60)]
    [InlineData("ISO_IR 148", 96)]
    [InlineData("ISO_IR 203", 96)]
    [InlineData("ISO_IR 166", 87)]
    [InlineData("ISO_IR 13", 63)]
    public void EveryGraphicByte_DecodesAndEncodesBack(string term, int graphicCharacters)
    {
        DicomCharacterSet cs = DicomCharacterSet.FromSpecificCharacterSet(term);
        int mapped = 0;
        for (int b = 0xA0; b <= 0xFF; b++)
        {
            byte[] one = { (byte)b };
            string s = cs.Decode(one, 0, 1, DicomVR.LO, out bool invalid);
            if (invalid)
            {
                Assert.Equal("\uFFFD", s);
                continue;
            }

            mapped++;
            Assert.Equal(one, cs.Encode(s, DicomVR.LO));
        }

        // Counts of 0xA0-0xFF positions each standard assigns (ISO 8859-3 leaves 7 unassigned, -6 assigns 51,
        // -7:2003 leaves 3, -8 assigns 60; TIS 620 assigns 87; JIS X 0201 Katakana 63).
        Assert.Equal(graphicCharacters, mapped);
    }
}
