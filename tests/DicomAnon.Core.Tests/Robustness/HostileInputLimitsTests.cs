// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using DicomAnon.Core.IO;
using Xunit;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>
/// Issue 7 item 6: hostile files are refused with a documented error id, at a cost bounded by the file: allocations stay
/// under 4 x the file size + 256 MB (the bound for the whole process's peak working set).
/// </summary>
public sealed class HostileInputLimitsTests : IDisposable
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string Deflated = "1.2.840.10008.1.2.1.99";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dicomanon-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputLimitsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DeflateBomb_MillionsOfZeroLengthDuplicates_DicomLimitExceededWithinMemoryBound()
    {
        // 4,000,000 copies of (0010,0010) PN with no value: 32 MB inflated from a few tens of KB.
        byte[] element = { 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0, 0 };
        string path = WriteFile("bomb.dcm", Deflated, Deflate(Repeat(element, 4_000_000)));

        (Exception? error, long allocated) = ReadMeasured(path);

        AssertLimit(error, nameof(DicomReadOptions.MaxElementCount));
        AssertWithinBound(path, allocated);
    }

    [Fact]
    public void NestedUN_100Levels_DicomLimitExceeded()
    {
        string path = WriteFile("nested-un-100.dcm", ExplicitLE, NestedUN(100, new byte[16]));

        (Exception? error, long allocated) = ReadMeasured(path);

        AssertLimit(error, nameof(DicomReadOptions.MaxSequenceDepth));
        AssertWithinBound(path, allocated);
    }

    [Fact]
    public void NestedUN_60LevelsAround2MB_ParsedInPlaceWithoutCopyingEachLevel()
    {
        const int payload = 2 * 1024 * 1024;
        string path = WriteFile("nested-un-60.dcm", ExplicitLE, NestedUN(60, new byte[payload]));

        (Exception? error, long allocated) = ReadMeasured(path);

        Assert.Null(error);
        // Before: each level copied its value (60 x 2 MB). Now the payload is located in the file, not even loaded once.
        Assert.True(allocated < 4 * 1024 * 1024, $"reading 60 nested UN levels allocated {allocated / 1024} KB");

        // Read from a stream every value is loaded: the payload once, not once per level.
        using FileStream fs = File.OpenRead(path);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DicomFile file = DicomReader.Read(fs, DicomReadOptions.Default);
        long fromStream = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(fromStream < (2L * payload) + (4 * 1024 * 1024), $"reading from a stream allocated {fromStream / (1024 * 1024)} MB for an {payload / (1024 * 1024)} MB payload");
        Assert.Equal(59, Depth(file.Dataset)); // 59 items deep: the 60th level is the payload
    }

    [Fact]
    public void TenMillionTinyElements_DicomLimitExceededWithinMemoryBound()
    {
        // 10^7 distinct empty LO elements in ascending even groups from (2F00,0001): an 80 MB file.
        string path = Path.Combine(_dir, "tiny.dcm");
        using (var fs = new FileStream(path, FileMode.CreateNew))
        {
            byte[] meta = Part10Header(ExplicitLE);
            fs.Write(meta, 0, meta.Length);
            var chunk = new byte[8 * 0xFFFF];
            int written = 0;
            for (int group = 0x2F00; written < 10_000_000; group += 2)
            {
                int n = 0;
                for (int el = 1; el <= 0xFFFF && written < 10_000_000; el++, written++, n += 8)
                {
                    chunk[n] = unchecked((byte)group);
                    chunk[n + 1] = unchecked((byte)(group >> 8));
                    chunk[n + 2] = unchecked((byte)el);
                    chunk[n + 3] = unchecked((byte)(el >> 8));
                    chunk[n + 4] = (byte)'L';
                    chunk[n + 5] = (byte)'O';
                    chunk[n + 6] = 0;
                    chunk[n + 7] = 0;
                }

                fs.Write(chunk, 0, n);
            }
        }

        (Exception? error, long allocated) = ReadMeasured(path);

        AssertLimit(error, nameof(DicomReadOptions.MaxElementCount));
        AssertWithinBound(path, allocated);
    }

    [Fact]
    public void DeflatedFileCutOnAnElementBoundary_DeflatedDataTruncated()
    {
        // The compressed stream is sync-flushed after the first elements, so a cut there inflates to whole elements.
        var head = new MemoryStream();
        head.Write(Text(0x0008, 0x0060, "CS", "CT"));
        head.Write(Text(0x0010, 0x0020, "LO", "ID0001"));
        var tail = new MemoryStream();
        tail.Write(Text(0x0020, 0x0013, "IS", "1"));
        tail.Write(Text(0x0028, 0x0004, "CS", "MONOCHROME2"));

        var compressed = new MemoryStream();
        long cut;
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(head.ToArray());
            deflate.Flush();
            cut = compressed.Length;
            deflate.Write(tail.ToArray());
        }

        byte[] all = compressed.ToArray();
        string whole = WriteFile("deflated-whole.dcm", Deflated, all);
        string cutFile = WriteFile("deflated-cut.dcm", Deflated, all.AsSpan(0, (int)cut).ToArray());
        string trailing = WriteFile("deflated-trailing.dcm", Deflated, Concat(all, new byte[64]));

        Assert.Equal(4, DicomReader.ReadFile(whole, DicomReadOptions.Default).Dataset.Count);
        Assert.Equal(4, DicomReader.ReadFile(trailing, DicomReadOptions.Default).Dataset.Count); // bytes after the final block are not a cut
        var ex = Assert.Throws<DeflatedDataTruncatedException>(() => DicomReader.ReadFile(cutFile, DicomReadOptions.Default));
        Assert.Equal("DeflatedDataTruncated", ex.ErrorId);
        Assert.DoesNotContain("ID0001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeflatedFileCutAnywhere_NeverReadsAsComplete()
    {
        var body = new MemoryStream();
        for (int i = 0; i < 200; i++)
        {
            body.Write(Text(0x0009, (ushort)(0x1000 + i), "LO", "VALUE " + i));
        }

        byte[] all = Deflate(body.ToArray());
        for (int n = 0; n < all.Length; n += Math.Max(1, all.Length / 97))
        {
            string path = WriteFile($"cut-{n}.dcm", Deflated, all.AsSpan(0, n).ToArray());
            Assert.ThrowsAny<DicomFormatException>(() => DicomReader.ReadFile(path, DicomReadOptions.Default));
        }
    }

    [Theory]
    [InlineData(ExplicitLE, false)]
    [InlineData(Deflated, true)]
    public void AbsurdLength_RefusedBeforeAllocating(string syntax, bool deflate)
    {
        // (0009,1001) OB declaring 0xFFFFFFF0 bytes, followed by a few.
        byte[] body = Concat(new byte[] { 0x09, 0x00, 0x01, 0x10, (byte)'O', (byte)'B', 0, 0, 0xF0, 0xFF, 0xFF, 0xFF }, new byte[100]);
        string path = WriteFile("absurd.dcm", syntax, deflate ? Deflate(body) : body);

        (Exception? error, long allocated) = ReadMeasured(path);

        if (deflate)
        {
            AssertLimit(error, nameof(DicomReadOptions.MaxDecodedBytes));
        }
        else
        {
            Assert.IsType<DicomFormatException>(error);
        }

        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated / 1024} KB");
    }

    [Fact]
    public void DeflatedDataOverMaxDecodedBytes_DicomLimitExceeded()
    {
        // A 100 MB value of zeros: inside the 32x ratio of nothing, but over a 16 MB MaxDecodedBytes.
        byte[] header = { 0x09, 0x00, 0x01, 0x10, (byte)'O', (byte)'B', 0, 0, 0, 0, 0x40, 0x06 };
        string path = WriteFile("decoded.dcm", Deflated, Deflate(Concat(header, new byte[0x06400000])));

        Exception? error = Record.Exception(() => DicomReader.ReadFile(path, new DicomReadOptions { MaxDecodedBytes = 16 << 20 }));

        AssertLimit(error, nameof(DicomReadOptions.MaxDecodedBytes));
    }

    [Fact]
    public void ThousandDuplicates_WarningsCappedAndCounted()
    {
        byte[] element = { 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0, 0 };
        string path = WriteFile("dups.dcm", ExplicitLE, Repeat(element, 1000));

        DicomFile file = DicomReader.ReadFile(path, DicomReadOptions.Default);

        Assert.Equal(101, file.ReadWarnings.Count);
        Assert.StartsWith("899 more warnings were not listed", file.ReadWarnings[100], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToFullDevice_DiskFull()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux only: /dev/full answers every write with ENOSPC
        }

        var file = new DicomFile(new DicomDataset(), TestSupport.TestDicom.CtHeader(1), DicomTransferSyntax.ExplicitVRLittleEndian);
        Exception? error = Record.Exception(() =>
        {
            using var fs = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            DicomWriter.Write(file, fs, DicomWriteOptions.Default);
            fs.Flush();
        });

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(OutputFailure.DiskFull, OutputFailure.ErrorIdFor(error));
    }

    [Fact]
    public void OutputFailure_NamesReadOnlyAndIgnoresOtherErrors()
    {
        bool unix = Environment.OSVersion.Platform == PlatformID.Unix;
        var readOnly = new IOException("read-only", unix ? 30 : unchecked((int)0x80070013));
        var windowsFull = new IOException("full", unchecked((int)0x80070070));

        Assert.Equal(OutputFailure.ReadOnlyFileSystem, OutputFailure.ErrorIdFor(readOnly));
        Assert.Equal(OutputFailure.ReadOnlyFileSystem, OutputFailure.ErrorIdFor(new InvalidOperationException("wrapped", readOnly)));
        Assert.Equal(OutputFailure.DiskFull, OutputFailure.ErrorIdFor(windowsFull));
        Assert.Null(OutputFailure.ErrorIdFor(new IOException("other")));
        Assert.Null(OutputFailure.ErrorIdFor(new FileNotFoundException("gone")));
        Assert.Null(OutputFailure.ErrorIdFor(null));
    }

    private static void AssertLimit(Exception? error, string limit)
    {
        var ex = Assert.IsType<DicomLimitExceededException>(error);
        Assert.Equal("DicomLimitExceeded", ex.ErrorId);
        Assert.Equal(limit, ex.LimitName);
    }

    private static void AssertWithinBound(string path, long allocated)
    {
        long size = new FileInfo(path).Length;
        long bound = (4 * size) + (256L * 1024 * 1024);
        Assert.True(allocated <= bound, $"reading a {size / 1024} KB file allocated {allocated / (1024 * 1024)} MB (bound {bound / (1024 * 1024)} MB)");
    }

    private static (Exception? Error, long Allocated) ReadMeasured(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = Record.Exception(() => DicomReader.ReadFile(path, DicomReadOptions.Default));
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static int Depth(DicomDataset ds)
    {
        int deepest = 0;
        foreach (DicomElement e in ds)
        {
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    deepest = Math.Max(deepest, 1 + Depth(item));
                }
            }
        }

        return deepest;
    }

    /// <summary>A private block whose (0009,1001) UN value holds an item holding (0009,1001) UN ... <paramref name="levels"/> deep.</summary>
    private static byte[] NestedUN(int levels, byte[] payload)
    {
        byte[] value = payload;
        for (int i = 1; i < levels; i++)
        {
            byte[] element = Concat(new byte[] { 0x09, 0x00, 0x01, 0x10 }, UInt32(value.Length), value); // implicit VR inside UN
            value = Concat(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }, UInt32(element.Length), element);
        }

        return Concat(
            Text(0x0009, 0x0010, "LO", "HOSTILE"),
            new byte[] { 0x09, 0x00, 0x01, 0x10, (byte)'U', (byte)'N', 0, 0 },
            UInt32(value.Length),
            value);
    }

    private string WriteFile(string name, string syntax, byte[] body)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, Concat(Part10Header(syntax), body));
        return path;
    }

    private static byte[] Part10Header(string syntax)
    {
        byte[] ts = Text(0x0002, 0x0010, "UI", syntax, pad: 0);
        byte[] groupLength = Concat(new byte[] { 0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0 }, UInt32(ts.Length));
        return Concat(new byte[128], Encoding.ASCII.GetBytes("DICM"), groupLength, ts);
    }

    private static byte[] Text(ushort group, ushort element, string vr, string value, byte pad = (byte)' ')
    {
        byte[] v = Encoding.ASCII.GetBytes(value);
        if ((v.Length & 1) == 1)
        {
            v = Concat(v, new[] { pad });
        }

        return Concat(unchecked(new[] { (byte)group, (byte)(group >> 8), (byte)element, (byte)(element >> 8), (byte)vr[0], (byte)vr[1], (byte)v.Length, (byte)(v.Length >> 8) }), v);
    }

    private static byte[] UInt32(int v) => unchecked(new[] { (byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24) });

    private static byte[] Repeat(byte[] unit, int count)
    {
        var all = new byte[unit.Length * count];
        for (int i = 0; i < count; i++)
        {
            Buffer.BlockCopy(unit, 0, all, i * unit.Length, unit.Length);
        }

        return all;
    }

    private static byte[] Deflate(byte[] data)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            d.Write(data, 0, data.Length);
        }

        return ms.ToArray();
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var ms = new MemoryStream();
        foreach (byte[] p in parts)
        {
            ms.Write(p, 0, p.Length);
        }

        return ms.ToArray();
    }
}
