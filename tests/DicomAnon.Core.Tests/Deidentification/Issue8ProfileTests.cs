// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DicomAnon.Core.Deidentification;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>Issue 8: no identifier survives the profile (UIDs, file meta, options, IOD types, safe private attributes).</summary>
public sealed class Issue8ProfileTests
{
    // ---- class 4: only the registry is standard ----

    [Fact]
    public void Apply_InstanceUidsUnderTheDicomRoot_AreRemapped()
    {
        DicomFile f = File(Image(study: "1.2.840.10008.99.7", sop: "1.2.840.10008.99.7.1.1"));
        Default().Apply(f);
        Assert.Equal(ExpectedUid("1.2.840.10008.99.7"), f.Dataset.GetString(Tag("StudyInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.840.10008.99.7.1"), f.Dataset.GetString(Tag("SeriesInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.840.10008.99.7.1.1"), f.Dataset.GetString(Tag("SOPInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.840.10008.99.7.1.1"), f.FileMetaInformation.GetString(Tag("MediaStorageSOPInstanceUID")));
    }

    [Fact]
    public void Apply_RegisteredUidAsInstance_IsKept()
    {
        // A UID of the registry (here the well-known Talairach frame of reference) names no patient.
        DicomFile f = File(Image().With("FrameOfReferenceUID", DicomVR.UI, "1.2.840.10008.1.4.1.1"));
        Default().Apply(f);
        Assert.Equal("1.2.840.10008.1.4.1.1", f.Dataset.GetString(Tag("FrameOfReferenceUID")));
    }

    [Fact]
    public void Apply_ClassAndCodingUids_KeptWhateverTheirRoot()
    {
        DicomDataset code = new DicomDataset()
            .With("CodeValue", DicomVR.SH, "T-A0100")
            .With("CodingSchemeDesignator", DicomVR.SH, "SRT")
            .With("CodingSchemeUID", DicomVR.UI, "2.16.840.1.113883.6.96")
            .With("ContextUID", DicomVR.UI, "1.2.3.4.5.6")
            .With("CodeMeaning", DicomVR.LO, "Brain");
        // A private SOP Class (no IOD known, so Referenced Image Sequence's X/Z/U* keeps it, remapped).
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.840.113619.4.999").With("AnatomicRegionSequence", code);
        ds.Set(new DicomSequence(Tag("ReferencedImageSequence"), new[]
        {
            new DicomDataset().With("ReferencedSOPClassUID", DicomVR.UI, "1.2.840.113619.4.2").With("ReferencedSOPInstanceUID", DicomVR.UI, "1.2.840.113619.5.5"),
        }));
        DicomFile f = File(ds);
        Default().Apply(f);

        Assert.Equal("1.2.840.113619.4.999", ds.GetString(Tag("SOPClassUID")));
        DicomDataset item = ((DicomSequence)ds[Tag("AnatomicRegionSequence")]!).Items[0];
        Assert.Equal("2.16.840.1.113883.6.96", item.GetString(Tag("CodingSchemeUID")));
        Assert.Equal("1.2.3.4.5.6", item.GetString(Tag("ContextUID")));
        DicomDataset reference = ((DicomSequence)ds[Tag("ReferencedImageSequence")]!).Items[0];
        Assert.Equal("1.2.840.113619.4.2", reference.GetString(Tag("ReferencedSOPClassUID")));
        Assert.Equal(ExpectedUid("1.2.840.113619.5.5"), reference.GetString(Tag("ReferencedSOPInstanceUID")));
    }

    // ---- class 5: file meta, command group, encrypted attributes ----

    [Fact]
    public void Apply_FileMeta_KeepsOnlyWhatPart10Needs()
    {
        DicomFile f = File(Image());
        DicomDataset meta = f.FileMetaInformation
            .With("(0002,0026)", DicomVR.UR, "http://pacs.example/SourceOf-MRN0042")
            .With("(0002,0027)", DicomVR.UR, "http://pacs.example/SendingOf-MRN0042")
            .With("(0002,0028)", DicomVR.UR, "http://pacs.example/ReceivingOf-MRN0042")
            .With("(0002,0031)", DicomVR.OB, "MRN0042 ")
            .With("(0002,0033)", DicomVR.LO, "MRN0042 RTV meta")
            .With("(0002,0035)", DicomVR.OB, "MRN0042 ")
            .With("(0002,0013)", DicomVR.SH, "SRCVER");
        Default().Apply(f);

        uint[] left = meta.Select(e => e.Tag.Value).ToArray();
        Assert.All(left, t => Assert.Contains(t, new uint[] { 0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013 }));
        Assert.DoesNotContain(AllText(f), s => s.Contains("MRN0042", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_CommandGroupInDataset_Removed()
    {
        DicomDataset ds = Image()
            .With("(0000,0002)", DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2")
            .With("(0000,1030)", DicomVR.AE, "MRN0042");
        ds.Set(new DicomValueElement(new DicomTag(0x0000, 0x0100), DicomVR.US, new byte[] { 1, 0 }));
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.DoesNotContain(ds, e => e.Tag.Group == 0x0000);
    }

    [Fact]
    public void Apply_EncryptedAttributesSequence_RemovedWhole()
    {
        DicomDataset encrypted = new DicomDataset()
            .With("(0400,0510)", DicomVR.UI, "1.2.840.10008.1.2.1")
            .WithBytes("(0400,0520)", DicomVR.OB, System.Text.Encoding.ASCII.GetBytes("DOE^JANE MRN0042"));
        DicomDataset ds = Image().With("(0400,0500)", encrypted);
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.False(ds.Contains(new DicomTag(0x0400, 0x0500)));
    }

    // ---- class 8: options compose ----

    [Theory]
    [InlineData(DeidentificationOption.CleanDescriptors)]
    [InlineData(DeidentificationOption.RetainSafePrivate)]
    [InlineData(DeidentificationOption.RetainUids)]
    [InlineData(DeidentificationOption.RetainDeviceIdentity)]
    [InlineData(DeidentificationOption.CleanGraphics)]
    [InlineData(DeidentificationOption.CleanStructuredContent)]
    public void Apply_AnyOption_AddsToDefaultAndDatesStayShifted(DeidentificationOption option)
    {
        DicomDataset ds = Image();
        DicomFile f = File(ds);
        Deidentifier d = Create(option);
        DeidentificationResult r = d.Apply(f);

        string expected = ShiftedDate("20240110", d.GetDateOffsetDays("MRN0042"));
        Assert.Equal(expected, ds.GetString(Tag("StudyDate")));
        Assert.Equal(expected, ds.GetString(Tag("ContentDate")));
        Assert.NotEqual("19000101", ds.GetString(Tag("ContentDate")));
        Assert.Equal("MODIFIED", ds.GetString(Tag("LongitudinalTemporalInformationModified")));
        Assert.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, d.Options);
        Assert.Contains(option, d.Options);
        Assert.Contains(r.MethodCodes, c => c.CodeValue == "113107");
        Assert.NotEqual(0, r.DateOffsetDays);
    }

    [Fact]
    public void Apply_AllOptionsButFullDates_DatesStayShifted()
    {
        DeidentificationOption[] all = ((DeidentificationOption[])Enum.GetValues(typeof(DeidentificationOption)))
            .Where(o => o != DeidentificationOption.RetainLongitudinalTemporalInformationFullDates && o != DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates)
            .ToArray();
        DicomDataset ds = Image();
        Deidentifier d = Create(all);
        d.Apply(File(ds));
        Assert.Equal(ShiftedDate("20240110", d.GetDateOffsetDays("MRN0042")), ds.GetString(Tag("StudyDate")));
    }

    [Fact]
    public void Apply_FullDatesWithOthers_KeepsDates()
    {
        DicomDataset ds = Image();
        Deidentifier d = Create(DeidentificationOption.CleanDescriptors, DeidentificationOption.RetainLongitudinalTemporalInformationFullDates);
        d.Apply(File(ds));
        Assert.Equal("20240110", ds.GetString(Tag("StudyDate")));
        Assert.DoesNotContain(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, d.Options);
    }

    [Fact]
    public void Apply_ExplicitOptOut_DatesFollowTheBasicProfile()
    {
        DicomDataset ds = Image();
        Deidentifier d = CreateRemovingDates(DeidentificationOption.CleanDescriptors);
        d.Apply(File(ds));
        Assert.Equal(string.Empty, ds.GetString(Tag("StudyDate")));
        Assert.Equal("REMOVED", ds.GetString(Tag("LongitudinalTemporalInformationModified")));
        Assert.DoesNotContain(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, d.Options);
    }

    [Fact]
    public void Constructor_OptOutWithTemporalOption_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Deidentifier(new DeidentificationSettings
        {
            Key = Key,
            RemoveTemporalInformation = true,
            Options = new[] { DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates },
        }));
    }

    // ---- classes 3 and 7: conditional actions by the Type in the file's IOD ----

    private const string GspsStorage = "1.2.840.10008.5.1.4.1.1.11.1";
    private const string EncapsulatedPdfStorage = "1.2.840.10008.5.1.4.1.1.104.1";

    [Fact]
    public void IodAttributeTypes_GeneratedFromDicom3tools_KnowTheTypes()
    {
        Assert.Equal("CTImage", IodAttributeTypes.IodOf(CtImageStorage));
        Assert.Equal("EncapsulatedPDF", IodAttributeTypes.IodOf(EncapsulatedPdfStorage));
        Assert.Null(IodAttributeTypes.IodOf("1.2.826.0.1.3680043.99.555"));
        Assert.Equal(IodAttributeType.RequiredWithValue, IodAttributeTypes.TypeOf("CTImage", Tag("StudyInstanceUID"), nested: false));
        Assert.Equal(IodAttributeType.Required, IodAttributeTypes.TypeOf("CTImage", Tag("StudyDate"), nested: false));
        Assert.Equal(IodAttributeType.Optional, IodAttributeTypes.TypeOf("CTImage", Tag("ReferencedStudySequence"), nested: false));
        Assert.Equal(IodAttributeType.Required, IodAttributeTypes.TypeOf("EncapsulatedPDF", Tag("DocumentTitle"), nested: false));
        Assert.Equal(IodAttributeType.RequiredWithValue, IodAttributeTypes.TypeOf("GrayscaleSoftcopyPresentationState", Tag("PresentationCreationDate"), nested: false));
        Assert.Equal(IodAttributeType.RequiredWithValue, IodAttributeTypes.TypeOf("CTImage", new DicomTag(0x6002, 0x3000), nested: false)); // (60xx,3000)
    }

    [Theory]
    [InlineData("X/Z", IodAttributeType.RequiredWithValue, ProfileAction.Dummy)]
    [InlineData("X/Z", IodAttributeType.Required, ProfileAction.Empty)]
    [InlineData("X/Z", IodAttributeType.Optional, ProfileAction.Remove)]
    [InlineData("X/D", IodAttributeType.Required, ProfileAction.Dummy)]
    [InlineData("X/D", IodAttributeType.Optional, ProfileAction.Remove)]
    [InlineData("Z/D", IodAttributeType.RequiredWithValue, ProfileAction.Dummy)]
    [InlineData("Z/D", IodAttributeType.Optional, ProfileAction.Empty)]
    [InlineData("X/Z/D", IodAttributeType.RequiredWithValue, ProfileAction.Dummy)]
    [InlineData("X/Z/D", IodAttributeType.Required, ProfileAction.Empty)]
    [InlineData("X/Z/D", IodAttributeType.Optional, ProfileAction.Remove)]
    [InlineData("X/Z/U*", IodAttributeType.RequiredWithValue, ProfileAction.RemapUid)]
    [InlineData("X/Z/U*", IodAttributeType.Required, ProfileAction.RemapUid)] // references stay resolvable (see ResolveCode)
    [InlineData("X/Z/U*", IodAttributeType.Optional, ProfileAction.Remove)]
    [InlineData("K", IodAttributeType.Optional, ProfileAction.Keep)]
    public void ResolveCode_ByIodType_FollowsTheIssueTable(string code, object type, object expected) =>
        Assert.Equal((ProfileAction)expected, ConfidentialityProfile.ResolveCode(code, (IodAttributeType)type));

    [Fact]
    public void Apply_DummyOnSequence_WritesOneNewItemNeverTheOriginals()
    {
        static DicomDataset Code(string value, string meaning) => new DicomDataset()
            .With("CodeValue", DicomVR.SH, value)
            .With("CodingSchemeDesignator", DicomVR.SH, "99KRI")
            .With("CodeMeaning", DicomVR.LO, meaning);
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.826.0.1.3680043.99.555"); // no known IOD: X/Z/D -> D
        ds.Set(new DicomSequence(Tag("InstitutionCodeSequence"), new[] { Code("KRI42", "Kingsbridge Royal Infirmary"), Code("KRI43", "Lantern Street Annex") }));
        DicomFile f = File(ds);
        Default().Apply(f);

        DicomDataset item = Assert.Single(ds.GetSequence(Tag("InstitutionCodeSequence"))!.Items);
        Assert.Equal("ANONYMIZED", item.GetString(Tag("CodeValue")));
        Assert.Equal("ANONYMIZED", item.GetString(Tag("CodingSchemeDesignator")));
        Assert.Equal("ANONYMIZED", item.GetString(Tag("CodeMeaning")));
        string dump = Dump(f);
        Assert.DoesNotContain("Kingsbridge", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("KRI4", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DummyOnObserverSequence_OneDummyItemWithShiftedDate()
    {
        DicomDataset observer = new DicomDataset()
            .With("VerifyingObserverName", DicomVR.PN, "WATSON^JOHN")
            .With("VerifyingOrganization", DicomVR.LO, "Kingsbridge Royal Infirmary")
            .With("VerificationDateTime", DicomVR.DT, "20240112093000");
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.33").With("VerifyingObserverSequence", observer);
        Deidentifier d = Default();
        DicomFile f = File(ds);
        d.Apply(f);

        DicomDataset item = Assert.Single(ds.GetSequence(Tag("VerifyingObserverSequence"))!.Items);
        Assert.Equal("ANONYMIZED", item.GetString(Tag("VerifyingObserverName")));
        Assert.Equal("ANONYMIZED", item.GetString(Tag("VerifyingOrganization")));
        Assert.Equal(ShiftedDate("20240112", d.GetDateOffsetDays("MRN0042")) + "093000", item.GetString(Tag("VerificationDateTime")));
        Assert.DoesNotContain("WATSON", Dump(f), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CompoundOnType3Sequence_RemovedNotLeftEmpty()
    {
        DicomDataset reference = new DicomDataset()
            .With("ReferencedSOPClassUID", DicomVR.UI, "1.2.840.10008.3.1.2.3.1")
            .With("ReferencedSOPInstanceUID", DicomVR.UI, "1.2.826.0.1.3680043.99.1");
        DicomDataset ds = Image().With("ReferencedStudySequence", reference);
        Default().Apply(File(ds));
        Assert.False(ds.Contains(Tag("ReferencedStudySequence"))); // X/Z, Type 3 -> X, not zero items
    }

    [Fact]
    public void Apply_CompoundWithoutKnownIod_FallsBackToLeastDestructive()
    {
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.826.0.1.3680043.99.555");
        Default().Apply(File(ds));
        Assert.Equal("ANONYMIZED", ds.GetString(Tag("InstitutionName"))); // X/Z/D -> D
    }

    [Fact]
    public void Apply_OverlayDataRemoved_RemovesItsWholeGroup()
    {
        DicomDataset ds = Image()
            .With("(6002,0022)", DicomVR.LO, "overlay of DOE")
            .With("(6002,0040)", DicomVR.CS, "G")
            .WithBytes("(6002,0010)", DicomVR.US, 2, 0)
            .WithBytes("(6002,0011)", DicomVR.US, 2, 0)
            .WithBytes("(6002,0100)", DicomVR.US, 1, 0)
            .WithBytes("(6002,3000)", DicomVR.OW, 0xFF, 0x00);
        DeidentificationResult r = Default().Apply(File(ds));
        Assert.DoesNotContain(ds, e => e.Tag.Group == 0x6002);
        Assert.True(r.Removed >= 6);
    }

    [Fact]
    public void Apply_EncapsulatedDocument_Type2TextEmptiedNotRemoved()
    {
        DicomDataset ds = Image()
            .With("SOPClassUID", DicomVR.UI, EncapsulatedPdfStorage)
            .With("DocumentTitle", DicomVR.ST, "Discharge letter for DOE^JANE");
        Default().Apply(File(ds));
        Assert.True(ds.Contains(Tag("DocumentTitle")));
        Assert.Equal(string.Empty, ds.GetString(Tag("DocumentTitle")));
    }

    [Fact]
    public void Apply_KeptType1DateWithDatesRemoved_GetsDummyNotEmpty()
    {
        // Retain Device Identity keeps Date of Last Detector Calibration (K); with dates opted out the safety net would
        // empty it, but it is Type 1 inside the functional groups of a Breast Tomosynthesis Image.
        DicomDataset group = new DicomDataset().With("DateOfLastDetectorCalibration", DicomVR.DA, "20231201");
        DicomDataset ds = Image().With("SOPClassUID", DicomVR.UI, "1.2.840.10008.5.1.4.1.1.13.1.3").With("SharedFunctionalGroupsSequence", group);
        CreateRemovingDates(DeidentificationOption.RetainDeviceIdentity).Apply(File(ds));
        DicomDataset item = Assert.Single(ds.GetSequence(Tag("SharedFunctionalGroupsSequence"))!.Items);
        Assert.Equal("19000101", item.GetString(Tag("DateOfLastDetectorCalibration")));
    }

    [Fact]
    public void Apply_PresentationCreationDateType1_NeverEmpty()
    {
        static DicomDataset Gsps() => Image()
            .With("SOPClassUID", DicomVR.UI, GspsStorage)
            .With("PresentationCreationDate", DicomVR.DA, "20240111")
            .With("PresentationCreationTime", DicomVR.TM, "101500");

        DicomDataset removing = Gsps();
        CreateRemovingDates().Apply(File(removing));
        Assert.Equal("19000101", removing.GetString(Tag("PresentationCreationDate")));
        Assert.Equal("000000", removing.GetString(Tag("PresentationCreationTime")));

        foreach (Deidentifier d in new[] { Default(), Create(DeidentificationOption.RetainSafePrivate), Create(DeidentificationOption.CleanDescriptors) })
        {
            DicomDataset ds = Gsps();
            d.Apply(File(ds));
            Assert.Equal(ShiftedDate("20240111", d.GetDateOffsetDays("MRN0042")), ds.GetString(Tag("PresentationCreationDate")));
        }
    }

    // ---- class 2: Retain Safe Private checks the table's VR ----

    private static DicomDataset WithPrivate(DicomDataset ds, ushort group, string creator, params (byte Element, DicomVR Vr, byte[] Value)[] elements)
    {
        ds.SetString(new DicomTag(group, 0x0010), DicomVR.LO, creator);
        foreach ((byte el, DicomVR vr, byte[] value) in elements)
        {
            ds.Set(new DicomValueElement(new DicomTag(group, (ushort)(0x1000 | el)), vr, value, creator));
        }

        return ds;
    }

    private static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s.Length % 2 == 0 ? s : s + " ");

    /// <summary>One implicit VR little endian item (as a UN-encoded sequence carries it) with the given text elements.</summary>
    private static byte[] ImplicitItem(params (uint Tag, string Value)[] elements)
    {
        var body = new System.IO.MemoryStream();
        foreach ((uint tag, string value) in elements)
        {
            byte[] v = Ascii(value);
            body.Write(BitConverter.GetBytes((ushort)(tag >> 16)));
            body.Write(BitConverter.GetBytes((ushort)(tag & 0xFFFF)));
            body.Write(BitConverter.GetBytes((uint)v.Length));
            body.Write(v);
        }

        var item = new System.IO.MemoryStream();
        item.Write(BitConverter.GetBytes((ushort)0xFFFE));
        item.Write(BitConverter.GetBytes((ushort)0xE000));
        item.Write(BitConverter.GetBytes((uint)body.Length));
        item.Write(body.ToArray());
        return item.ToArray();
    }

    private static readonly DicomTag ChemicalShift = new(0x2001, 0x1001); // FL
    private static readonly DicomTag ChemicalShiftNumber = new(0x2001, 0x1002); // IS
    private static readonly DicomTag StackSequence = new(0x2001, 0x105F); // SQ

    [Fact]
    public void Apply_RetainSafePrivate_WrongVrOrMalformedValueRemoved()
    {
        DicomDataset ds = WithPrivate(Image(), 0x2001, "Philips Imaging DD 001",
            (0x01, DicomVR.LO, Ascii("DOE^JANE")), // FL slot holding text
            (0x02, DicomVR.IS, Ascii("MRN0042"))); // IS slot holding an ID
        Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.False(ds.Contains(ChemicalShift));
        Assert.False(ds.Contains(ChemicalShiftNumber));
        Assert.False(ds.Contains(new DicomTag(0x2001, 0x0010))); // no element left in the block: creator goes too
    }

    [Fact]
    public void Apply_RetainSafePrivate_WellFormedValuesKeptAndUnReadByTableVr()
    {
        DicomDataset ds = WithPrivate(Image(), 0x2001, "Philips Imaging DD 001",
            (0x01, DicomVR.UN, BitConverter.GetBytes(1.5f)),
            (0x02, DicomVR.IS, Ascii("12")));
        Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.Equal(DicomVR.FL, ds[ChemicalShift]!.VR);
        Assert.Equal(BitConverter.GetBytes(1.5f), ((DicomValueElement)ds[ChemicalShift]!).GetBytes());
        Assert.Equal("12", ds.GetString(ChemicalShiftNumber));
    }

    [Fact]
    public void Apply_RetainSafePrivate_UnOfOddLengthInFlSlotRemoved()
    {
        DicomDataset ds = WithPrivate(Image(), 0x2001, "Philips Imaging DD 001", (0x01, DicomVR.UN, new byte[] { 0x44, 0x4F, 0x45 }));
        DeidentificationResult r = Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.False(ds.Contains(ChemicalShift));
        Assert.Contains(r.Warnings, w => w.Contains("(2001,1001)", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_RetainSafePrivate_SequenceSentAsUnParsedAndDeidentified()
    {
        byte[] items = ImplicitItem((0x00100010, "DOE^JANE"), (0x00100020, "MRN0042"), (0x00100030, "19700502"), (0x00081030, "Head of DOE"));
        DicomDataset ds = WithPrivate(Image(), 0x2001, "Philips Imaging DD 001", (0x5F, DicomVR.UN, items));
        DicomFile f = File(ds);
        Create(DeidentificationOption.RetainSafePrivate).Apply(f);

        DicomSequence sq = Assert.IsType<DicomSequence>(ds[StackSequence]);
        DicomDataset item = Assert.Single(sq.Items);
        Assert.Equal(string.Empty, item.GetString(Tag("PatientBirthDate")));
        Assert.False(item.Contains(Tag("StudyDescription")));
        string dump = Dump(f);
        Assert.DoesNotContain("DOE", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN0042", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("19700502", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RetainSafePrivate_UnreadableUnInSequenceSlotRemoved()
    {
        DicomDataset ds = WithPrivate(Image(), 0x2001, "Philips Imaging DD 001", (0x5F, DicomVR.UN, Ascii("DOE^JANE MRN0042 not items")));
        Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.False(ds.Contains(StackSequence));
    }

    [Fact]
    public void Apply_RetainSafePrivate_UidsRemappedLikePublicOnes()
    {
        DicomDataset ds = WithPrivate(Image(), 0x0099, "NQHeader", (0x02, DicomVR.UI, Ascii("1.2.826.0.1.3680043.99.1.1")));
        Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.1"), ds.GetString(new DicomTag(0x0099, 0x1002)));
    }

    [Fact]
    public void Apply_RetainSafePrivate_TextAndBlobsEchoingIdentifiersRemoved()
    {
        byte[] footer = new byte[64];
        byte[] name = System.Text.Encoding.Unicode.GetBytes("DOE^JANE");
        Buffer.BlockCopy(name, 0, footer, 20, name.Length);
        DicomDataset ds = WithPrivate(Image(), 0x7FD1, "SIEMENS Ultrasound SC2000", (0x01, DicomVR.OB, footer), (0x10, DicomVR.OB, new byte[16]));
        WithPrivate(ds, 0x0019, "GEMS_ACQU_01", (0x9E, DicomVR.LO, Ascii("SEQ for MRN0042")));
        DicomFile f = File(ds);
        Create(DeidentificationOption.RetainSafePrivate).Apply(f);

        Assert.False(ds.Contains(new DicomTag(0x7FD1, 0x1001)));
        Assert.True(ds.Contains(new DicomTag(0x7FD1, 0x1010))); // zeros name nobody
        Assert.False(ds.Contains(new DicomTag(0x0019, 0x109E)));
    }

    [Theory]
    [InlineData((1 << 20) - 7)] // straddles the scan's first window boundary
    [InlineData((2 << 20) + 11)]
    public void Apply_RetainSafePrivate_IdentifierDeepInLargeBlobFound(int offset)
    {
        byte[] payload = new byte[(3 << 20) + 5];
        byte[] name = System.Text.Encoding.BigEndianUnicode.GetBytes("DOE^JANE");
        Buffer.BlockCopy(name, 0, payload, offset, name.Length);
        DicomDataset ds = WithPrivate(Image(), 0x7FD1, "SIEMENS Ultrasound SC2000", (0x10, DicomVR.OB, payload));
        Create(DeidentificationOption.RetainSafePrivate).Apply(File(ds));
        Assert.False(ds.Contains(new DicomTag(0x7FD1, 0x1010)));
    }

    [Fact]
    public void SafePrivateAttributes_VrFromTheTable()
    {
        Assert.True(SafePrivateAttributes.TryGetVRs(0x2001, "Philips Imaging DD 001", 0x01, out var fl));
        Assert.Equal(new[] { DicomVR.FL }, fl);
        Assert.True(SafePrivateAttributes.TryGetVRs(0x2001, "Philips Imaging DD 001", 0x7D, out var owob));
        Assert.Equal(new[] { DicomVR.OW, DicomVR.OB }, owob);
        Assert.False(SafePrivateAttributes.TryGetVRs(0x2001, "Philips Imaging DD 001", 0xEE, out _));
    }

    private static string ShiftedDate(string yyyymmdd, int days) =>
        DateTime.ParseExact(yyyymmdd, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture).AddDays(days).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
