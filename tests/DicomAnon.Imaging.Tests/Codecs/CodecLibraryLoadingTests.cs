// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Imaging.Codecs.Jpeg2000;
using DicomAnon.Imaging.Codecs.JpegLs;
using DicomAnon.Imaging.Codecs.Native;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs;

/// <summary>Issue 9: the codec libraries are found like Tesseract, and a missing one is an error that names its package.</summary>
public sealed class CodecLibraryLoadingTests
{
    [Fact]
    public void TryLoad_NoSuchLibrary_FailsListingWhatWasTried()
    {
        bool loaded = NativeCodecLibrary.TryLoad(new[] { "libdicomanon-no-such-codec.so.9" }, out NativeCodecLibrary? lib, out string failure);

        Assert.False(loaded);
        Assert.Null(lib);
        Assert.Contains("libdicomanon-no-such-codec.so.9", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingMessages_NameThePackageOfEachPlatform()
    {
        string j2k = OpenJpeg.MissingMessage("tried x");
        Assert.Contains("libopenjp2-7", j2k, StringComparison.Ordinal);
        Assert.Contains("brew install openjpeg", j2k, StringComparison.Ordinal);
        Assert.Contains("openjp2.dll", j2k, StringComparison.Ordinal);
        Assert.Contains("tried x", j2k, StringComparison.Ordinal);

        string jls = CharLs.MissingMessage("tried y");
        Assert.Contains("libcharls2", jls, StringComparison.Ordinal);
        Assert.Contains("brew install charls", jls, StringComparison.Ordinal);
        Assert.Contains("charls-2-x64.dll", jls, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_FindsBothInstalledLibraries()
    {
        if (!System.IO.File.Exists("/usr/lib/x86_64-linux-gnu/libopenjp2.so.7"))
        {
            return; // not this machine's layout
        }

        Assert.True(NativeCodecLibrary.TryLoad(OpenJpeg.FileNames(), out NativeCodecLibrary? openjpeg, out string f1), f1);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libopenjp2.so.7", openjpeg!.Path);
        Assert.True(NativeCodecLibrary.TryLoad(CharLs.FileNames(), out NativeCodecLibrary? charls, out string f2), f2);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libcharls.so.2", charls!.Path);
        Assert.NotNull(OpenJpeg.Instance);
        Assert.NotNull(CharLs.Instance);
    }
}
