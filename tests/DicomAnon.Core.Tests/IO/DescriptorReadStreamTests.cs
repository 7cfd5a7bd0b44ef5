// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using Xunit;

namespace DicomAnon.Core.Tests.IO;

/// <summary>
/// Header reads of files known to be regular and non-empty go through a C library descriptor on Linux
/// (<see cref="DescriptorReadStream"/>): what they read must be exactly what a FileStream read gives, failures included.
/// </summary>
public sealed class DescriptorReadStreamTests
{
    public static IEnumerable<object[]> AllNames() => PydicomReference.TestFileNames().Concat(PydicomReference.CharsetFileNames());

    [Theory]
    [MemberData(nameof(AllNames))]
    public void DescriptorReadGivesWhatAFileStreamReadGives(string name)
    {
        string path = PydicomReference.PathOf(name);
        (byte[]? viaFileStream, string? fileStreamError, bool sniffed1) = ReadAndWrite(path, regularNonEmpty: false);
        (byte[]? viaDescriptor, string? descriptorError, bool sniffed2) = ReadAndWrite(path, regularNonEmpty: true);

        Assert.Equal(fileStreamError, descriptorError);
        Assert.Equal(sniffed1, sniffed2);
        Assert.Equal(viaFileStream, viaDescriptor);
    }

    [Fact]
    public void ReadsSeeksAndSizesLikeAFileStream()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.Null(DescriptorReadStream.TryOpen(PydicomReference.PathOf("CT_small.dcm")));
            return;
        }

        string path = Path.Combine(Path.GetTempPath(), "dicomanon-descriptor-" + Guid.NewGuid().ToString("N"));
        byte[] content = Enumerable.Range(0, 70_000).Select(i => (byte)((i * 7) & 0xFF)).ToArray();
        File.WriteAllBytes(path, content);
        try
        {
            using DescriptorReadStream stream = DescriptorReadStream.TryOpen(path) ?? throw new InvalidOperationException("not opened");
            Assert.Equal(content.Length, stream.Length);
            var buffer = new byte[100];
            Assert.Equal(90, stream.Read(buffer, 10, 90));
            Assert.Equal(content.Take(90), buffer.Skip(10));
            stream.Position = 69_990;
            Assert.Equal(10, stream.Read(buffer, 0, 100)); // short at the end
            Assert.Equal(content.Skip(69_990), buffer.Take(10));
            Assert.Equal(0, stream.Read(buffer, 0, 100));
            Assert.Equal(5, stream.Seek(-69_995, SeekOrigin.End));
            Assert.Equal(1, stream.Read(buffer, 0, 1));
            Assert.Equal(content[5], buffer[0]);
            stream.Position = 8_300; // across the end of the first block (132 + 8 KB, read at once): all bytes, in order
            var across = new byte[200];
            int got = 0;
            while (got < across.Length)
            {
                int n = stream.Read(across, got, across.Length - got);
                Assert.True(n > 0);
                got += n;
            }

            Assert.Equal(content.Skip(8_300).Take(200), across);
            Assert.False(stream.CanWrite);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileIsLeftToFileStream()
    {
        string missing = Path.Combine(Path.GetTempPath(), "dicomanon-missing-" + Guid.NewGuid().ToString("N"));
        Assert.Null(DescriptorReadStream.TryOpen(missing));
        bool sniffed = false;
        Assert.Throws<FileNotFoundException>(() => DicomReader.ReadFileIfDicom(missing, DicomReadOptions.Default, ref sniffed, regularNonEmpty: true));
        Assert.False(sniffed);
    }

    private static (byte[]? Bytes, string? Error, bool Sniffed) ReadAndWrite(string path, bool regularNonEmpty)
    {
        bool sniffed = false;
        try
        {
            DicomFile? file = DicomReader.ReadFileIfDicom(path, DicomReadOptions.Default, ref sniffed, regularNonEmpty);
            if (file is null)
            {
                return (null, "not DICOM", sniffed);
            }

            using var output = new MemoryStream();
            DicomWriter.Write(file, output, DicomWriteOptions.Default);
            return (output.ToArray(), null, sniffed);
        }
        catch (Exception ex) when (ex is DicomFormatException or NotDicomFileException or InvalidOperationException or ArgumentException or NotSupportedException or IOException)
        {
            return (null, ex.GetType().Name + ": " + ex.Message, sniffed);
        }
    }
}
