// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;
using Xunit;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>A value of 4 GiB or more cannot be encoded (32-bit lengths): the writer should say so, not overflow.</summary>
public sealed class WriterLimitsTests
{
    [Fact]
    public void Write_ValueOver4GiB_ThrowsClearErrorNotOverflow()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new HugeBuffer((1L << 32) + 2)));
        var file = new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        Exception? ex = Record.Exception(() => DicomWriter.Write(file, Stream.Null, new DicomWriteOptions()));

        Assert.NotNull(ex);
        Assert.IsNotType<OverflowException>(ex);
    }

    private sealed class HugeBuffer : DicomBuffer
    {
        private readonly long _length;

        public HugeBuffer(long length) => _length = length;

        public override long Length => _length;

        public override bool IsLoaded => false;

        public override byte[] ToArray() => throw new NotSupportedException();

        public override void CopyTo(Stream destination) => throw new InvalidOperationException("The writer should have refused this value before streaming it.");
    }
}
