// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Values;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

public sealed class DeidentifierTests
{
    [Fact]
    public void Apply_Default_PatientIdAndNameBecomeKeyedPseudonym()
    {
        DicomFile f = File(Image());
        DeidentificationResult r = Default().Apply(f);

        string id = f.Dataset.GetString(Tag("PatientID"))!;
        Assert.Matches("^ANON[A-Z2-7]{16}$", id);
        Assert.Equal(id, f.Dataset.GetString(Tag("PatientName")));
        Assert.Equal(id, r.PseudonymPatientId);
        Assert.Equal("MRN0042", r.OriginalPatientId);
        Assert.Equal(id, Default().GetPseudonymPatientId("MRN0042"));
        Assert.NotEqual(id, Default().GetPseudonymPatientId("MRN0043"));
    }

    [Fact]
    public void Apply_Default_UidsRemappedWithKeyedFunctionAndStandardUidsKept()
    {
        DicomFile f = File(Image());
        DeidentificationResult r = Default().Apply(f);

        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1"), f.Dataset.GetString(Tag("StudyInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.1"), f.Dataset.GetString(Tag("SeriesInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.9"), f.Dataset.GetString(Tag("FrameOfReferenceUID")));
        Assert.Equal(CtImageStorage, f.Dataset.GetString(Tag("SOPClassUID")));
        Assert.Equal(r.StudyInstanceUid, f.Dataset.GetString(Tag("StudyInstanceUID")));
        Assert.Equal("1.2.826.0.1.3680043.99.1", r.OriginalStudyInstanceUid);
        Assert.Equal(5, r.UidsRemapped); // study, series, frame of reference, SOP instance, media storage SOP instance
        Assert.True(f.Dataset.GetString(Tag("StudyInstanceUID"))!.Length <= 64);
    }

    [Fact]
    public void Apply_FileMeta_MediaStorageInstanceFollowsSopInstanceAndAeTitleRemoved()
    {
        DicomFile f = File(Image());
        Default().Apply(f);

        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.1.1"), f.FileMetaInformation.GetString(Tag("MediaStorageSOPInstanceUID")));
        Assert.Equal(f.Dataset.GetString(Tag("SOPInstanceUID")), f.FileMetaInformation.GetString(Tag("MediaStorageSOPInstanceUID")));
        Assert.False(f.FileMetaInformation.Contains(Tag("SourceApplicationEntityTitle")));
        Assert.Equal("1.2.840.10008.1.2.1", f.FileMetaInformation.GetString(Tag("TransferSyntaxUID")));
    }

    [Fact]
    public void Apply_Default_BasicProfileActionsOnWellKnownAttributes()
    {
        DicomFile f = File(Image());
        Default().Apply(f);
        DicomDataset ds = f.Dataset;

        Assert.Equal(string.Empty, ds.GetString(Tag("AccessionNumber"))); // Z
        Assert.Equal(string.Empty, ds.GetString(Tag("PatientBirthDate"))); // Z
        Assert.Equal(string.Empty, ds.GetString(Tag("PatientSex"))); // Z
        Assert.Equal(string.Empty, ds.GetString(Tag("ReferringPhysicianName"))); // Z
        Assert.False(ds.Contains(Tag("PatientAge"))); // X
        Assert.False(ds.Contains(Tag("StudyDescription"))); // X
        Assert.False(ds.Contains(Tag("InstitutionAddress"))); // X
        Assert.False(ds.Contains(Tag("InstitutionName"))); // X/Z/D, Type 3 in the CT Image IOD -> X
        Assert.Equal("SynthVendor", ds.GetString(Tag("Manufacturer"))); // not in the table
        Assert.Equal("CT", ds.GetString(Tag("Modality")));
        Assert.Equal((ushort)2, ds.GetUInt16(Tag("Rows")));
    }

    [Fact]
    public void Apply_ModifiedDates_ShiftByPatientOffsetKeepingIntervalsTimesAndUtcOffsets()
    {
        DicomDataset ds = Image(studyDate: "20240110")
            .With("ContentDate", DicomVR.DA, "20240120")
            .With("AcquisitionDateTime", DicomVR.DT, "20240110083000.5+0100");
        DicomFile f = File(ds);
        DeidentificationResult r = Default().Apply(f);

        int offset = Default().GetDateOffsetDays("MRN0042");
        Assert.Equal(offset, r.DateOffsetDays);
        Assert.InRange(offset, -3650, -365);
        var study = DicomDate.Parse(ds.GetString(Tag("StudyDate"))!).ToDateTime();
        var content = DicomDate.Parse(ds.GetString(Tag("ContentDate"))!).ToDateTime();
        Assert.Equal(new DateTime(2024, 1, 10).AddDays(offset), study);
        Assert.Equal(10, (content - study).TotalDays);
        string dt = ds.GetString(Tag("AcquisitionDateTime"))!;
        Assert.Equal(new DateTime(2024, 1, 10).AddDays(offset).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "083000.5+0100", dt);
        Assert.Equal("083015.25", ds.GetString(Tag("StudyTime")));
        Assert.Equal("MODIFIED", ds.GetString(Tag("LongitudinalTemporalInformationModified")));
        Assert.Equal(3, r.DatesShifted);
    }

    [Fact]
    public void Apply_FullDates_KeepsDatesAndRecordsUnmodified()
    {
        DicomFile f = File(Image());
        Create(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates).Apply(f);
        Assert.Equal("20240110", f.Dataset.GetString(Tag("StudyDate")));
        Assert.Equal("UNMODIFIED", f.Dataset.GetString(Tag("LongitudinalTemporalInformationModified")));
    }

    [Fact]
    public void Apply_NoTemporalOption_DatesFollowTableAndRecordRemoved()
    {
        DicomDataset ds = Image().With("AcquisitionDate", DicomVR.DA, "20240110").With("(0018,9804)", DicomVR.DT, "20240110101010");
        DicomFile f = File(ds);
        DeidentificationResult r = CreateRemovingDates().Apply(f);
        Assert.Equal(string.Empty, ds.GetString(Tag("StudyDate"))); // Z
        Assert.Equal(string.Empty, ds.GetString(Tag("ContentDate"))); // Z/D, Type 2C in the CT Image IOD -> Z
        Assert.False(ds.Contains(Tag("AcquisitionDate"))); // X/Z, Type 3 -> X
        Assert.Equal(string.Empty, ds.GetString(Tag("StudyTime"))); // Z
        Assert.Equal("19000101000000", ds.GetString(Tag("(0018,9804)"))); // Exclusion Start DateTime, D
        Assert.Equal("REMOVED", ds.GetString(Tag("LongitudinalTemporalInformationModified")));
        Assert.Equal(0, r.DateOffsetDays);
        Assert.Equal(0, r.DatesShifted);
    }

    [Fact]
    public void Apply_PreferRemovalPolicy_RemovesCompoundAttributes()
    {
        DicomFile f = File(Image());
        new Deidentifier(new DeidentificationSettings { Key = Key, Options = Array.Empty<DeidentificationOption>(), RemoveTemporalInformation = true, CompoundActions = CompoundActionPolicy.PreferRemoval }).Apply(f);
        Assert.False(f.Dataset.Contains(Tag("InstitutionName"))); // X/Z/D -> X
        Assert.Equal(string.Empty, f.Dataset.GetString(Tag("ContentDate"))); // Z/D -> Z
    }

    [Fact]
    public void Apply_Marks_IdentityRemovedMethodAndCodes()
    {
        DicomFile f = File(Image());
        DeidentificationResult r = Create(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, DeidentificationOption.CleanPixelData).Apply(f);
        DicomDataset ds = f.Dataset;

        Assert.Equal("YES", ds.GetString(Tag("PatientIdentityRemoved")));
        string[] methods = ds.GetStrings(Tag("DeidentificationMethod"));
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.InRange(m.Length, 1, 64));
        DicomSequence codes = ds.GetSequence(Tag("DeidentificationMethodCodeSequence"))!;
        Assert.Equal(new[] { "113100", "113101", "113107" }, codes.Items.Select(i => i.GetString(Tag("CodeValue"))).OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(codes.Items, i => Assert.Equal("DCM", i.GetString(Tag("CodingSchemeDesignator"))));
        Assert.Equal(3, r.MethodCodes.Count);
    }

    [Fact]
    public void Apply_NestedSequencesFourDeep_PnUiDaAndTextHandledAtEveryLevel()
    {
        DicomDataset leaf = new DicomDataset()
            .With("PersonName", DicomVR.PN, "WATSON^JOHN")
            .With("UID", DicomVR.UI, "1.2.826.0.1.3680043.99.7")
            .With("Date", DicomVR.DA, "20240115")
            .With("TextValue", DicomVR.UT, "Seen by Dr Watson")
            .With("PatientName", DicomVR.PN, "DOE^JANE")
            .With("(1234,0010)", DicomVR.PN, "MORIARTY^JAMES");
        leaf.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME 1.0");
        leaf.SetString(new DicomTag(0x0029, 0x1001), DicomVR.LO, "secret private");
        DicomDataset level3 = new DicomDataset().With("ContentSequence", leaf);
        DicomDataset level2 = new DicomDataset().With("ContentSequence", level3).With("ReferencedSOPInstanceUID", DicomVR.UI, "1.2.826.0.1.3680043.99.1.1.2");
        DicomDataset ds = Image().With("ContentSequence", new DicomDataset().With("ContentSequence", level2));
        DicomFile f = File(ds);
        Default().Apply(f);

        DicomDataset outLeaf = Walk(f.Dataset).Single(d => d.Contains(Tag("PersonName")));
        Assert.Equal("ANONYMIZED", outLeaf.GetString(Tag("PersonName"))); // D
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.7"), outLeaf.GetString(Tag("UID")));
        int offset = Default().GetDateOffsetDays("MRN0042");
        Assert.Equal(DicomDate.Parse("20240115").AddDays(offset).ToString(), outLeaf.GetString(Tag("Date")));
        Assert.Equal("ANONYMIZED", outLeaf.GetString(Tag("TextValue"))); // free text in SR content: dummy
        // Content Sequence is D: each level is one dummy item shaped like the first original item.
        Assert.Equal("ANONYMIZED", outLeaf.GetString(Tag("PatientName")));
        Assert.Equal("ANONYMIZED", outLeaf.GetString(Tag("(1234,0010)")));
        Assert.False(outLeaf.Contains(new DicomTag(0x0029, 0x1001)));
        Assert.False(outLeaf.Contains(new DicomTag(0x0029, 0x0010)));
        DicomDataset outLevel2 = Walk(f.Dataset).Single(d => d.Contains(Tag("ReferencedSOPInstanceUID")));
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.1.2"), outLevel2.GetString(Tag("ReferencedSOPInstanceUID")));
    }

    [Fact]
    public void Apply_ReferencedImageSequence_KeptWithUidsRemapped()
    {
        DicomDataset item = new DicomDataset()
            .With("ReferencedSOPClassUID", DicomVR.UI, CtImageStorage)
            .With("ReferencedSOPInstanceUID", DicomVR.UI, "1.2.826.0.1.3680043.99.1.1.7");
        // An IOD the tables do not know: X/Z/U* falls back to U (keep, remap). CT: see Issue8ProfileTests.
        DicomFile f = File(Image().With("SOPClassUID", DicomVR.UI, "1.2.826.0.1.3680043.99.555").With("ReferencedImageSequence", item));
        Default().Apply(f);
        DicomDataset outItem = Assert.Single(f.Dataset.GetSequence(Tag("ReferencedImageSequence"))!.Items);
        Assert.Equal(CtImageStorage, outItem.GetString(Tag("ReferencedSOPClassUID")));
        Assert.Equal(ExpectedUid("1.2.826.0.1.3680043.99.1.1.7"), outItem.GetString(Tag("ReferencedSOPInstanceUID")));
    }

    [Fact]
    public void Apply_PrivateBlocks_RemovedWithoutOptionAndSafeOnesKeptWithIt()
    {
        static DicomFile Build()
        {
            DicomDataset ds = Image();
            ds.SetString(new DicomTag(0x7053, 0x0010), DicomVR.LO, "Philips PET Private Group");
            ds.SetString(new DicomTag(0x7053, 0x1000), DicomVR.DS, "0.00123"); // SUV factor: safe
            ds.SetString(new DicomTag(0x7053, 0x1077), DicomVR.LO, "not listed"); // same block, not safe
            ds.SetString(new DicomTag(0x7053, 0x0011), DicomVR.LO, "ACME PET");
            ds.SetString(new DicomTag(0x7053, 0x1100), DicomVR.DS, "7"); // same element byte, other creator
            ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "SIEMENS CSA HEADER");
            ds.SetString(new DicomTag(0x0029, 0x1010), DicomVR.LO, "csa");
            return File(ds);
        }

        DicomFile plain = Build();
        Default().Apply(plain);
        Assert.DoesNotContain(plain.Dataset, e => e.Tag.IsPrivate);

        DicomFile safe = Build();
        Create(DeidentificationOption.RetainSafePrivate).Apply(safe);
        Assert.Equal(
            new[] { new DicomTag(0x7053, 0x0010), new DicomTag(0x7053, 0x1000) },
            safe.Dataset.Where(e => e.Tag.IsPrivate).Select(e => e.Tag).ToArray());
        Assert.Equal("0.00123", safe.Dataset.GetString(new DicomTag(0x7053, 0x1000)));
    }

    [Fact]
    public void Apply_SafePrivateInAnotherBlock_FollowsItsCreator()
    {
        DicomDataset ds = Image();
        ds.SetString(new DicomTag(0x00E1, 0x0012), DicomVR.LO, "ELSCINT1");
        ds.SetString(new DicomTag(0x00E1, 0x1221), DicomVR.DS, "512.5"); // (00E1,xx21) DLP in block 12
        DicomFile f = File(ds);
        Create(DeidentificationOption.RetainSafePrivate).Apply(f);
        Assert.Equal("512.5", f.Dataset.GetString(new DicomTag(0x00E1, 0x1221)));
        Assert.Equal("ELSCINT1", f.Dataset.GetString(new DicomTag(0x00E1, 0x0012)));
    }

    [Fact]
    public void Apply_TwoInstancesSameKey_ByteIdenticalInAnyOrderAndThreadCount()
    {
        string Run(Deidentifier d)
        {
            DicomFile f = File(Image().With("ContentSequence", new DicomDataset().With("PersonName", DicomVR.PN, "X^Y")));
            d.Apply(f);
            return Dump(f);
        }

        string a = Run(Default());
        string b = Run(Default());
        Assert.Equal(a, b);

        Deidentifier shared = Default();
        string[] parallel = new string[16];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Run(shared));
        Assert.All(parallel, p => Assert.Equal(a, p));

        var otherKey = new Deidentifier(new DeidentificationSettings { Key = Enumerable.Repeat((byte)7, 32).ToArray() });
        Assert.NotEqual(a, Run(otherKey));
    }

    [Fact]
    public void Apply_RetainUids_KeepsEveryUid()
    {
        DicomFile f = File(Image());
        DeidentificationResult r = Create(DeidentificationOption.RetainUids).Apply(f);
        Assert.Equal("1.2.826.0.1.3680043.99.1", f.Dataset.GetString(Tag("StudyInstanceUID")));
        Assert.Equal("1.2.826.0.1.3680043.99.1.1.1", f.FileMetaInformation.GetString(Tag("MediaStorageSOPInstanceUID")));
        Assert.Equal(0, r.UidsRemapped);
    }

    [Fact]
    public void Apply_RetainPatientCharacteristicsAndInstitution_KeepsThem()
    {
        DicomFile f = File(Image());
        Create(DeidentificationOption.RetainPatientCharacteristics, DeidentificationOption.RetainInstitutionIdentity).Apply(f);
        Assert.Equal("053Y", f.Dataset.GetString(Tag("PatientAge")));
        Assert.Equal("F", f.Dataset.GetString(Tag("PatientSex")));
        Assert.Equal("St Elsewhere General", f.Dataset.GetString(Tag("InstitutionName")));
        Assert.Equal(string.Empty, f.Dataset.GetString(Tag("PatientBirthDate")));
    }

    [Fact]
    public void Apply_CleanDescriptors_ScrubsIdentifiersNamesDatesAndLongNumbers()
    {
        DicomDataset ds = Image().With("SeriesDescription", DicomVR.LO, "Jane DOE 19700502 MRN0042 acc 1234567 on 2024-01-10 axial");
        DicomFile f = File(ds);
        Create(DeidentificationOption.CleanDescriptors).Apply(f);
        Assert.Equal("*** *** *** *** acc *** on *** axial", f.Dataset.GetString(Tag("SeriesDescription")));
        Assert.Equal("CT HEAD for *** ***", f.Dataset.GetString(Tag("StudyDescription")));
    }

    [Fact]
    public void Apply_RetainDeviceIdentity_AeTitlesCleanedToKeyedPseudonym()
    {
        DicomDataset ds = Image().With("StationAETitle", DicomVR.AE, "CT_ROOM_3").With("StationName", DicomVR.SH, "CTROOM3");
        DicomFile f = File(ds);
        Create(DeidentificationOption.RetainDeviceIdentity).Apply(f);
        Assert.Equal("CTROOM3", f.Dataset.GetString(Tag("StationName")));
        string ae = f.Dataset.GetString(Tag("StationAETitle"))!;
        Assert.Matches("^AE[A-Z2-7]{14}$", ae);
        string source = f.FileMetaInformation.GetString(Tag("SourceApplicationEntityTitle"))!;
        Assert.Matches("^AE[A-Z2-7]{14}$", source);
        Assert.NotEqual(ae, source);
    }

    [Fact]
    public void Apply_CleanGraphics_OverlayBitmapRemovedWithWarningNamingTheTag()
    {
        DicomDataset ds = Image().WithBytes("(6000,3000)", DicomVR.OW, 0xFF, 0x00);
        DicomFile f = File(ds);
        DeidentificationResult r = Create(DeidentificationOption.CleanGraphics).Apply(f);
        Assert.False(f.Dataset.Contains(new DicomTag(0x6000, 0x3000)));
        Assert.Contains(r.Warnings, w => w.Contains("(6000,3000)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DicomVR.PN, "MORIARTY^JAMES", true, "")]
    [InlineData(DicomVR.LO, "free text", false, null)]
    [InlineData(DicomVR.SH, "short", false, null)]
    [InlineData(DicomVR.UT, "long text", false, null)]
    [InlineData(DicomVR.CS, "CODE_1", true, "CODE_1")]
    [InlineData(DicomVR.DS, "1.5", true, "1.5")]
    [InlineData(DicomVR.IS, "12", true, "12")]
    [InlineData(DicomVR.UI, "1.2.826.0.1.3680043.99.55", true, "REMAP")]
    [InlineData(DicomVR.UI, "1.2.840.10008.1.2", true, "1.2.840.10008.1.2")]
    [InlineData(DicomVR.DA, "20240101", true, "SHIFT")]
    [InlineData(DicomVR.TM, "101010", true, "101010")]
    [InlineData(DicomVR.AE, "HOSTX", false, null)]
    public void Apply_UnknownPublicElement_SafeRuleByVR(DicomVR vr, string value, bool present, string? expected)
    {
        var tag = new DicomTag(0x1234, 0x0010);
        DicomDataset ds = Image();
        ds.SetString(tag, vr, value);
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.Equal(present, f.Dataset.Contains(tag));
        if (expected == "REMAP")
        {
            expected = ExpectedUid(value);
        }
        else if (expected == "SHIFT")
        {
            expected = DicomDate.Parse(value).AddDays(Default().GetDateOffsetDays("MRN0042")).ToString();
        }

        if (present)
        {
            Assert.Equal(expected, f.Dataset.GetString(tag));
        }
    }

    [Theory]
    [InlineData(DicomVR.US, 2)]
    [InlineData(DicomVR.SS, 2)]
    [InlineData(DicomVR.UL, 4)]
    [InlineData(DicomVR.FL, 4)]
    [InlineData(DicomVR.FD, 8)]
    [InlineData(DicomVR.AT, 4)]
    [InlineData(DicomVR.OB, -1)]
    [InlineData(DicomVR.OW, -1)]
    [InlineData(DicomVR.UN, -1)]
    public void Apply_UnknownPublicBinaryElement_KeptOnlyForNumbers(DicomVR vr, int size)
    {
        var tag = new DicomTag(0x1234, 0x0020);
        DicomDataset ds = Image();
        ds.Set(new DicomValueElement(tag, vr, new byte[size > 0 ? size : 4]));
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.Equal(size > 0, f.Dataset.Contains(tag));
    }

    [Fact]
    public void Apply_EveryRowOfTheTable_OutputValidAndFreeOfTheOriginalText()
    {
        foreach (DeidentificationOption[] options in new[]
        {
            Array.Empty<DeidentificationOption>(),
            new[] { DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates },
            new[] { DeidentificationOption.CleanDescriptors, DeidentificationOption.CleanStructuredContent, DeidentificationOption.CleanGraphics, DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates },
        })
        {
            DicomDataset ds = Image();
            foreach (ConfidentialityProfileRow row in ConfidentialityProfile.Rows.Where(r => !r.IsPrivateAttributesRow && r.Tag.Group != 0x0002 && r.Tag.Value != Tag("PatientID").Value && r.Tag.Value != Tag("SOPInstanceUID").Value))
            {
                DicomVR vr = DicomAnon.Core.Dictionary.DicomDictionary.GetVR(row.Tag);
                if (vr == DicomVR.SQ)
                {
                    ds.Set(new DicomSequence(row.Tag, new[] { new DicomDataset().With("PersonName", DicomVR.PN, "SECRETPERSON^X").With("TextValue", DicomVR.UT, "SECRETTEXT") }));
                }
                else if (DicomVRInfo.IsString(vr))
                {
                    ds.SetString(row.Tag, vr, SampleValue(vr));
                }
                else if (vr != DicomVR.UN)
                {
                    int size = DicomVRInfo.ValueSize(vr);
                    ds.Set(new DicomValueElement(row.Tag, vr, new byte[size > 0 ? size : 4]));
                }
            }

            DicomFile f = File(ds);
            Create(options).Apply(f);
            foreach (DicomDataset d in Walk(f.Dataset))
            {
                foreach (DicomElement e in d)
                {
                    if (e is not DicomValueElement v || !DicomVRInfo.IsString(e.VR))
                    {
                        continue;
                    }

                    string s = d.GetString(e.Tag) ?? string.Empty;
                    bool cleaning = options.Contains(DeidentificationOption.CleanDescriptors);
                    Assert.False(!cleaning && s.Contains("SECRET", StringComparison.Ordinal), $"{e.Tag} kept text with options {string.Join(",", options)}");
                    Assert.DoesNotContain("DOE", s, StringComparison.Ordinal);
                    foreach (string value in d.GetStrings(e.Tag))
                    {
                        int max = DicomVRInfo.MaxValueLength(e.VR);
                        Assert.True(max == 0 || value.Length <= max, $"{e.Tag} too long");
                        if (value.Length == 0)
                        {
                            continue;
                        }

                        switch (e.VR)
                        {
                            case DicomVR.DA:
                                Assert.True(DicomDate.TryParse(value, out _), $"{e.Tag} DA");
                                break;
                            case DicomVR.DT:
                                Assert.True(DicomDateTime.TryParse(value, out _), $"{e.Tag} DT");
                                break;
                            case DicomVR.TM:
                                Assert.True(DicomTime.TryParse(value, out _), $"{e.Tag} TM");
                                break;
                            case DicomVR.UI:
                                Assert.Matches("^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*$", value);
                                Assert.DoesNotContain("1.2.826.0.1.3680043.99.", value, StringComparison.Ordinal);
                                break;
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Apply_Utf8CharacterSet_PseudonymIsAsciiAndDecodes()
    {
        DicomDataset ds = Image().With("SpecificCharacterSet", DicomVR.CS, "ISO_IR 192");
        ds.SetString(Tag("PatientName"), DicomVR.PN, "山田^太郎");
        DicomFile f = File(ds);
        Default().Apply(f);
        Assert.Matches("^ANON[A-Z2-7]{16}$", f.Dataset.GetString(Tag("PatientName")));
        Assert.DoesNotContain(AllText(f), s => s.Contains("山田", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_DeferredPixelData_NeverRead()
    {
        DicomDataset ds = Image();
        var pixels = new FileRangeBuffer("/nonexistent/deid-test.dcm", 1024, 1 << 20);
        var element = new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels);
        ds.Set(element);
        DicomFile f = File(ds);
        Default().Apply(f); // reading the buffer would throw (no such file)
        Assert.Same(element, f.Dataset[DicomTag.PixelData]);
    }

    [Fact]
    public void Constructor_BadSettings_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Deidentifier(new DeidentificationSettings { Key = new byte[8] }));
        Assert.Throws<ArgumentException>(() => new Deidentifier(new DeidentificationSettings
        {
            Key = Key,
            Options = new[] { DeidentificationOption.RetainLongitudinalTemporalInformationFullDates, DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates },
        }));
        Assert.Throws<ArgumentException>(() => new Deidentifier(new DeidentificationSettings { Key = Key, PseudonymPrefix = "A\\B" }));
        Assert.Throws<ArgumentException>(() => new Deidentifier(new DeidentificationSettings { Key = Key, MinimumDateOffsetDays = 10, MaximumDateOffsetDays = 5 }));
    }

    [Theory]
    [InlineData("20240110", -10, "20231231")]
    [InlineData("202401", -10, "202312")]
    [InlineData("2024", -10, "2023")]
    [InlineData("20240110-20240120", -10, "20231231-20240110")]
    [InlineData("-20240120", -10, "-20240110")]
    [InlineData("20240110-", -10, "20231231-")]
    [InlineData("1993.08.22", 1, "19930823")]
    [InlineData("2024011", -10, null)]
    public void ShiftValue_DA_PartialRangesAndInvalid(string value, int days, string? expected) =>
        Assert.Equal(expected, DateValueShift.Shift(value, DicomVR.DA, days));

    [Theory]
    [InlineData("20240110083000-0500", -10, "20231231083000-0500")]
    [InlineData("20240110083000-0500-20240111-0500", 1, "20240111083000-0500-20240112-0500")]
    [InlineData("2024011008-20240110", 1, "2024011108-20240111")]
    [InlineData("2024", 400, "2025")]
    public void ShiftValue_DT_KeepsOffsetsAndRanges(string value, int days, string expected) =>
        Assert.Equal(expected, DateValueShift.Shift(value, DicomVR.DT, days));

    private static string SampleValue(DicomVR vr) => vr switch
    {
        DicomVR.AE => "SECRETAE",
        DicomVR.AS => "045Y",
        DicomVR.CS => "SECRETCS",
        DicomVR.DA => "20240101",
        DicomVR.DS => "1.5",
        DicomVR.DT => "20240101120000",
        DicomVR.IS => "12",
        DicomVR.PN => "DOE^SECRET",
        DicomVR.TM => "120000",
        DicomVR.UI => "1.2.826.0.1.3680043.99.3",
        DicomVR.UR => "http://secret.invalid/x",
        DicomVR.SH => "SECRETSH",
        _ => "SECRET TEXT 123",
    };
}
