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
}
