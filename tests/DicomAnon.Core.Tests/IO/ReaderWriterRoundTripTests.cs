// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using Xunit;
using static DicomAnon.Core.Tests.IO.Datasets;

namespace DicomAnon.Core.Tests.IO;

public sealed class ReaderWriterRoundTripTests
{
    public static IEnumerable<object[]> Syntaxes() => new[]
    {
        new object[] { DicomTransferSyntax.ImplicitVRLittleEndian.Uid },
        new object[] { DicomTransferSyntax.ExplicitVRLittleEndian.Uid },
        new object[] { DicomTransferSyntax.ExplicitVRBigEndian.Uid },
        new object[] { DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid },
    };

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void WriteThenRead_EveryVR_ValuesAndStructureSurvive(string syntaxUid)
    {
        DicomTransferSyntax syntax = DicomTransferSyntax.FromUid(syntaxUid);
        DicomDataset original = EveryVR();

        DicomFile back = Read(Bytes(File(original, syntax)));

        Assert.Equal(syntax, back.TransferSyntax);
        AssertSameContent(original, back.Dataset, compareVR: syntax.IsExplicitVR);
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void WriteReadWrite_SameSyntax_IsByteIdentical(string syntaxUid)
    {
        DicomTransferSyntax syntax = DicomTransferSyntax.FromUid(syntaxUid);
        byte[] first = Bytes(File(EveryVR(), syntax));

        byte[] second = Bytes(Read(first));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_BigEndian_SwapsBinaryValuesButNotText()
    {
        var ds = new DicomDataset { Binary(0x0028, 0x0010, DicomVR.US, 0x34, 0x12), Str(0x0008, 0x0060, DicomVR.CS, "CT") };
        byte[] bytes = DicomWriter.WriteDataset(ds, DicomTransferSyntax.ExplicitVRBigEndian);

        // (0008,0060) CS len 2 "CT", then (0028,0010) US len 2 value 0x1234 in big endian.
        Assert.Equal(new byte[] { 0x00, 0x08, 0x00, 0x60, (byte)'C', (byte)'S', 0x00, 0x02, (byte)'C', (byte)'T' }, bytes.Take(10).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x12, 0x34 }, bytes.Skip(10).ToArray());
    }

    [Fact]
    public void Write_OddLengthText_IsPaddedWithSpaceAndUidWithNul()
    {
        var ds = new DicomDataset
        {
            new DicomValueElement(T(0x0008, 0x0018), DicomVR.UI, System.Text.Encoding.ASCII.GetBytes("1.2.3")),
            new DicomValueElement(T(0x0010, 0x0010), DicomVR.PN, System.Text.Encoding.ASCII.GetBytes("ABC")),
        };

        byte[] bytes = DicomWriter.WriteDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(6, bytes[6]);
        Assert.Equal(0, bytes[8 + 5]);
        Assert.Equal(4, bytes[14 + 6]);
        Assert.Equal((byte)' ', bytes[14 + 8 + 3]);
    }

    [Fact]
    public void Write_GroupLengthElement_IsRecomputed()
    {
        var ds = new DicomDataset
        {
            Binary(0x0008, 0x0000, DicomVR.UL, 0xFF, 0xFF, 0, 0),
            Str(0x0008, 0x0060, DicomVR.CS, "CT"),
            Str(0x0008, 0x0070, DicomVR.LO, "ACME"),
        };

        DicomDataset back = DicomReader.ReadDataset(DicomWriter.WriteDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(10 + 12, back.GetInteger(T(0x0008, 0x0000)));
    }

    [Fact]
    public void Write_FileMeta_IsRegeneratedWithOurImplementationAndTheDatasetsUids()
    {
        DicomFile file = File(EveryVR(), DicomTransferSyntax.ExplicitVRLittleEndian);
        file.FileMetaInformation.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, "9.9.9");
        file.FileMetaInformation.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, "SENDER");

        DicomFile back = Read(Bytes(file));
        DicomDataset meta = back.FileMetaInformation;

        Assert.Equal("1.2.3.4.5.6.7", meta.GetString(new DicomTag(0x0002, 0x0003)));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.7", meta.GetString(new DicomTag(0x0002, 0x0002)));
        Assert.Equal(DicomImplementation.ClassUid, meta.GetString(new DicomTag(0x0002, 0x0012)));
        Assert.Equal(DicomImplementation.VersionName, meta.GetString(new DicomTag(0x0002, 0x0013)));
        Assert.Equal("SENDER", meta.GetString(new DicomTag(0x0002, 0x0016)));
        long declared = meta.GetInteger(DicomTag.FileMetaInformationGroupLength)!.Value;
        long actual = DicomWriter.WriteDataset(WithoutGroupLength(meta), DicomTransferSyntax.ExplicitVRLittleEndian).Length;
        Assert.Equal(actual, declared);
    }

    [Fact]
    public void Sequences_DefinedAndUndefinedLengths_ArePreservedOnRoundTrip()
    {
        DicomDataset back = Read(Bytes(File(EveryVR(), DicomTransferSyntax.ExplicitVRLittleEndian))).Dataset;

        DicomSequence outer = back.GetSequence(T(0x0008, 0x1115))!;
        Assert.True(outer.IsUndefinedLength);
        Assert.Equal(2, outer.Items.Count);
        DicomSequence inner = outer.Items[0].GetSequence(T(0x0008, 0x1140))!;
        Assert.False(inner.IsUndefinedLength);
        Assert.Equal("1.2.3.9", inner.Items[0].GetString(T(0x0008, 0x1155)));
        Assert.Empty(outer.Items[1]);
    }

    [Fact]
    public void Read_PrivateElement_KnowsItsCreator()
    {
        DicomDataset back = Read(Bytes(File(EveryVR(), DicomTransferSyntax.ImplicitVRLittleEndian))).Dataset;

        DicomElement e = back[T(0x0009, 0x1001)]!;
        Assert.Equal("SYNTH CREATOR", e.PrivateCreator);
        Assert.Equal(DicomVR.UN, e.VR);
    }

    [Fact]
    public void Read_ImplicitUsOrSs_FollowsPixelRepresentation()
    {
        var ds = new DicomDataset
        {
            Binary(0x0028, 0x0103, DicomVR.US, 1, 0),
            Binary(0x0028, 0x0106, DicomVR.SS, 0xFF, 0xFF),
        };

        DicomDataset back = DicomReader.ReadDataset(DicomWriter.WriteDataset(ds, DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(DicomVR.SS, back[T(0x0028, 0x0106)]!.VR);
        Assert.Equal(-1, back.GetInteger(T(0x0028, 0x0106)));
    }

    [Fact]
    public void Read_ImplicitRepeatingGroup_GetsDictionaryVR()
    {
        var ds = new DicomDataset { Binary(0x6002, 0x0010, DicomVR.US, 0, 2), Binary(0x6002, 0x3000, DicomVR.OW, 1, 2) };

        DicomDataset back = DicomReader.ReadDataset(DicomWriter.WriteDataset(ds, DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(DicomVR.US, back[T(0x6002, 0x0010)]!.VR);
        Assert.Equal(DicomVR.OW, back[T(0x6002, 0x3000)]!.VR);
    }

    [Fact]
    public void EncapsulatedPixelDataInsideAnItem_RoundTrips()
    {
        var icon = new DicomDataset { Binary(0x0028, 0x0010, DicomVR.US, 8, 0) };
        icon.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.Empty, new[] { DicomBuffer.From(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }) }));
        var ds = new DicomDataset { new DicomSequence(T(0x0088, 0x0200), new[] { icon }) };

        DicomDataset back = Read(Bytes(File(ds, DicomTransferSyntax.JpegBaseline8Bit))).Dataset;

        var frags = (DicomFragmentSequence)back.GetSequence(T(0x0088, 0x0200))!.Items[0][DicomTag.PixelData]!;
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, frags.Fragments.Single().ToArray());
    }

    internal static void AssertSameContent(DicomDataset expected, DicomDataset actual, bool compareVR)
    {
        Assert.Equal(expected.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (DicomElement e in expected)
        {
            DicomElement a = actual[e.Tag]!;
            if (compareVR || e.Tag.IsPrivate)
            {
                Assert.True(e.VR == a.VR || (!compareVR && a.VR == DicomVR.UN), $"VR of {e.Tag}");
            }

            switch (e)
            {
                case DicomValueElement when e.Tag.IsGroupLength:
                    break; // recomputed by the writer
                case DicomValueElement v:
                    Assert.Equal(DicomDataset.PadToEven(v.GetBytes(), v.VR), ((DicomValueElement)a).GetBytes());
                    break;
                case DicomSequence s:
                    var sa = (DicomSequence)a;
                    Assert.Equal(s.Items.Count, sa.Items.Count);
                    for (int i = 0; i < s.Items.Count; i++)
                    {
                        AssertSameContent(s.Items[i], sa.Items[i], compareVR);
                    }

                    break;
            }
        }
    }

    private static DicomDataset WithoutGroupLength(DicomDataset meta) => new(meta.Where(e => !e.Tag.IsGroupLength));
}
