// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;
using Xunit;

namespace DicomAnon.Core.Tests.IO;

/// <summary>
/// Temporary outputs are created by <see cref="NewFile.Create"/> (on Linux by the C library, without .NET's lock): the
/// file, its permissions and every failure must be what FileMode.CreateNew gives.
/// </summary>
public sealed class NewFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dicomanon-newfile-" + Guid.NewGuid().ToString("N"));

    public NewFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CreatesAWritableFileWithFileStreamsPermissions()
    {
        string ours = Path.Combine(_dir, "ours");
        string theirs = Path.Combine(_dir, "theirs");
        using (FileStream fs = NewFile.Create(ours, 4096))
        {
            Assert.True(fs.CanWrite);
            Assert.Equal(0, fs.Position);
            fs.Write(new byte[] { 1, 2, 3, 4, 5 }, 0, 5);
            Assert.Equal(5, fs.Position);
        }

        using (new FileStream(theirs, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
        {
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, File.ReadAllBytes(ours));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(File.GetUnixFileMode(theirs), File.GetUnixFileMode(ours));
        }
    }

    [Fact]
    public void AnExistingFileFailsAsCreateNewDoesAndIsKept()
    {
        string path = Path.Combine(_dir, "there");
        File.WriteAllBytes(path, new byte[] { 9 });
        IOException ours = Assert.Throws<IOException>(() => NewFile.Create(path, 4096));
        IOException theirs = Assert.Throws<IOException>(() => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096));
        Assert.Equal(theirs.Message, ours.Message);
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void AMissingFolderFailsAsCreateNewDoes()
    {
        string path = Path.Combine(_dir, "no-such-folder", "file");
        Exception ours = Assert.ThrowsAny<IOException>(() => NewFile.Create(path, 4096));
        Exception theirs = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096));
        Assert.Equal(theirs.GetType(), ours.GetType());
        Assert.Equal(theirs.Message, ours.Message);
    }
}
