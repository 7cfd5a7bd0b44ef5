// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using Xunit;
using static DicomAnon.Core.Tests.IO.Datasets;

namespace DicomAnon.Core.Tests.IO;

public sealed class ReaderFailureTests
{
    [Fact]
    public void Read_LengthBeyondEndOfData_ThrowsWithTagAndOffset()
    {
        // (0008,0060) CS "CT" then (0010,0010) PN declaring 1000 bytes with 4 present.
        byte[] bytes = { 0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'C', (byte)'T', 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0xE8, 0x03, (byte)'D', (byte)'O', (byte)'E', (byte)'^' };

        var ex = Assert.Throws<DicomFormatException>(() => Read(bytes));

        Assert.Equal(new DicomTag(0x0010, 0x0010), ex.Tag);
        Assert.Equal(10, ex.Offset);
        Assert.DoesNotContain("DOE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedInsideHeader_ThrowsFormatException()
    {
        byte[] full = Bytes(File(EveryVR(), DicomTransferSyntax.ExplicitVRLittleEndian));

        var ex = Assert.Throws<DicomFormatException>(() => Read(full.Take(full.Length - 3).ToArray()));

        Assert.NotNull(ex.Tag);
    }

    [Fact]
    public void Read_Garbage_IsNotDicom()
    {
        var rng = new Random(7);
        var bytes = new byte[4096];
        rng.NextBytes(bytes);
        bytes[0] = 0x7F; // not a plausible first group

        Assert.Throws<NotDicomFileException>(() => Read(bytes));
    }

    [Fact]
    public void Read_NestingBeyondLimit_IsRejected()
    {
        var root = new DicomDataset();
        DicomDataset current = root;
        for (int i = 0; i < 20; i++)
        {
            var item = new DicomDataset();
            current.Set(new DicomSequence(new DicomTag(0x0008, 0x1115), new[] { item }));
            current = item;
        }

        byte[] bytes = Bytes(File(root, DicomTransferSyntax.ExplicitVRLittleEndian));

        var ex = Assert.Throws<DicomLimitExceededException>(() => Read(bytes, new DicomReadOptions { MaxSequenceDepth = 10 }));
        Assert.Contains("nested deeper", ex.Message, StringComparison.Ordinal);
        Assert.Equal(20, Depth(Read(bytes).Dataset));
    }

    [Fact]
    public void Read_ItemLongerThanItsSequence_IsRejected()
    {
        // (0008,1115) SQ len 16: item declaring 100 bytes.
        byte[] bytes =
        {
            0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 16, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 100, 0, 0, 0,
            0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 0, 0,
        };

        var ex = Assert.Throws<DicomFormatException>(() => Read(bytes));
        Assert.Equal(new DicomTag(0x0008, 0x1115), ex.Tag);
    }

    [Fact]
    public void Read_HugeDeclaredLength_DoesNotAllocateIt()
    {
        // OB element declaring 0x7FFFFFF0 bytes in a tiny file: must fail without a 2 GB allocation.
        byte[] bytes = { 0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'C', (byte)'T', 0x42, 0x00, 0x11, 0x00, (byte)'O', (byte)'B', 0, 0, 0xF0, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4 };
        long before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<DicomFormatException>(() => Read(bytes));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * 1024 * 1024);
    }

    [Fact]
    public void Read_UndefinedLengthOnPlainElement_IsRejected()
    {
        byte[] bytes = { 0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'C', (byte)'T', 0x10, 0x00, 0x10, 0x00, (byte)'U', (byte)'T', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF };

        var ex = Assert.Throws<DicomFormatException>(() => Read(bytes));
        Assert.Contains("undefined length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LooksLikeDicom_TextFile_IsFalse()
    {
        string path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, "not dicom at all, just some notes\n");
            Assert.False(DicomReader.LooksLikeDicom(path));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private static int Depth(DicomDataset ds)
    {
        DicomSequence? sq = ds.OfType<DicomSequence>().FirstOrDefault();
        return sq is null || sq.Items.Count == 0 ? 0 : 1 + Depth(sq.Items[0]);
    }
}
