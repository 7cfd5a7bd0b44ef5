// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using DicomAnon.Core.Batch;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 13 item 5: sets sharing one path tree answer as separate sets, and a stored path's text comes back exactly.</summary>
public sealed class CompactPathTreeTests
{
    [Fact]
    public void SetsSharingATree_AgreeWithSeparateHashSets_AndStoreSharedFoldersOnce()
    {
        var written = new CompactPathSet(ignoreCase: false);
        var created = new CompactPathSet(written);
        var cleaned = new CompactPathSet(written);
        var refWritten = new HashSet<string>(StringComparer.Ordinal);
        var refCreated = new HashSet<string>(StringComparer.Ordinal);
        var refCleaned = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(1313);
        for (int i = 0; i < 60_000; i++)
        {
            // -Layout Uid: a folder per output, made and cleaned before the file is written into it.
            string folder = Path.Combine("out", "p" + random.Next(0, 3000).ToString(CultureInfo.InvariantCulture), "s" + random.Next(0, 4).ToString(CultureInfo.InvariantCulture));
            string file = Path.Combine(folder, random.Next(0, 20).ToString(CultureInfo.InvariantCulture) + ".dcm");
            Assert.Equal(refCreated.Add(folder), created.Add(folder));
            Assert.Equal(refCleaned.Add(folder), cleaned.Add(folder));
            Assert.Equal(refWritten.Add(file), written.Add(file));
            Assert.Equal(refCreated.Contains(file), created.Contains(file)); // a file is not a created folder
            Assert.Equal(refWritten.Contains(folder), written.Contains(folder));
            if (i % 101 == 0)
            {
                Assert.Equal(refWritten.Remove(file), written.Remove(file));
                Assert.Equal(refCleaned.Remove(folder), cleaned.Remove(folder));
            }
        }

        Assert.Equal(refWritten.Count, written.Count);
        Assert.Equal(refCreated.Count, created.Count);
        Assert.Equal(refCleaned.Count, cleaned.Count);
        foreach (string f in refCreated)
        {
            Assert.True(created.Contains(f));
            Assert.Equal(refCleaned.Contains(f), cleaned.Contains(f));
            Assert.False(written.Contains(f));
        }
    }

    [Fact]
    public void SharingATree_StoresEachComponentOnce()
    {
        var tree = new CompactPathTree(ignoreCase: false);
        var written = new CompactPathSet(tree);
        var created = new CompactPathSet(tree);
        string folder = Path.Combine("out", "PAT1", "1.2.3.4", "1.2.3.4.5");
        Assert.True(created.Add(folder));
        int afterFolder = tree.NodeCount;
        Assert.True(written.Add(Path.Combine(folder, "1.2.3.4.5.6.dcm")));
        Assert.Equal(afterFolder + 2, tree.NodeCount); // the folder again (with its separator) and the file name
        Assert.False(created.Contains(Path.Combine(folder, "1.2.3.4.5.6.dcm")));
        Assert.False(written.Contains(folder));
    }

    [Fact]
    public void AFolderSet_HoldsAFolderWithOrWithoutItsTrailingSeparator_AsTheComponentsOfItsFiles()
    {
        var tree = new CompactPathTree(ignoreCase: false);
        var written = new CompactPathSet(tree);
        CompactPathSet created = CompactPathSet.ForFolders(written);
        char sep = Path.DirectorySeparatorChar;
        string folder = Path.Combine("out", "PAT1", "1.2.3.4");
        Assert.True(written.Add(Path.Combine(folder, "1.2.3.4.5.dcm")));
        int nodes = tree.NodeCount;
        Assert.True(created.Add(folder));
        Assert.Equal(nodes, tree.NodeCount); // stored as the file's own folder components
        Assert.False(created.Add(folder + sep));
        Assert.True(created.Contains(folder + sep));
        Assert.False(created.Contains(Path.Combine(folder, "1.2.3.4.5.dcm")));
        Assert.False(created.Contains(Path.Combine("out", "PAT1")));
        Assert.False(written.Contains(folder));
        Assert.False(created.Contains(string.Empty));
        Assert.False(created.Contains(sep.ToString()));
        Assert.True(created.Add(string.Empty));
        Assert.False(created.Contains(sep.ToString())); // an empty path is no folder, and not the root
        Assert.True(created.Add(sep.ToString()));
        Assert.Equal(3, created.Count);
        Assert.True(created.Remove(folder + sep));
        Assert.False(created.Contains(folder));
        Assert.Equal(2, created.Count);
        Assert.Equal(1, written.Count);
    }

    [Fact]
    public void ANinthSetOnOneTree_IsRefused()
    {
        var tree = new CompactPathTree(ignoreCase: true);
        for (int i = 0; i < 8; i++)
        {
            _ = new CompactPathSet(tree);
        }

        Assert.Throws<InvalidOperationException>(() => new CompactPathSet(tree));
    }

    [Fact]
    public void ManyInternedPaths_KeepTheirNodesAndText_WhileTheBucketsGrow()
    {
        var tree = new CompactPathTree(ignoreCase: false);
        char sep = Path.DirectorySeparatorChar;
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 60_000; i++)
        {
            // Many files per folder and the same file names in every folder: one name, many parents.
            string path = sep + "in" + sep + "d" + (i % 37).ToString(CultureInfo.InvariantCulture) + sep + (i / 37).ToString(CultureInfo.InvariantCulture) + ".dcm";
            int node = tree.Intern(path);
            if (nodes.TryGetValue(path, out int before))
            {
                Assert.Equal(before, node);
            }

            nodes[path] = node;
        }

        foreach (KeyValuePair<string, int> p in nodes)
        {
            Assert.Equal(p.Value, tree.Intern(p.Key)); // found again, not stored twice
            Assert.Equal(p.Key, tree.PathOf(p.Value));
        }

        Assert.Equal(nodes.Count + 37 + 2, tree.NodeCount); // the files, their 37 folders, the root and "in"
    }

    [Fact]
    public void PathOf_GivesBackTheTextExactlyAsStored()
    {
        var tree = new CompactPathTree(ignoreCase: false);
        char sep = Path.DirectorySeparatorChar;
        char alt = Path.AltDirectorySeparatorChar;
        var paths = new List<string>
        {
            string.Empty,
            sep.ToString(),
            "relative" + sep + "a.dcm",
            sep + "data" + sep + sep + "double" + sep + "b.dcm",
            sep + "data" + sep + "trailing" + sep,
            sep + "Data" + sep + "CASE.dcm",
            sep + "data" + sep + "case.dcm",
            sep + "data" + alt + "mixed" + sep + "c.dcm",
            sep + "data" + sep + new string('x', 70_000), // longer than one buffer chunk
            sep + "data" + sep + new string('\u4E2D', 40_000), // two bytes a character: longer than one chunk too
            sep + "data" + sep + "lone\uD800.dcm",
            sep + "data" + sep + "M\u00FCller\u00FF" + sep + "\u00E9.dcm", // one byte a character
            sep + "data" + sep + "\u0100" + sep + "\u4E2D\u6587.dcm" + sep + "\uFFFF\u00FF",
        };
        var random = new Random(7);
        for (int i = 0; i < 5000; i++)
        {
            paths.Add(sep + "corpus" + sep + "d" + random.Next(0, 30).ToString("D4", CultureInfo.InvariantCulture) + sep + "ct" + random.Next(0, 100_000).ToString("D6", CultureInfo.InvariantCulture) + ".dcm");
        }

        var nodes = new List<int>();
        foreach (string p in paths)
        {
            nodes.Add(tree.Intern(p));
        }

        for (int i = 0; i < paths.Count; i++)
        {
            Assert.Equal(paths[i], tree.PathOf(nodes[i]));
            Assert.Equal(nodes[i], tree.Intern(paths[i]));
        }

        Assert.NotEqual(tree.Intern(sep + "Data" + sep + "CASE.dcm"), tree.Intern(sep + "data" + sep + "CASE.dcm"));
        Assert.NotEqual(tree.Intern(sep + "data" + sep + "\u0100"), tree.Intern(sep + "data" + sep + "\u0000")); // never truncated to a byte
        Assert.NotEqual(tree.Intern(sep + "data" + sep), tree.Intern(sep + "data")); // a trailing separator is another path
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.PathOf(tree.NodeCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.PathOf(-1));
    }

    [Fact]
    public void AnIgnoreCaseTree_GivesBackTheFirstSpelling()
    {
        var tree = new CompactPathTree(ignoreCase: true);
        int a = tree.Intern(Path.Combine("Out", "Im1.dcm"));
        int b = tree.Intern(Path.Combine("OUT", "IM1.DCM"));
        Assert.Equal(a, b);
        Assert.Equal(Path.Combine("Out", "Im1.dcm"), tree.PathOf(b));
    }
}
