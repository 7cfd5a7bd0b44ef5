// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Core.Tests.IO;

/// <summary>Issue 13 item 1: untouched deferred values are appended by the kernel, and the output is byte-identical.</summary>
public sealed class KernelCopyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dicomanon-kcopy-" + Guid.NewGuid().ToString("N"));

    public KernelCopyTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void WriteFile_DeferredPixelData_SameBytesAsManagedCopy_AndCopiedByTheKernelOnLinux(int frames)
    {
        string source = Path.Combine(_dir, "source.dcm");
        TestDicom.WriteMultiFrame(source, frames * 512L * 512 * 2, seed: frames);
        DicomFile file = DicomReader.ReadFile(source, DicomReadOptions.Default);
        var pixels = (DicomValueElement)file.Dataset[DicomTag.PixelData]!;
        Assert.False(pixels.Buffer.IsLoaded);
        file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Changed^Header"); // the header is rewritten, the tail is not

        var managed = new MemoryStream();
        DicomWriter.Write(file, managed, DicomWriteOptions.Default);
        long before = KernelCopy.BytesCopied;
        string output = Path.Combine(_dir, "out.dcm");
        DicomWriter.WriteFile(file, output, DicomWriteOptions.Default);
        long copied = KernelCopy.BytesCopied - before;

        Assert.Equal(managed.ToArray(), File.ReadAllBytes(output));
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.True(copied >= pixels.Length, $"the kernel copied {copied} of {pixels.Length} pixel bytes");
        }
    }

    [Fact]
    public void WriteFile_ValuesAfterTheCopiedTail_LandAfterIt()
    {
        // A value after the pixel data (trailing padding) must be written behind the kernel's copy, not over it.
        string source = Path.Combine(_dir, "source.dcm");
        TestDicom.WriteCt(source, seed: 3);
        DicomFile file = DicomReader.ReadFile(source, DicomReadOptions.Default);
        file.Dataset.Set(new DicomValueElement(new DicomTag(0xFFFC, 0xFFFC), DicomVR.OB, new byte[] { 1, 2, 3, 4 }));

        var managed = new MemoryStream();
        DicomWriter.Write(file, managed, DicomWriteOptions.Default);
        string output = Path.Combine(_dir, "out.dcm");
        DicomWriter.WriteFile(file, output, DicomWriteOptions.Default);

        Assert.Equal(managed.ToArray(), File.ReadAllBytes(output));
    }

    [Fact]
    public void WriteFile_BigEndianSource_SwappedValuesStillCopiedCorrectly()
    {
        string source = Path.Combine(_dir, "be.dcm");
        TestDicom.WriteCt(source, seed: 4, syntax: DicomTransferSyntax.ExplicitVRBigEndian);
        DicomFile file = DicomReader.ReadFile(source, DicomReadOptions.Default);

        var managed = new MemoryStream();
        var options = new DicomWriteOptions { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian };
        DicomWriter.Write(file, managed, options);
        string output = Path.Combine(_dir, "le.dcm");
        DicomWriter.WriteFile(file, output, options);

        Assert.Equal(managed.ToArray(), File.ReadAllBytes(output));
        Assert.Equal(TestDicom.CtPixels(4), ((DicomValueElement)DicomReader.ReadFile(output, DicomReadOptions.Default).Dataset[DicomTag.PixelData]!).GetBytes());
    }

    [Fact]
    public void WriteFile_SourceShorterThanWhenRead_FailsAsChangedAndLeavesNoOutput()
    {
        // The kernel opens the source itself and meets its early end: the managed open then reports the change.
        string source = Path.Combine(_dir, "source.dcm");
        TestDicom.WriteCt(source, seed: 5);
        DicomFile file = DicomReader.ReadFile(source, DicomReadOptions.Default);
        using (var shrink = new FileStream(source, FileMode.Open, FileAccess.Write))
        {
            shrink.SetLength(shrink.Length - 1000);
        }

        string output = Path.Combine(_dir, "out.dcm");
        DicomFormatException ex = Assert.Throws<DicomFormatException>(() => DicomWriter.WriteFile(file, output, DicomWriteOptions.Default));
        Assert.Contains("changed since it was read", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left either
    }

    [Fact]
    public void CopyFromFile_CopiesTheRangeAtTheTargetsPosition_AndGivesUpOnAPathItCannotOpen()
    {
        byte[] data = new byte[100_000];
        new Random(11).NextBytes(data);
        string source = Path.Combine(_dir, "data.bin");
        File.WriteAllBytes(source, data);
        string output = Path.Combine(_dir, "copy.bin");
        using (var target = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
        {
            target.Write(new byte[] { 1, 2, 3 }, 0, 3); // buffered: must land before the copied range
            long copied = KernelCopy.CopyFromFile(source, 1000, target, 90_000);
            long missing = KernelCopy.CopyFromFile(Path.Combine(_dir, "no-such-file"), 0, target, 90_000);
            Assert.Equal(0, missing);
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Assert.Equal(0, copied);
                return;
            }

            Assert.Equal(90_000, copied);
            Assert.Equal(90_003, target.Position);
        }

        byte[] written = File.ReadAllBytes(output);
        Assert.Equal(new byte[] { 1, 2, 3 }, written[..3]);
        Assert.Equal(data[1000..91_000], written[3..]);
    }
}
