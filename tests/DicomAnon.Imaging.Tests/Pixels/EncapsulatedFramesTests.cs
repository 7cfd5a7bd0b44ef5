// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

public class EncapsulatedFramesTests
{
    private static readonly byte[] Jpeg1 = { 0xFF, 0xD8, 1, 2 };
    private static readonly byte[] Cont1 = { 3, 4, 0xFF, 0xD9 };
    private static readonly byte[] Jpeg2 = { 0xFF, 0xD8, 5, 6, 0xFF, 0xD9 };
    private static readonly byte[] Jpeg3 = { 0xFF, 0xD8, 7, 8, 9, 0xFF, 0xD9, 0 };

    private static DicomFragmentSequence Seq(byte[] bot, params byte[][] fragments) =>
        new(DicomTag.PixelData, DicomVR.OB, DicomBuffer.From(bot), fragments.Select(DicomBuffer.From));

    private static byte[] Table(params uint[] offsets)
    {
        var b = new byte[offsets.Length * 4];
        for (int i = 0; i < offsets.Length; i++)
        {
            LittleEndian.WriteUInt32(b, i * 4, offsets[i]);
        }

        return b;
    }

    private static int[] Counts(List<List<DicomBuffer>> frames) => frames.Select(f => f.Count).ToArray();

    [Fact]
    public void Map_BasicOffsetTable_GroupsFragmentsByOffset()
    {
        // Frame 0 = Jpeg1 + Cont1 (8+4 + 8+4 = 24 bytes of items), frame 1 = Jpeg2 at 24, frame 2 = Jpeg3 at 24 + 14.
        var frames = EncapsulatedFrames.Map(Seq(Table(0, 24, 38), Jpeg1, Cont1, Jpeg2, Jpeg3), 3);
        Assert.Equal(new[] { 2, 1, 1 }, Counts(frames));
        Assert.Equal(Jpeg1.Concat(Cont1).ToArray(), EncapsulatedFrames.Join(frames[0]));
    }

    [Fact]
    public void Map_NoOffsetTableOneFragmentPerFrame_OneEach()
    {
        var frames = EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), Jpeg1, Jpeg2, Jpeg3), 3);
        Assert.Equal(new[] { 1, 1, 1 }, Counts(frames));
    }

    [Fact]
    public void Map_MoreFragmentsThanFramesNoTable_SplitsAtJpegSoi()
    {
        var frames = EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), Jpeg1, Cont1, Jpeg2, Jpeg3), 3);
        Assert.Equal(new[] { 2, 1, 1 }, Counts(frames));
    }

    [Fact]
    public void Map_WrongOffsetTable_FallsBackToMarkers()
    {
        var frames = EncapsulatedFrames.Map(Seq(Table(0, 20, 30), Jpeg1, Cont1, Jpeg2, Jpeg3), 3);
        Assert.Equal(new[] { 2, 1, 1 }, Counts(frames));
    }

    [Fact]
    public void Map_RleFramesSplitAcrossFragments_SplitsAtRleHeaders()
    {
        byte[] header = new byte[64];
        LittleEndian.WriteUInt32(header, 0, 1);
        LittleEndian.WriteUInt32(header, 4, 64);
        byte[] tail = { 0x01, 0x02 };
        var frames = EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), header, tail, header, tail, tail), 2);
        Assert.Equal(new[] { 2, 3 }, Counts(frames));
    }

    [Fact]
    public void Map_ExtendedOffsetTable_UsedBeforeMarkers()
    {
        var ds = new DicomDataset();
        var eot = new byte[16];
        LittleEndian.WriteUInt64(eot, 8, 12);
        ds.Set(new DicomValueElement(EncapsulatedFrames.ExtendedOffsetTableTag, DicomVR.OV, eot));
        // Without the table, SOI splitting would give three frames.
        var frames = EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), Jpeg1, Jpeg2, Jpeg3), 2, ds);
        Assert.Equal(new[] { 1, 2 }, Counts(frames));
    }

    [Fact]
    public void Map_SingleFrame_TakesEveryFragment()
    {
        Assert.Equal(new[] { 3 }, Counts(EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), Jpeg1, Cont1, new byte[] { 1, 2 }), 1)));
    }

    [Fact]
    public void Map_FragmentsCannotMakeTheFrames_Throws()
    {
        Assert.Throws<UnsupportedPixelDataException>(() => EncapsulatedFrames.Map(Seq(Array.Empty<byte>(), Jpeg1, Cont1), 3));
        Assert.Throws<UnsupportedPixelDataException>(() => EncapsulatedFrames.Map(Seq(Array.Empty<byte>()), 1));
    }

    [Fact]
    public void Rebuild_Frames_WritesOffsetTableOfItemPositions()
    {
        DicomFragmentSequence original = Seq(Array.Empty<byte>(), Jpeg1, Cont1, Jpeg2);
        var frames = new List<IReadOnlyList<DicomBuffer>>
        {
            new[] { DicomBuffer.From(Jpeg1), DicomBuffer.From(Cont1) },
            new[] { EncapsulatedFrames.ToFragment(new byte[] { 0xFF, 0xD8, 1, 0xFF, 0xD9 }) },
            new[] { DicomBuffer.From(Jpeg3) },
        };
        DicomFragmentSequence rebuilt = EncapsulatedFrames.Rebuild(original, frames);
        Assert.Equal(Table(0, 24, 38), rebuilt.OffsetTable.ToArray());
        Assert.Equal(4, rebuilt.Fragments.Count);
        Assert.Equal(6, rebuilt.Fragments[2].Length); // padded to even
        Assert.Equal(new[] { 2, 1, 1 }, Counts(EncapsulatedFrames.Map(rebuilt, 3)));
    }

    [Fact]
    public void Rebuild_WithExtendedOffsetTable_RebuildsItAndLeavesBasicTableEmpty()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(EncapsulatedFrames.ExtendedOffsetTableTag, DicomVR.OV, new byte[16]));
        var frames = new List<IReadOnlyList<DicomBuffer>> { new[] { DicomBuffer.From(Jpeg2) }, new[] { DicomBuffer.From(Jpeg3) } };
        DicomFragmentSequence rebuilt = EncapsulatedFrames.Rebuild(Seq(Array.Empty<byte>(), Jpeg1), frames, ds);
        Assert.Equal(0, rebuilt.OffsetTable.Length);
        byte[] eot = ((DicomValueElement)ds[EncapsulatedFrames.ExtendedOffsetTableTag]!).GetBytes();
        byte[] lengths = ((DicomValueElement)ds[EncapsulatedFrames.ExtendedOffsetTableLengthsTag]!).GetBytes();
        Assert.Equal(14UL, LittleEndian.ReadUInt64(eot, 8));
        Assert.Equal(6UL, LittleEndian.ReadUInt64(lengths, 0));
        Assert.Equal(8UL, LittleEndian.ReadUInt64(lengths, 8));
    }
}
