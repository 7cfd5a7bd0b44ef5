// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Tests.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

// Assertions never print a synthetic identifier: failures name the case, not the value.
public class IdentifierMatcherTests
{
    private static IdentifierMatcher Matcher(params (IdentifierKind Kind, string Value)[] ids)
    {
        var set = new IdentifierSet();
        foreach ((IdentifierKind k, string v) in ids)
        {
            set.Add(k, v);
        }

        return set.Compile();
    }

    private static bool Finds(IdentifierMatcher m, string text, IdentifierKind kind) => m.Find(text).Any(x => x.Kind == kind);

    [Theory]
    [InlineData("Report of Doe, John")]
    [InlineData("JOHN DOE")]
    [InlineData("john_doe_scan")]
    [InlineData("DoeJohn")]
    [InlineData("JohnQDoe")]
    [InlineData("J. Doe")]
    [InlineData("DOE^JOHN^Q")]
    public void Finds_a_person_name_in_any_order_case_and_separator(string text)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "Doe^John^Q"));
        Assert.True(Finds(m, text, IdentifierKind.PatientName), "name form not found");
    }

    [Theory]
    [InlineData("Doesburg")]
    [InlineData("Johnson")]
    [InlineData("Q")]
    [InlineData("MR")]
    public void Does_not_find_name_parts_inside_other_words_or_single_letters(string text)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "Doe^John^Q^Mr"));
        Assert.False(Finds(m, text, IdentifierKind.PatientName), "false positive");
    }

    [Fact]
    public void Two_letter_parts_match_as_words_only()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "Li^Ng"));
        Assert.True(Finds(m, "scan of LI", IdentifierKind.PatientName), "two-letter part");
        Assert.True(Finds(m, "NG-WEI", IdentifierKind.PatientName), "two-letter part before a separator");
        Assert.False(Finds(m, "Lisbon", IdentifierKind.PatientName), "inside a word");
    }

    [Fact]
    public void Accents_fold_in_nfc_and_nfd()
    {
        string nfc = "M\u00fcller^Ren\u00e9e";
        string nfd = nfc.Normalize(NormalizationForm.FormD);
        IdentifierMatcher fromNfc = Matcher((IdentifierKind.PatientName, nfc));
        IdentifierMatcher fromNfd = Matcher((IdentifierKind.PatientName, nfd));
        foreach (string text in new[] { nfc, nfd, "RENEE MULLER", "ren\u00e9e-m\u00fcller".Normalize(NormalizationForm.FormD) })
        {
            Assert.True(Finds(fromNfc, text, IdentifierKind.PatientName), "NFC identifier");
            Assert.True(Finds(fromNfd, text, IdentifierKind.PatientName), "NFD identifier");
        }
    }

    [Fact]
    public void Nfd_match_span_covers_the_combining_marks()
    {
        string nfd = "xx Ren\u00e9e yy".Normalize(NormalizationForm.FormD);
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "Renee^Zz"));
        IdentifierMatch hit = m.Find(nfd).Single();
        Assert.Equal(3, hit.Start);
        Assert.Equal(nfd.Length - 6, hit.Length);
    }

    [Fact]
    public void Cjk_names_match_without_separators_in_both_groups()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "Yamada^Taro=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"));
        Assert.True(Finds(m, "\u691c\u67fb\u5c71\u7530\u592a\u90ce\u69d8", IdentifierKind.PatientName), "ideographic full name in running text");
        Assert.True(Finds(m, "\u592a\u90ce\u5c71\u7530", IdentifierKind.PatientName), "given family order");
        Assert.True(Finds(m, "\u3084\u307e\u3060", IdentifierKind.PatientName), "phonetic family name");
        Assert.False(Finds(m, "\u5c71", IdentifierKind.PatientName), "one ideograph alone");
    }

    [Theory]
    [InlineData("19700102")]
    [InlineData("1970-01-02")]
    [InlineData("1970/01/02")]
    [InlineData("02.01.1970")]
    [InlineData("02/01/1970")]
    [InlineData("01/02/1970")]
    [InlineData("02-Jan-1970")]
    [InlineData("2 January 1970")]
    [InlineData("Jan 2, 1970")]
    [InlineData("DOB:02JAN1970")]
    public void Finds_a_date_in_common_formats(string text)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.BirthDate, "19700102"));
        Assert.True(Finds(m, text, IdentifierKind.BirthDate), "date format");
    }

    [Theory]
    [InlineData("119700102")]
    [InlineData("19700103")]
    public void Does_not_find_a_date_inside_a_longer_number(string text)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.BirthDate, "19700102"));
        Assert.False(Finds(m, text, IdentifierKind.BirthDate), "false positive");
    }

    [Fact]
    public void Ids_match_with_or_without_punctuation_and_short_numbers_only_whole()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientId, "AB-12-345"), (IdentifierKind.AccessionNumber, "4711"));
        Assert.True(Finds(m, "id ab12345 ok", IdentifierKind.PatientId), "ID without punctuation");
        Assert.True(Finds(m, "AB 12/345", IdentifierKind.PatientId), "ID with other punctuation");
        Assert.False(Finds(m, "series 4711", IdentifierKind.AccessionNumber), "4-digit number in text");
        Assert.True(m.TryMatchWhole("4711", out IdentifierMatch whole) && whole.Kind == IdentifierKind.AccessionNumber, "whole short ID");
    }

    [Fact]
    public void Uids_match_dotted_and_whole()
    {
        const string Uid = "1.2.826.0.1.3680043.99.1";
        IdentifierMatcher m = Matcher((IdentifierKind.Uid, Uid));
        Assert.True(Finds(m, "ref " + Uid + " end", IdentifierKind.Uid), "UID in text");
        Assert.True(m.TryMatchWhole(Uid, out _), "UID whole");
        Assert.False(Finds(m, "ref 1.2.826.0.1.3680043.99.12", IdentifierKind.Uid), "longer UID");
    }

    [Fact]
    public void Placeholders_and_particles_are_not_identifiers()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "ANONYMOUS^UNKNOWN"), (IdentifierKind.OtherPersonName, "van^de"));
        Assert.Equal(0, m.PatternCount);
        Assert.Empty(m.Find("ANONYMOUS UNKNOWN van de"));
    }

    [Fact]
    public void Matches_carry_the_set_index_for_many_sets()
    {
        var sets = new List<IdentifierSet>();
        for (int i = 0; i < 2000; i++)
        {
            var s = new IdentifierSet();
            s.Add(IdentifierKind.PatientId, "PID" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
            s.Add(IdentifierKind.PatientName, "Fam" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x^Given");
            sets.Add(s);
        }

        IdentifierMatcher m = IdentifierMatcher.Create(sets);
        IReadOnlyList<IdentifierMatch> found = m.Find("xx PID001234 yy");
        Assert.Contains(found, x => x.SetIndex == 1234 && x.Kind == IdentifierKind.PatientId);
        Assert.DoesNotContain(found, x => x.SetIndex != 1234);
    }

    [Theory]
    [InlineData("latin1")]
    [InlineData("utf8")]
    [InlineData("utf16le")]
    [InlineData("utf16be")]
    [InlineData("utf16le-odd")]
    public void Finds_identifiers_in_raw_bytes_in_every_encoding(string encoding)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientName, "M\u00fcller^Ren\u00e9e=\u5c71\u7530^\u592a\u90ce"), (IdentifierKind.PatientId, "PX99817"));
        string text = "\0\u0001header Ren\u00e9e M\u00fcller id PX99817 \u5c71\u7530\u592a\u90ce\0";
        byte[] body = encoding switch
        {
            "latin1" => Encoding.GetEncoding("ISO-8859-1").GetBytes(text.Replace("\u5c71\u7530\u592a\u90ce", string.Empty)),
            "utf8" => Encoding.UTF8.GetBytes(text),
            "utf16le" => Encoding.Unicode.GetBytes(text),
            "utf16be" => Encoding.BigEndianUnicode.GetBytes(text),
            _ => new byte[] { 7 }.Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        };
        byte[] data = new byte[] { 0xFF, 0xFE, 0x00, 0x13 }.Concat(body).Concat(new byte[] { 0x80, 0x81 }).ToArray();
        IReadOnlyList<IdentifierMatch> found = m.FindInBytes(data, 0, data.Length);
        Assert.Contains(found, x => x.Kind == IdentifierKind.PatientName);
        Assert.Contains(found, x => x.Kind == IdentifierKind.PatientId);
        foreach (IdentifierMatch x in found)
        {
            Assert.InRange(x.Start, 0, data.Length - 1);
            Assert.InRange(x.Start + x.Length, 1, data.Length);
        }
    }

    [Fact]
    public void Byte_offsets_point_at_the_identifier()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientId, "PX99817"));
        byte[] data = Encoding.Unicode.GetBytes("abc PX99817 def");
        IdentifierMatch hit = m.FindInBytes(data, 0, data.Length).Single(x => x.Encoding == TextEncodingKind.Utf16LittleEndian);
        Assert.Equal(8, hit.Start);
        Assert.Equal(14, hit.Length);
    }

    [Fact]
    public void Empty_inputs_and_bad_ranges()
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientId, "PX99817"));
        Assert.Empty(m.Find(string.Empty));
        Assert.Empty(m.FindInBytes(new byte[1], 0, 1));
        Assert.Throws<System.ArgumentOutOfRangeException>(() => m.FindInBytes(new byte[4], 3, 2));
        Assert.Empty(new IdentifierSet().Compile().Find("anything at all"));
    }

    [Fact]
    public void Collects_identifiers_of_a_dataset_at_every_depth()
    {
        DicomDataset ds = DeidTestData.Image();
        var nested = new DicomDataset().With("PatientID", DicomVR.LO, "OTHERID9917").With("PerformingPhysicianName", DicomVR.PN, "Kowalczyk^Anna");
        ds.With("OtherPatientIDsSequence", nested);
        IdentifierSet set = IdentifierSet.FromDataset(ds);
        IdentifierMatcher m = set.Compile();
        Assert.Contains(set, i => i.Kind == IdentifierKind.PatientName);
        Assert.Contains(set, i => i.Kind == IdentifierKind.OtherPatientId);
        Assert.Contains(set, i => i.Kind == IdentifierKind.AccessionNumber);
        Assert.Contains(set, i => i.Kind == IdentifierKind.StudyDate);
        Assert.Contains(set, i => i.Kind == IdentifierKind.Institution);
        Assert.Contains(set, i => i.Kind == IdentifierKind.Uid);
        Assert.DoesNotContain(set, i => i.Kind == IdentifierKind.Uid && i.Tag.Value == 0x00080016);
        Assert.True(Finds(m, "ANNA KOWALCZYK", IdentifierKind.OtherPersonName), "nested PN");
        Assert.True(Finds(m, "otherid-9917", IdentifierKind.OtherPatientId), "nested ID");
        Assert.True(Finds(m, "10-Jan-2024", IdentifierKind.StudyDate), "study date");
    }

    [Fact]
    public void Identifier_text_never_shows_the_value()
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientId, "SECRET12345");
        Assert.DoesNotContain("SECRET", set.Single().ToString(), System.StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SECRET", set.Compile().Find("x SECRET12345").Single().ToString(), System.StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1048576 - 5)]
    [InlineData(1048576 + 7)]
    [InlineData(2 * 1048576 - 1)]
    public void Finds_identifiers_across_window_boundaries_of_large_buffers(int at)
    {
        IdentifierMatcher m = Matcher((IdentifierKind.PatientId, "PX99817"));
        byte[] data = new byte[(3 * 1048576) + 100];
        byte[] id = Encoding.BigEndianUnicode.GetBytes(" PX99817 ");
        Buffer.BlockCopy(id, 0, data, at, id.Length);
        IdentifierMatch hit = m.FindInBytes(data, 0, data.Length).Single(x => x.Encoding == TextEncodingKind.Utf16BigEndian);
        Assert.Equal(at + 2, hit.Start);
        Assert.Equal(14, hit.Length);
    }
}
