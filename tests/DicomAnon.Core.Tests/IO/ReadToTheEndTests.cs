// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using Xunit;
using static DicomAnon.Core.Tests.IO.Datasets;

namespace DicomAnon.Core.Tests.IO;

/// <summary>Issue 13 (system calls per file): a stream of known length is not asked for bytes past its end.</summary>
public sealed class ReadToTheEndTests
{
    [Theory]
    [InlineData("ExplicitVRLittleEndian")]
    [InlineData("ImplicitVRLittleEndian")]
    [InlineData("ExplicitVRBigEndian")]
    public void Read_WholeFile_NoReadPastTheEnd_AndTheSameDataset(string syntaxName)
    {
        DicomTransferSyntax syntax = (DicomTransferSyntax)typeof(DicomTransferSyntax).GetField(syntaxName)!.GetValue(null)!;
        byte[] bytes = Bytes(File(EveryVR(), syntax));
        using var counting = new CountingStream(bytes);

        DicomFile read = DicomReader.Read(counting, DicomReadOptions.Default);

        Assert.Equal(0, counting.EmptyReads);
        Assert.Equal(bytes, Bytes(read, syntax));
    }

    [Fact]
    public void Read_FileEndingInsideAnElementHeader_StillFailsAsTruncated()
    {
        byte[] full = Bytes(File(EveryVR(), DicomTransferSyntax.ExplicitVRLittleEndian));
        using var counting = new CountingStream(full[..^3]);

        Assert.Throws<DicomFormatException>(() => DicomReader.Read(counting, DicomReadOptions.Default));
    }

    /// <summary>A seekable stream that counts the reads that returned nothing (asked at or past the end).</summary>
    private sealed class CountingStream : MemoryStream
    {
        public CountingStream(byte[] bytes)
            : base(bytes, writable: false)
        {
        }

        public int EmptyReads { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            if (n == 0 && count > 0)
            {
                EmptyReads++;
            }

            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            int n = base.Read(buffer);
            if (n == 0 && !buffer.IsEmpty)
            {
                EmptyReads++;
            }

            return n;
        }
    }
}
