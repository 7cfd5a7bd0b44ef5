// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using DicomAnon.Imaging.Codecs;
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

    [Fact]
    public void Binding_MissingLibrary_ThrowsTheMissingMessage_AndDoesNotSearchAgain()
    {
        int searches = 0;
        var binding = new NativeCodecBinding<object>(
            "Test 1",
            () =>
            {
                searches++;
                return new[] { "libdicomanon-no-such-codec.so.9" };
            },
            _ => new object(),
            _ => null,
            tried => "install the test package (" + tried + ")");

        var first = Assert.Throws<CodecLibraryNotFoundException>(() => binding.Api);
        var second = Assert.Throws<CodecLibraryNotFoundException>(() => binding.Api);

        Assert.StartsWith("install the test package (", first.Message, StringComparison.Ordinal);
        Assert.Contains("libdicomanon-no-such-codec.so.9", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(1, searches);
    }

    [Fact]
    public void Binding_LibraryWithoutTheEntryPoint_OrRejected_IsNotUsable()
    {
        if (!System.IO.File.Exists("/usr/lib/x86_64-linux-gnu/libopenjp2.so.7"))
        {
            return; // not this machine's layout
        }

        var noSymbol = new NativeCodecBinding<object>("Test 2", OpenJpeg.FileNames, lib => lib.Bind<Action>("dicomanon_no_such_symbol"), _ => null, tried => tried);
        var ex = Assert.Throws<CodecLibraryNotFoundException>(() => noSymbol.Api);
        Assert.Contains("not a usable Test 2 library (no dicomanon_no_such_symbol)", ex.Message, StringComparison.Ordinal);

        var rejected = new NativeCodecBinding<object>("Test 3", OpenJpeg.FileNames, _ => new object(), _ => "too old", tried => tried);
        Assert.EndsWith("libopenjp2.so.7: too old", Assert.Throws<CodecLibraryNotFoundException>(() => rejected.Api).Message, StringComparison.Ordinal);

        var usable = new NativeCodecBinding<object>("Test 4", OpenJpeg.FileNames, _ => new object(), _ => null, tried => tried);
        Assert.Same(usable.Api, usable.Api);
    }
}
