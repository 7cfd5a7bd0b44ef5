// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>
/// A deflated file whose dataset inflates to far more than the file holds. Values of a deflated file cannot be deferred
/// to the file, so the reader holds every value in memory: a file of about 250 KB declaring a 256 MB OB value of zeros
/// costs the reader hundreds of megabytes (a growing MemoryStream, then its copy). Pins the behaviour for the lead:
/// the brief asks for no allocation the input cannot justify.
/// </summary>
public sealed class DeflateBombTests
{
    private const int InflatedValueBytes = 256 * 1024 * 1024;

    [Fact]
    public void ReadFile_DeflatedValueOf256MB_AllocatesLessThanFourTimesTheFileSizePlus64MB()
    {
        string path = Path.Combine(PydicomReference.WorkDirectory, "robustness", "deflate-bomb.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DicomDataset ds = TestDicom.Build()
            .Text(0x0008, 0x0016, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Text(0x0008, 0x0018, DicomVR.UI, TestDicom.Uid(1, 1))
            .Raw(0x0009, 0x0010, DicomVR.LO, System.Text.Encoding.ASCII.GetBytes("DICOMANON TEST "))
            .Element(new DicomValueElement(new DicomTag(0x0009, 0x1001), DicomVR.OB, new ZeroBuffer(InflatedValueBytes), TestDicom.PrivateCreator))
            .ToDataset();
        DicomWriter.WriteFile(new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.DeflatedExplicitVRLittleEndian), path, new DicomWriteOptions());
        long fileSize = new FileInfo(path).Length;

        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = Record.Exception(() => DicomReader.ReadFile(path, DicomReadOptions.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(error is null || error is DicomFormatException, $"unexpected {error?.GetType().Name}");
        long cap = (4 * fileSize) + (64L * 1024 * 1024);
        Assert.True(allocated <= cap, $"reading a {fileSize / 1024} KB deflated file allocated {allocated / (1024 * 1024)} MB (cap {cap / (1024 * 1024)} MB)");
    }

    private sealed class ZeroBuffer : DicomBuffer
    {
        private readonly long _length;

        public ZeroBuffer(long length) => _length = length;

        public override long Length => _length;

        public override bool IsLoaded => false;

        public override byte[] ToArray() => new byte[_length];

        public override void CopyTo(Stream destination)
        {
            var chunk = new byte[1 << 20];
            for (long left = _length; left > 0; left -= chunk.Length)
            {
                destination.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }
    }
}
