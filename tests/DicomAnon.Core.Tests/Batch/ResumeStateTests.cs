// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: this run's records are not held in memory, yet answer as before.</summary>
public sealed class ResumeStateTests
{
    [Fact]
    public void ARecordOfThisRun_IsFoundInThisRunsFile_AndSupersedesAnEarlierRunsRecord()
    {
        using var t = new BatchTestFolder();
        string dest = t.Path;
        File.WriteAllText(t.File("a.dcm"), "x");
        File.WriteAllText(t.File("b.dcm"), "x");
        using (ResumeState earlier = ResumeState.Load(dest))
        {
            earlier.Add(new ResumeRecord("id1", 10, 100, "h1", "a.dcm"));
            earlier.Add(new ResumeRecord("id9", 10, 100, "h1", "a.dcm"));
        }

        using ResumeState s = ResumeState.Load(dest);
        Assert.Equal(2, s.Count);
        Assert.True(s.IsFinished("id1", 10, 100, "h1", dest, out _));

        // This run redoes id1 from a changed source into b.dcm: the earlier record no longer counts.
        s.Add(new ResumeRecord("id1", 20, 200, "h2", "b.dcm"));
        s.Add(new ResumeRecord("id2", 30, 300, "h2", "b.dcm"));
        Assert.Equal(3, s.Count);
        Assert.False(s.IsFinished("id1", 10, 100, "h1", dest, out _));
        Assert.True(s.IsFinished("id1", 20, 200, "h2", dest, out string output));
        Assert.Equal(t.File("b.dcm"), output);
        Assert.True(s.IsFinished("id2", 30, 300, "h2", dest, out _));
        Assert.False(s.IsFinished("id2", 30, 301, "h2", dest, out _));
        Assert.True(s.IsFinished("id9", 10, 100, "h1", dest, out _));
        Assert.False(s.IsFinished("id3", 10, 100, "h1", dest, out _));

        // The newest of two records of one id in this run counts.
        s.Add(new ResumeRecord("id2", 31, 300, "h2", "a.dcm"));
        Assert.False(s.IsFinished("id2", 30, 300, "h2", dest, out _));
        Assert.True(s.IsFinished("id2", 31, 300, "h2", dest, out output));
        Assert.Equal(t.File("a.dcm"), output);
    }
}
