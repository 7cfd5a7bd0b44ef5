// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: the compact set of a run's output paths and folders answers exactly as a set of the full paths.</summary>
public sealed class CompactPathSetTests
{
    [Fact]
    public void AddContainsRemove_AnswerAsAHashSetOfThePaths()
    {
        var written = new CompactPathSet(ignoreCase: false);
        string a = Path.Combine("dest", "p1", "IM1.dcm");
        Assert.True(written.Add(a));
        Assert.False(written.Add(a));
        Assert.False(written.Add(new string(a.ToCharArray())));
        Assert.True(written.Contains(a));
        Assert.False(written.Contains(Path.Combine("dest", "p2", "IM1.dcm")));
        Assert.False(written.Contains(Path.Combine("dest", "p1", "IM1.dcm2")));
        Assert.True(written.Add(Path.Combine("dest", "p2", "IM1.dcm")));
        Assert.True(written.Add("IM1.dcm"));
        Assert.False(written.Add("IM1.dcm"));
        Assert.Equal(3, written.Count);

        Assert.True(written.Remove(a));
        Assert.False(written.Remove(a));
        Assert.False(written.Contains(a));
        Assert.True(written.Add(a));
        Assert.False(written.Add(a));
        Assert.Equal(3, written.Count);
    }

    [Fact]
    public void Case_IsComparedAsThePlatformsFileSystemDoes()
    {
        var exact = new CompactPathSet(ignoreCase: false);
        var folded = new CompactPathSet(ignoreCase: true);
        foreach (CompactPathSet w in new[] { exact, folded })
        {
            Assert.True(w.Add(Path.Combine("Dest", "P1", "Im1.dcm")));
        }

        string other = Path.Combine("DEST", "p1", "IM1.DCM");
        Assert.True(exact.Add(other));
        Assert.False(folded.Add(other));
        Assert.True(folded.Remove(Path.Combine("dest", "p1", "im1.dcm")));
        Assert.Equal(0, folded.Count);
    }

    [Fact]
    public void ManyPaths_AgreeWithAHashSet_IncludingNamesWhoseHashesCollide()
    {
        // Under the ordinal comparer's randomized hash, collisions among 200,000 names are expected (about 5);
        // each must still be told apart by the whole name.
        var written = new CompactPathSet(ignoreCase: false);
        var reference = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(13);
        for (int i = 0; i < 200_000; i++)
        {
            string path = Path.Combine("out", "s" + random.Next(0, 50).ToString(CultureInfo.InvariantCulture),
                random.Next(0, 150_000).ToString(CultureInfo.InvariantCulture) + ".dcm");
            Assert.Equal(reference.Add(path), written.Add(path));
            if (i % 997 == 0)
            {
                Assert.Equal(reference.Remove(path), written.Remove(path));
            }
        }

        Assert.Equal(reference.Count, written.Count);
        for (int i = 0; i < 20_000; i++)
        {
            string path = Path.Combine("out", "s" + random.Next(0, 60).ToString(CultureInfo.InvariantCulture),
                random.Next(0, 160_000).ToString(CultureInfo.InvariantCulture) + ".dcm");
            Assert.Equal(reference.Contains(path), written.Contains(path));
        }
    }

    [Fact]
    public void LongNamesAndUnpairedSurrogates_AreKeptExactly()
    {
        var written = new CompactPathSet(ignoreCase: true);
        string longName = Path.Combine("out", new string('x', 40_000)); // longer than one buffer chunk
        string lone1 = Path.Combine("out", "a\uD800.dcm");
        string lone2 = Path.Combine("out", "a\uD801.dcm");
        Assert.True(written.Add(longName));
        Assert.True(written.Add(lone1));
        Assert.True(written.Add(lone2));
        Assert.False(written.Add(lone1));
        Assert.True(written.Contains(longName));
        Assert.False(written.Contains(longName + "x"));
    }

    [Fact]
    public void APrefixOrARegroupingOfComponents_IsAnotherPath()
    {
        var set = new CompactPathSet(ignoreCase: false);
        char sep = Path.DirectorySeparatorChar;
        string abc = "a" + sep + "b" + sep + "c";
        Assert.True(set.Add(abc));
        Assert.False(set.Contains("a" + sep + "b"));
        Assert.False(set.Contains("a" + sep + "b" + sep));
        Assert.False(set.Contains("a" + sep + "bc"));
        Assert.False(set.Contains("ab" + sep + "c"));
        Assert.False(set.Contains(sep + abc));
        Assert.False(set.Contains("a" + sep + sep + "b" + sep + "c"));
        Assert.True(set.Add("a" + sep + "b"));
        Assert.True(set.Contains(abc));
        Assert.True(set.Add(string.Empty));
        Assert.False(set.Add(string.Empty));
        if (Path.AltDirectorySeparatorChar != sep)
        {
            // Windows: "a/b" and "a\b" name one file, but a set of strings told them apart, and so does this one.
            Assert.True(set.Add("a" + Path.AltDirectorySeparatorChar + "b" + sep + "c"));
        }

        Assert.Equal(AltCount(3), set.Count);
    }

    private static int AltCount(int n) => Path.AltDirectorySeparatorChar != Path.DirectorySeparatorChar ? n + 1 : n;
}
