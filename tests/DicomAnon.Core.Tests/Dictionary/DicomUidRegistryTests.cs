// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;
using Xunit;

namespace DicomAnon.Core.Tests.Dictionary;

public sealed class DicomUidRegistryTests
{
    [Fact]
    public void TransferSyntaxes_HaveRegistryNames()
    {
        Assert.Equal("JPEG Baseline (Process 1)", DicomTransferSyntax.JpegBaseline8Bit.Name);
        Assert.Equal("Explicit VR Big Endian", DicomTransferSyntax.ExplicitVRBigEndian.Name);
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.1.2.2", out DicomUidInfo? be));
        Assert.True(be!.IsRetired);
    }

    [Fact]
    public void Registry_HoldsSopClassesAndTransferSyntaxes()
    {
        Assert.Equal(494, DicomUidRegistry.All.Count());
        Assert.Equal(63, DicomUidRegistry.All.Count(u => u.Type == "Transfer Syntax"));
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.5.1.4.1.1.2", out DicomUidInfo? ct));
        Assert.Equal("CTImageStorage", ct!.Keyword);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("1.2.840.10008.1.2.1\0", true)]
    [InlineData("1.2.840.10008.999.1", false)]
    [InlineData("1.2.840.10008.5.1.4.1.1.2.999", false)]
    [InlineData("1.2.826.0.1.3680043.8.498.1", false)]
    [InlineData("2.25.1234", false)]
    public void IsStandardUid(string uid, bool expected) => Assert.Equal(expected, DicomUidRegistry.IsStandardUid(uid));

    [Fact]
    public void UnknownTransferSyntax_IsTreatedAsEncapsulatedExplicitLittleEndian()
    {
        DicomTransferSyntax ts = DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.201");
        Assert.True(ts.IsEncapsulated && ts.IsExplicitVR && !ts.IsBigEndian);
        Assert.Equal("High-Throughput JPEG 2000 Image Compression (Lossless Only)", ts.Name);
        Assert.True(ts.IsKnown);
        Assert.False(DicomTransferSyntax.FromUid("1.2.3.4").IsKnown);
    }
}
