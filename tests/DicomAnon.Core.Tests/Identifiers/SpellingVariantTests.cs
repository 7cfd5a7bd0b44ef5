// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.Tests.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

// Red team: the same person written the way exports and folder names write them, not the way the header does.
// Assertions never print a synthetic identifier: failures name the case, not the value.
public class SpellingVariantTests
{
    private static bool FindsName(IdentifierMatcher m, string text) =>
        m.Find(text).Any(x => x.Kind == IdentifierKind.PatientName);

    private static IdentifierMatcher NameFromBytes(string? characterSet, byte[] nameBytes)
    {
        var ds = new DicomDataset();
        if (characterSet is not null)
        {
            ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, characterSet);
        }

        ds.Set(new DicomValueElement(DicomTags.PatientName, DicomVR.PN, DicomDataset.PadToEven(nameBytes, DicomVR.PN), null));
        return IdentifierSet.FromDataset(ds).Compile();
    }

    [Theory]
    [InlineData("MUELLER, JUERGEN")]
    [InlineData("juergen_mueller")]
    [InlineData("Mueller")]
    [InlineData("SCHOENBAECKER")]
    [InlineData("Groessler Juergen")]
    public void German_transliterations_of_umlauts_are_found(string text)
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "M\u00fcller-Sch\u00f6nb\u00e4cker^J\u00fcrgen=GR\u00d6SSLER");
        Assert.True(FindsName(set.Compile(), text), "transliterated spelling not found");
    }

    [Fact]
    public void A_folder_named_by_the_transliterated_name_gets_a_token()
    {
        Deidentifier d = DeidTestData.Default();
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "Mu\u0308ller^J\u00fcrgen"); // NFD in the header
        Assert.True(new PathScrubber(d).TryScrub("MUELLER JUERGEN", set.Compile(), out string replacement, out _), "folder kept");
        Assert.StartsWith("X", replacement, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_bytes_under_a_latin1_label_are_also_read_as_utf8()
    {
        // Devices that write UTF-8 but declare ISO_IR 100: the folder on disk and any copy elsewhere carry the real spelling.
        IdentifierMatcher m = NameFromBytes("ISO_IR 100", Encoding.UTF8.GetBytes("Szab\u00f3n\u00e9^\u00c9va"));
        Assert.True(FindsName(m, "Szab\u00f3n\u00e9 \u00c9va"), "UTF-8 spelling not found");
        Assert.True(FindsName(m, "SZABONE"), "folded UTF-8 spelling not found");
    }

    [Fact]
    public void Latin1_bytes_under_a_utf8_label_are_also_read_as_latin1()
    {
        IdentifierMatcher m = NameFromBytes("ISO_IR 192", Encoding.GetEncoding(28591).GetBytes("M\u00fcllerova^J\u00f6rgen"));
        Assert.True(FindsName(m, "Jorgen Mullerova"), "Latin-1 spelling not found");
    }

    [Fact]
    public void Ascii_names_add_no_alternative_reading()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^Jane");
        Assert.Single(IdentifierSet.FromDataset(ds), i => i.Kind == IdentifierKind.PatientName);
    }
}
