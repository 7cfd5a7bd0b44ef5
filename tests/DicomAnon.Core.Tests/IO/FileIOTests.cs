// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using Xunit;
using static DicomAnon.Core.Tests.IO.Datasets;

namespace DicomAnon.Core.Tests.IO;

public sealed class FileIOTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dicomanon-io-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadFile_LargePixelData_IsDeferredAndStreamedOnWrite()
    {
        string src = Path.Combine(_dir, "big.dcm");
        DicomDataset ds = EveryVR();
        var pixels = new byte[8 * 1024 * 1024];
        new Random(1).NextBytes(pixels);
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
        File(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(src);

        long before = GC.GetAllocatedBytesForCurrentThread();
        DicomFile read = DicomFile.Open(src);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var element = (DicomValueElement)read.Dataset[DicomTag.PixelData]!;
        Assert.False(element.Buffer.IsLoaded);
        Assert.True(allocated < 1024 * 1024, $"header read allocated {allocated} bytes");

        string dst = Path.Combine(_dir, "copy.dcm");
        read.Save(dst, new DicomWriteOptions { TransferSyntax = DicomTransferSyntax.ExplicitVRBigEndian });
        DicomFile copy = DicomFile.Open(dst);
        Assert.Equal(pixels, ((DicomValueElement)copy.Dataset[DicomTag.PixelData]!).GetBytes());
    }

    [Fact]
    public void ReadFile_StopBeforePixelData_LeavesPixelDataOut()
    {
        string src = Path.Combine(_dir, "px.dcm");
        DicomDataset ds = EveryVR();
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new byte[64]));
        ds.Set(new DicomValueElement(new DicomTag(0xFFFC, 0xFFFC), DicomVR.OB, new byte[8]));
        File(ds, DicomTransferSyntax.ImplicitVRLittleEndian).Save(src);

        DicomFile read = DicomFile.Open(src, new DicomReadOptions { StopBeforePixelData = true });

        Assert.False(read.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal("DOE^JANE", read.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
    }

    [Fact]
    public void EncapsulatedPixelData_FragmentsSurviveIntact()
    {
        string src = Path.Combine(_dir, "enc.dcm");
        DicomDataset ds = EveryVR();
        var f1 = new byte[200_000];
        var f2 = new byte[77];
        new Random(2).NextBytes(f1);
        new Random(3).NextBytes(f2);
        ds.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.Empty, new[] { DicomBuffer.From(f1), DicomBuffer.From(f2) }));
        File(ds, DicomTransferSyntax.RleLossless).Save(src);

        DicomFile read = DicomFile.Open(src);
        var frags = (DicomFragmentSequence)read.Dataset[DicomTag.PixelData]!;

        Assert.Equal(DicomTransferSyntax.RleLossless, read.TransferSyntax);
        Assert.Equal(0, frags.OffsetTable.Length);
        Assert.Equal(2, frags.Fragments.Count);
        Assert.False(frags.Fragments[0].IsLoaded);
        Assert.Equal(f1, frags.Fragments[0].ToArray());
        Assert.Equal(f2.Concat(new byte[] { 0 }).ToArray(), frags.Fragments[1].ToArray());
    }

    [Fact]
    public void Save_OverwriteFalse_ExistingTargetIsLeftAloneAndNoTempRemains()
    {
        string dst = Path.Combine(_dir, "exists.dcm");
        System.IO.File.WriteAllText(dst, "keep me");

        Assert.Throws<IOException>(() => File(EveryVR(), DicomTransferSyntax.ExplicitVRLittleEndian).Save(dst, new DicomWriteOptions { Overwrite = false }));

        Assert.Equal("keep me", System.IO.File.ReadAllText(dst));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Save_FailureMidWrite_LeavesNoPartialFile()
    {
        string src = Path.Combine(_dir, "src.dcm");
        DicomDataset ds = EveryVR();
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new byte[1 << 20]));
        File(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(src);
        DicomFile read = DicomFile.Open(src);
        System.IO.File.WriteAllBytes(src, new byte[10]); // the deferred pixel data is gone

        string dst = Path.Combine(_dir, "out", "dst.dcm");
        Assert.ThrowsAny<Exception>(() => read.Save(dst));

        Assert.False(System.IO.File.Exists(dst));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Save_InPlaceOverDeferredSource_Works()
    {
        string src = Path.Combine(_dir, "inplace.dcm");
        DicomDataset ds = EveryVR();
        var pixels = Enumerable.Range(0, 300_000).Select(i => unchecked((byte)i)).ToArray();
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OB, pixels));
        File(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(src);

        DicomFile read = DicomFile.Open(src);
        read.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "ANON");
        read.Save(src);

        DicomFile again = DicomFile.Open(src);
        Assert.Equal("ANON", again.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        Assert.Equal(pixels, ((DicomValueElement)again.Dataset[DicomTag.PixelData]!).GetBytes());
    }

    [Fact]
    public void RawDataset_WithoutPreamble_IsDetected()
    {
        foreach (DicomTransferSyntax syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian })
        {
            string path = Path.Combine(_dir, "raw.dcm");
            System.IO.File.WriteAllBytes(path, DicomWriter.WriteDataset(EveryVR(), syntax));

            DicomFile read = DicomFile.Open(path);

            Assert.True(read.HadNoPart10Header);
            Assert.Equal(syntax, read.TransferSyntax);
            Assert.Equal("DOE^JANE", read.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }
    }
}
