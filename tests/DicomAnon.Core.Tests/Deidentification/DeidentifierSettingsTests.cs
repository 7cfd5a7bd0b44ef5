// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DicomAnon.Core.Deidentification;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

public sealed class DeidentifierSettingsTests
{
    [Fact]
    public void Apply_PrefixLengthAndOffsetRange_AreHonoured()
    {
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, PseudonymPrefix = "STUDY9-", PseudonymHashLength = 10, MinimumDateOffsetDays = -7, MaximumDateOffsetDays = -7 });
        DicomFile f = File(Image());
        DeidentificationResult r = d.Apply(f);
        Assert.Matches("^STUDY9-[A-Z2-7]{10}$", r.PseudonymPatientId);
        Assert.Equal(-7, r.DateOffsetDays);
        Assert.Equal("20240103", f.Dataset.GetString(Tag("StudyDate")));
    }

    [Fact]
    public void Apply_PseudonymizePatientNameOff_EmptiesName()
    {
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, PseudonymizePatientName = false });
        DicomFile f = File(Image());
        DeidentificationResult r = d.Apply(f);
        Assert.Equal(string.Empty, f.Dataset.GetString(Tag("PatientName")));
        Assert.Equal(string.Empty, r.PseudonymPatientName);
    }

    [Fact]
    public void Apply_InvalidDate_EmptiedWithWarningNamingTagOnly()
    {
        DicomFile f = File(Image(studyDate: "2024X110"));
        DeidentificationResult r = Default().Apply(f);
        Assert.Equal(string.Empty, f.Dataset.GetString(Tag("StudyDate")));
        string w = Assert.Single(r.Warnings, w => w.Contains("(0008,0020)", StringComparison.Ordinal));
        Assert.DoesNotContain("2024X110", w, StringComparison.Ordinal);
        Assert.All(r.Warnings, x => Assert.DoesNotContain("MRN0042", x, StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_SequenceCarriedAsUn_RemovedWithWarning()
    {
        DicomDataset ds = Image();
        ds.Set(new DicomValueElement(Tag("ReferencedImageSequence"), DicomVR.UN, new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0 }));
        DicomFile f = File(ds);
        DeidentificationResult r = Default().Apply(f);
        Assert.False(f.Dataset.Contains(Tag("ReferencedImageSequence")));
        Assert.Contains(r.Warnings, w => w.Contains("(0008,1140)", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_PublicElementAsUn_InterpretedWithDictionaryVR()
    {
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.826.0.1.3680043.99.555"); // unknown IOD: X/Z/D -> D
        ds.Set(new DicomValueElement(Tag("OperatorsName"), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("SMITH^JO")));
        ds.Set(new DicomValueElement(Tag("ReferencedSOPInstanceUID"), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("1.2.826.0.1.3680043.99.4\0")));
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.Equal(DicomVR.PN, f.Dataset[Tag("OperatorsName")]!.VR);
        Assert.Equal("ANONYMIZED", f.Dataset.GetString(Tag("OperatorsName"))); // X/Z/D -> D
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.4"), f.Dataset.GetString(Tag("ReferencedSOPInstanceUID")));
    }

    [Fact]
    public void Apply_Counts_ReflectWhatWasDone()
    {
        DicomFile f = File(Image());
        DeidentificationResult r = Default().Apply(f);
        Assert.Equal(5, r.Removed); // Patient's Age, Study Description, Institution Address and Name (X/Z/D, Type 3 in CT), and (0002,0016) in the file meta
        Assert.Equal(4, r.Emptied); // Accession Number, Referring Physician, Birth Date, Sex
        Assert.Equal(2, r.Replaced); // Patient's Name, Patient ID
        Assert.Equal(2, r.DatesShifted); // Study Date, Content Date
        Assert.Equal("MODIFIED", r.LongitudinalTemporalInformationModified);
    }

    [Fact]
    public void MapUid_StandardAndRetained_Unchanged()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", Default().MapUid("1.2.840.10008.5.1.4.1.1.2"));
        Assert.Equal(ExpectedUid("1.2.3.4"), Default().MapUid("1.2.3.4"));
        Assert.Equal("1.2.3.4", Create(DeidentificationOption.RetainUids).MapUid("1.2.3.4"));
        Assert.True(Enumerable.Range(0, 200).Select(i => Default().MapUid("1.2.3." + i)).All(u => u.Length <= 64 && u.StartsWith("2.25.", StringComparison.Ordinal)));
    }
}

public sealed class CleanCodeStringTests
{
    [Theory]
    [InlineData("COERCE", "COERCE")]
    [InlineData("CORRECT\\COERCE", "CORRECT\\COERCE")]
    [InlineData("By Dr House", "")]
    [InlineData("MRN0042", "")] // the Patient ID of this file
    public void Apply_CleanDescriptorsOnCodeString_KeepsOnlyCleanWellFormedCodes(string value, string expected)
    {
        DicomDataset ds = Image().With("ReasonForTheAttributeModification", DicomVR.CS, value);
        DicomFile f = File(ds);
        Create(DeidentificationOption.CleanDescriptors).Apply(f);
        Assert.Equal(expected, f.Dataset.GetString(Tag("ReasonForTheAttributeModification")));
    }
}

public sealed class PreambleAndUrlTests
{
    [Fact]
    public void Apply_PreambleAndUnlistedUrl_Cleared()
    {
        DicomDataset ds = Image().With("PixelDataProviderURL", DicomVR.UR, "http://pacs.invalid/wado?patient=MRN0042");
        DicomFile f = File(ds);
        f.Preamble = new byte[128];
        f.Preamble[0] = 0x49;
        DeidentificationResult r = Default().Apply(f);
        Assert.Null(f.Preamble);
        Assert.False(f.Dataset.Contains(Tag("PixelDataProviderURL"))); // Type 1C: removed, never dummied
        Assert.Contains(r.Warnings, w => w.Contains("(0028,7FE0)", StringComparison.Ordinal));
    }
}

public sealed class StructuredContentTests
{
    private static DicomDataset Report() => Image().With("ContentSequence", new DicomDataset()
        .With("ValueType", DicomVR.CS, "TEXT")
        .With("TextValue", DicomVR.UT, "Lesion 12 mm, discussed with Jane Doe on 2024-01-10")
        .With("ContentSequence", new DicomDataset().With("ValueType", DicomVR.CS, "NUM").With("(0040,A30A)", DicomVR.DS, "12")));

    [Fact]
    public void Apply_CleanStructuredContent_ScrubsTextValueKeepsNumbers()
    {
        DicomFile f = File(Report());
        Create(DeidentificationOption.CleanStructuredContent).Apply(f);
        DicomDataset item = f.Dataset.GetSequence(Tag("ContentSequence"))!.Items[0];
        Assert.Equal("Lesion 12 mm, discussed with *** *** on ***", item.GetString(Tag("TextValue")));
        Assert.Equal("12", item.GetSequence(Tag("ContentSequence"))!.Items[0].GetString(Tag("(0040,A30A)")));
    }

    [Fact]
    public void Apply_BasicProfile_TextValueInContentReplacedByDummy()
    {
        DicomFile f = File(Report());
        Default().Apply(f);
        Assert.Equal("ANONYMIZED", f.Dataset.GetSequence(Tag("ContentSequence"))!.Items[0].GetString(Tag("TextValue")));
    }

    [Fact]
    public void Apply_TextOutsideContent_NotInTable_Removed()
    {
        DicomFile f = File(Image().With("TextValue", DicomVR.UT, "Jane Doe"));
        Default().Apply(f);
        Assert.False(f.Dataset.Contains(Tag("TextValue")));
    }
}

public sealed class CharacterSetFallbackTests
{
    [Fact]
    public void Apply_MappedPseudonymNotEncodable_FallsBackWithWarning()
    {
        SubjectMap map = SubjectMap.Load(new System.IO.StringReader("MRN0042,被験者-1,被験者^一\n"));
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, SubjectMap = map });
        DicomFile f = File(Image().With("SpecificCharacterSet", DicomVR.CS, "ISO_IR 100"));
        DeidentificationResult r = d.Apply(f);
        Assert.Matches("^ANON[A-Z2-7]{16}$", f.Dataset.GetString(Tag("PatientID")));
        Assert.Equal(string.Empty, f.Dataset.GetString(Tag("PatientName")));
        Assert.Contains(r.Warnings, w => w.Contains("(0010,0020)", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("(0010,0010)", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_MappedPseudonymInUtf8Dataset_Written()
    {
        SubjectMap map = SubjectMap.Load(new System.IO.StringReader("MRN0042,被験者-1,被験者^一\n"));
        var d = new Deidentifier(new DeidentificationSettings { Key = Key, SubjectMap = map });
        DicomFile f = File(Image().With("SpecificCharacterSet", DicomVR.CS, "ISO_IR 192"));
        d.Apply(f);
        Assert.Equal("被験者-1", f.Dataset.GetString(Tag("PatientID")));
        Assert.Equal("被験者^一", f.Dataset.GetString(Tag("PatientName")));
    }
}
