// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DicomAnon.Core.Batch;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13: the read-ahead hands back, in posting order, exactly what reading each file then would have given.</summary>
public sealed class HeaderReadAheadTests
{
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    [Fact]
    public void Results_ComeBackInPostedOrder_AsReadingEachFileWouldGive()
    {
        using var folder = new BatchTestFolder();
        var paths = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            string p = folder.File($"IM{i:D2}.dcm");
            TestDicom.WriteCt(p, seed: i + 1);
            paths.Add(p);
        }

        // A truncated file, a text file and an empty file in the middle of the batch.
        byte[] whole = File.ReadAllBytes(paths[3]);
        File.WriteAllBytes(paths[3], whole.AsSpan(0, 700).ToArray());
        File.WriteAllText(paths[5], "not dicom at all, just some text that is long enough to sniff at byte 128 ..........................................................................");
        File.WriteAllBytes(paths[7], Array.Empty<byte>());

        var results = new List<ReadAheadResult>();
        using (var ahead = new HeaderReadAhead(DicomReadOptions.Default, depth: 4))
        {
            int posted = 0;
            foreach (string unused in paths)
            {
                while (posted < paths.Count && !ahead.IsFull)
                {
                    ahead.Post(paths[posted++]);
                }

                results.Add(ahead.Take());
            }
        }

        Assert.Equal(paths, results.ConvertAll(r => r.Path));
        for (int i = 0; i < paths.Count; i++)
        {
            ReadAheadResult r = results[i];
            Assert.True(r.Completed);
            Assert.Equal(new FileInfo(paths[i]).Length, r.Length);
            Assert.Equal(new FileInfo(paths[i]).LastWriteTimeUtc.Ticks, r.LastWriteTicksUtc);
            Assert.Null(r.CheckError);
            switch (i)
            {
                case 3:
                    Assert.True(r.LooksLikeDicom);
                    Assert.Null(r.File);
                    Exception direct = Assert.ThrowsAny<Exception>(() => DicomFile.Open(paths[i]));
                    Assert.IsType(direct.GetType(), r.ReadError);
                    Assert.Equal(direct.Message, r.ReadError!.Message);
                    break;
                case 5:
                case 7:
                    Assert.False(r.LooksLikeDicom);
                    Assert.Null(r.File);
                    Assert.Null(r.ReadError);
                    break;
                default:
                    Assert.True(r.LooksLikeDicom);
                    Assert.Null(r.ReadError);
                    Assert.Equal(DicomFile.Open(paths[i]).Dataset.GetString(SopInstanceUid), r.File!.Dataset.GetString(SopInstanceUid));
                    Assert.Equal(Path.GetFullPath(paths[i]), r.File.SourcePath);
                    break;
            }
        }
    }

    [Fact]
    public void MissingFile_IsACheckError_LikeTheCheckItself()
    {
        using var folder = new BatchTestFolder();
        string missing = folder.File("gone.dcm");
        using var ahead = new HeaderReadAhead(DicomReadOptions.Default);
        ahead.Post(missing);
        ReadAheadResult r = ahead.Take();
        Assert.Equal(-1, r.Length);
        Assert.False(r.LooksLikeDicom);
        Assert.IsAssignableFrom<IOException>(r.CheckError);
        Assert.Null(r.ReadError);
    }

    [Fact]
    public void Post_BeyondDepth_IsRefused()
    {
        using var folder = new BatchTestFolder();
        using var ahead = new HeaderReadAhead(DicomReadOptions.Default, depth: 2);
        ahead.Post(folder.File("a"));
        ahead.Post(folder.File("b"));
        Assert.True(ahead.IsFull);
        Assert.Throws<InvalidOperationException>(() => ahead.Post(folder.File("c")));
        Assert.Equal(folder.File("a"), ahead.Take().Path);
        ahead.Post(folder.File("c"));
        Assert.Equal(2, ahead.Pending);
    }

    [Fact]
    public void ByteBudget_HoldsBackTheNextParse_UntilAFileIsTaken()
    {
        using var folder = new BatchTestFolder();
        var paths = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            string p = folder.File($"IM{i}.dcm");
            TestDicom.WriteCt(p, seed: i + 1);
            paths.Add(p);
        }

        int opened = 0;
        using var ahead = new HeaderReadAhead(DicomReadOptions.Default, depth: 4, maxHeldBytes: 1, beforeRead: _ => Interlocked.Increment(ref opened));
        paths.ForEach(ahead.Post);
        Thread.Sleep(300);
        Assert.Equal(1, Volatile.Read(ref opened)); // one parsed file is over the budget: the worker waits

        Assert.NotNull(ahead.Take().File);
        SpinWait.SpinUntil(() => Volatile.Read(ref opened) == 2, 5000);
        Thread.Sleep(100);
        Assert.Equal(2, Volatile.Read(ref opened));
        for (int i = 1; i < 4; i++)
        {
            Assert.Equal(paths[i], ahead.Take().Path);
        }

        Assert.Equal(4, Volatile.Read(ref opened));
    }

    [Fact]
    public void Stop_HandsBackTheRestUnread()
    {
        using var folder = new BatchTestFolder();
        var paths = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            string p = folder.File($"IM{i}.dcm");
            TestDicom.WriteCt(p, seed: i + 1);
            paths.Add(p);
        }

        int opened = 0;
        using var ahead = new HeaderReadAhead(DicomReadOptions.Default, depth: 4, maxHeldBytes: 1, beforeRead: _ => Interlocked.Increment(ref opened));
        paths.ForEach(ahead.Post);
        SpinWait.SpinUntil(() => Volatile.Read(ref opened) == 1, 5000);
        ahead.Stop();
        Assert.True(ahead.Take().Completed); // read before the stop
        for (int i = 1; i < 4; i++)
        {
            ReadAheadResult r = ahead.Take();
            Assert.Equal(paths[i], r.Path);
            Assert.False(r.Completed);
            Assert.Null(r.File);
        }

        Assert.Equal(1, Volatile.Read(ref opened));
    }
}
