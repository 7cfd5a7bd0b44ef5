// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>Expectations typed from PS3.15 2026c Table E.1-1 as published (not read from our TSV).</summary>
public sealed class ConfidentialityProfileTests
{
    private static readonly DeidentificationOption[] None = Array.Empty<DeidentificationOption>();

    [Fact]
    public void Rows_Table2026c_Has656RowsWithOnePrivateRowAndThreeMasks()
    {
        Assert.Equal(656, ConfidentialityProfile.Rows.Count);
        Assert.Single(ConfidentialityProfile.Rows, r => r.IsPrivateAttributesRow);
        Assert.Equal(3, ConfidentialityProfile.Rows.Count(r => !r.IsPrivateAttributesRow && r.Mask != 0xFFFFFFFF));
        var codes = new HashSet<string> { "D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*" };
        Assert.All(ConfidentialityProfile.Rows, r => Assert.Contains(r.BasicProfileCode, codes));
    }

    // Basic Profile code as published, then the action with the default compound policy.
    [Theory]
    [InlineData("(0008,0050)", "Z", ProfileAction.Empty)] // Accession Number
    [InlineData("(0010,0010)", "Z", ProfileAction.Empty)] // Patient's Name
    [InlineData("(0010,0020)", "Z/D", ProfileAction.Dummy)] // Patient ID
    [InlineData("(0010,0030)", "Z", ProfileAction.Empty)] // Patient's Birth Date
    [InlineData("(0010,0040)", "Z", ProfileAction.Empty)] // Patient's Sex
    [InlineData("(0010,1010)", "X", ProfileAction.Remove)] // Patient's Age
    [InlineData("(0010,1020)", "X", ProfileAction.Remove)] // Patient's Size
    [InlineData("(0010,1030)", "X", ProfileAction.Remove)] // Patient's Weight
    [InlineData("(0010,4000)", "X", ProfileAction.Remove)] // Patient Comments
    [InlineData("(0010,1000)", "X", ProfileAction.Remove)] // Other Patient IDs
    [InlineData("(0010,1002)", "X", ProfileAction.Remove)] // Other Patient IDs Sequence
    [InlineData("(0010,2203)", "X/Z", ProfileAction.Empty)] // Patient's Sex Neutered
    [InlineData("(0008,0020)", "Z", ProfileAction.Empty)] // Study Date
    [InlineData("(0008,0030)", "Z", ProfileAction.Empty)] // Study Time
    [InlineData("(0008,0022)", "X/Z", ProfileAction.Empty)] // Acquisition Date
    [InlineData("(0008,0032)", "X/Z", ProfileAction.Empty)] // Acquisition Time
    [InlineData("(0008,002A)", "X/Z/D", ProfileAction.Dummy)] // Acquisition DateTime
    [InlineData("(0008,0023)", "Z/D", ProfileAction.Dummy)] // Content Date
    [InlineData("(0008,0033)", "Z/D", ProfileAction.Dummy)] // Content Time
    [InlineData("(0008,0012)", "X/D", ProfileAction.Dummy)] // Instance Creation Date
    [InlineData("(0008,0013)", "X/Z/D", ProfileAction.Dummy)] // Instance Creation Time
    [InlineData("(0008,0014)", "U", ProfileAction.RemapUid)] // Instance Creator UID
    [InlineData("(0008,0018)", "U", ProfileAction.RemapUid)] // SOP Instance UID
    [InlineData("(0020,000D)", "U", ProfileAction.RemapUid)] // Study Instance UID
    [InlineData("(0020,0052)", "U", ProfileAction.RemapUid)] // Frame of Reference UID
    [InlineData("(0008,1155)", "U", ProfileAction.RemapUid)] // Referenced SOP Instance UID
    [InlineData("(0002,0003)", "U", ProfileAction.RemapUid)] // Media Storage SOP Instance UID
    [InlineData("(0018,1002)", "U", ProfileAction.RemapUid)] // Device UID
    [InlineData("(0008,0080)", "X/Z/D", ProfileAction.Dummy)] // Institution Name
    [InlineData("(0008,0081)", "X", ProfileAction.Remove)] // Institution Address
    [InlineData("(0008,0090)", "Z", ProfileAction.Empty)] // Referring Physician's Name
    [InlineData("(0008,1070)", "X/Z/D", ProfileAction.Dummy)] // Operators' Name
    [InlineData("(0008,1010)", "X/Z/D", ProfileAction.Dummy)] // Station Name
    [InlineData("(0018,1000)", "X/Z/D", ProfileAction.Dummy)] // Device Serial Number
    [InlineData("(0008,1030)", "X", ProfileAction.Remove)] // Study Description
    [InlineData("(0008,103E)", "X", ProfileAction.Remove)] // Series Description
    [InlineData("(0018,1030)", "X/D", ProfileAction.Dummy)] // Protocol Name
    [InlineData("(0008,0201)", "X", ProfileAction.Remove)] // Timezone Offset From UTC
    [InlineData("(0008,1140)", "X/Z/U*", ProfileAction.RemapUid)] // Referenced Image Sequence
    [InlineData("(0008,2112)", "X/Z/U*", ProfileAction.RemapUid)] // Source Image Sequence
    [InlineData("(0008,1110)", "X/Z", ProfileAction.Empty)] // Referenced Study Sequence
    [InlineData("(0008,1111)", "X/Z/D", ProfileAction.Dummy)] // Referenced Performed Procedure Step Sequence
    [InlineData("(0008,1120)", "X", ProfileAction.Remove)] // Referenced Patient Sequence
    [InlineData("(0040,A730)", "D", ProfileAction.Dummy)] // Content Sequence
    [InlineData("(0040,A123)", "D", ProfileAction.Dummy)] // Person Name
    [InlineData("(0040,A124)", "U", ProfileAction.RemapUid)] // UID
    [InlineData("(0040,A121)", "D", ProfileAction.Dummy)] // Date
    [InlineData("(0040,0512)", "D", ProfileAction.Dummy)] // Container Identifier
    [InlineData("(0040,0610)", "Z", ProfileAction.Empty)] // Specimen Preparation Sequence
    [InlineData("(0070,0001)", "D", ProfileAction.Dummy)] // Graphic Annotation Sequence
    [InlineData("(0070,0084)", "Z/D", ProfileAction.Dummy)] // Content Creator's Name
    public void BasicProfile_WellKnownAttributes_MatchPublishedCodes(string tag, string code, object expected)
    {
        var action = (ProfileAction)expected;
        ConfidentialityProfileRow row = Row(tag);
        Assert.Equal(code, row.BasicProfileCode);
        Assert.Equal(action, ConfidentialityProfile.ResolveAction(row, None));
        Assert.Equal(action, new ProfileRuleTable(None, CompoundActionPolicy.PreserveConformance).TryGetAction(DicomTag.Parse(tag), out ProfileAction a) ? a : (ProfileAction)(-1));
    }

    [Theory]
    [InlineData("(6000,3000)", ProfileAction.Remove)] // Overlay Data (60xx,3000)
    [InlineData("(601E,3000)", ProfileAction.Remove)]
    [InlineData("(6002,4000)", ProfileAction.Remove)] // Overlay Comments (60xx,4000)
    [InlineData("(5000,3000)", ProfileAction.Remove)] // Curve Data (50xx,xxxx)
    [InlineData("(50FE,0010)", ProfileAction.Remove)]
    public void BasicProfile_MaskedRows_MatchEveryGroupOfTheRange(string tag, object expected)
    {
        var action = (ProfileAction)expected;
        var table = new ProfileRuleTable(None, CompoundActionPolicy.PreserveConformance);
        Assert.True(table.TryGetAction(DicomTag.Parse(tag), out ProfileAction a));
        Assert.Equal(action, a);
        Assert.Equal(ProfileAction.Remove, table.PrivateAction);
    }

    [Theory]
    [InlineData("(0008,0070)")] // Manufacturer
    [InlineData("(0008,0060)")] // Modality
    [InlineData("(0028,0010)")] // Rows
    [InlineData("(7FE0,0010)")] // Pixel Data
    [InlineData("(6000,0010)")] // Overlay Rows: not masked by (60xx,3000)
    public void RuleTable_AttributesNotInTable_AreNotFound(string tag) =>
        Assert.False(new ProfileRuleTable(None, CompoundActionPolicy.PreserveConformance).TryGetAction(DicomTag.Parse(tag), out _));

    [Theory]
    [InlineData(DeidentificationOption.RetainUids, "(0020,000D)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainUids, "(0008,1140)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainUids, "(0002,0003)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainDeviceIdentity, "(0008,1010)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainDeviceIdentity, "(0018,1000)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainDeviceIdentity, "(0008,0055)", ProfileAction.Clean)] // Station AE Title
    [InlineData(DeidentificationOption.RetainInstitutionIdentity, "(0008,0080)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainInstitutionIdentity, "(0008,0081)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainPatientCharacteristics, "(0010,1010)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainPatientCharacteristics, "(0010,0040)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainPatientCharacteristics, "(0010,1030)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainPatientCharacteristics, "(0010,2203)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates, "(0008,0020)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates, "(0008,002A)", ProfileAction.Keep)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, "(0008,0020)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, "(0008,0023)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, "(0040,A121)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, "(0010,0030)", ProfileAction.Empty)] // birth date is not in the option
    [InlineData(DeidentificationOption.CleanDescriptors, "(0008,1030)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.CleanDescriptors, "(0008,103E)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.CleanDescriptors, "(0018,1030)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.CleanDescriptors, "(0010,0010)", ProfileAction.Empty)]
    [InlineData(DeidentificationOption.CleanStructuredContent, "(0040,A730)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.CleanGraphics, "(0070,0001)", ProfileAction.Clean)]
    [InlineData(DeidentificationOption.CleanGraphics, "(6000,3000)", ProfileAction.Clean)]
    public void Options_OverrideBasicProfile(DeidentificationOption option, string tag, object expected)
    {
        var action = (ProfileAction)expected;
        var table = new ProfileRuleTable(new[] { option }, CompoundActionPolicy.PreserveConformance);
        Assert.True(table.TryGetAction(DicomTag.Parse(tag), out ProfileAction a));
        Assert.Equal(action, a);
    }

    [Fact]
    public void RetainSafePrivate_PrivateRowBecomesClean()
    {
        var table = new ProfileRuleTable(new[] { DeidentificationOption.RetainSafePrivate }, CompoundActionPolicy.PreserveConformance);
        Assert.Equal(ProfileAction.Clean, table.PrivateAction);
    }

    [Theory]
    [InlineData("X/Z", ProfileAction.Empty, ProfileAction.Remove)]
    [InlineData("X/D", ProfileAction.Dummy, ProfileAction.Remove)]
    [InlineData("Z/D", ProfileAction.Dummy, ProfileAction.Empty)]
    [InlineData("X/Z/D", ProfileAction.Dummy, ProfileAction.Remove)]
    [InlineData("X/Z/U*", ProfileAction.RemapUid, ProfileAction.Remove)]
    [InlineData("K", ProfileAction.Keep, ProfileAction.Keep)]
    [InlineData("C", ProfileAction.Clean, ProfileAction.Clean)]
    [InlineData("U", ProfileAction.RemapUid, ProfileAction.RemapUid)]
    public void ResolveCode_CompoundCodes_FollowPolicy(string code, object conform, object removal)
    {
        Assert.Equal((ProfileAction)conform, ConfidentialityProfile.ResolveCode(code, CompoundActionPolicy.PreserveConformance));
        Assert.Equal((ProfileAction)removal, ConfidentialityProfile.ResolveCode(code, CompoundActionPolicy.PreferRemoval));
    }

    [Fact]
    public void ResolveCode_Unknown_Throws() => Assert.Throws<ArgumentException>(() => ConfidentialityProfile.ResolveCode("Q"));

    [Fact]
    public void ResolveAction_CleanAndKeepFromTwoOptions_CleanWins()
    {
        // A synthetic row: Basic X, Retain Device Identity K, Modified Dates C (like Calibration Date).
        var f = new string[16];
        Array.Fill(f, string.Empty);
        f[0] = "(0018,1200)";
        f[5] = "X";
        f[8] = "K";
        f[12] = "C";
        var row = new ConfidentialityProfileRow(f);
        Assert.Equal(ProfileAction.Keep, ConfidentialityProfile.ResolveAction(row, new[] { DeidentificationOption.RetainDeviceIdentity }));
        Assert.Equal(ProfileAction.Clean, ConfidentialityProfile.ResolveAction(row, new[] { DeidentificationOption.RetainDeviceIdentity, DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates }));
        Assert.Equal(ProfileAction.Remove, ConfidentialityProfile.ResolveAction(row, new[] { DeidentificationOption.CleanGraphics }));
    }

    [Fact]
    public void Codes_Cid7050_MatchStandard()
    {
        Assert.Equal("113100", DeidentificationCodes.BasicProfile.CodeValue);
        Assert.Equal("113101", DeidentificationCodes.For(DeidentificationOption.CleanPixelData).CodeValue);
        Assert.Equal("113102", DeidentificationCodes.For(DeidentificationOption.CleanRecognizableVisualFeatures).CodeValue);
        Assert.Equal("113103", DeidentificationCodes.For(DeidentificationOption.CleanGraphics).CodeValue);
        Assert.Equal("113104", DeidentificationCodes.For(DeidentificationOption.CleanStructuredContent).CodeValue);
        Assert.Equal("113105", DeidentificationCodes.For(DeidentificationOption.CleanDescriptors).CodeValue);
        Assert.Equal("113106", DeidentificationCodes.For(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates).CodeValue);
        Assert.Equal("113107", DeidentificationCodes.For(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates).CodeValue);
        Assert.Equal("113108", DeidentificationCodes.For(DeidentificationOption.RetainPatientCharacteristics).CodeValue);
        Assert.Equal("113109", DeidentificationCodes.For(DeidentificationOption.RetainDeviceIdentity).CodeValue);
        Assert.Equal("113110", DeidentificationCodes.For(DeidentificationOption.RetainUids).CodeValue);
        Assert.Equal("113111", DeidentificationCodes.For(DeidentificationOption.RetainSafePrivate).CodeValue);
        Assert.Equal("113112", DeidentificationCodes.For(DeidentificationOption.RetainInstitutionIdentity).CodeValue);
        Assert.All(Enum.GetValues<DeidentificationOption>(), o => Assert.True(DeidentificationCodes.For(o).CodeMeaning.Length <= 64));
    }

    [Theory]
    [InlineData(0x7053, "Philips PET Private Group", 0x00, true)] // SUV Factor
    [InlineData(0x00E1, "ELSCINT1", 0x21, true)] // DLP
    [InlineData(0x7053, "ACME PET", 0x00, false)] // same element, other creator
    [InlineData(0x0029, "SIEMENS CSA HEADER", 0x10, false)]
    public void SafePrivate_IsCreatorAware(int group, string creator, int element, bool safe)
    {
        Assert.Equal(safe, SafePrivateAttributes.IsSafe((ushort)group, creator, (byte)element));
        Assert.Equal(safe, SafePrivateAttributes.IsSafe(new DicomTag((ushort)group, (ushort)(0x1300 | element)), creator + "  "));
    }

    private static ConfidentialityProfileRow Row(string tag) =>
        ConfidentialityProfile.Rows.Single(r => string.Equals(r.TagText, tag, StringComparison.OrdinalIgnoreCase));
}
