// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DicomAnon.Commands;
using Xunit;

namespace DicomAnon.Module.Tests;

/// <summary>Issue 13 item 5: the writers' compact input list gives back every input exactly, in order, each full path once.</summary>
public sealed class InputFileListTests
{
    [Fact]
    public void Inputs_ComeBackExactlyInOrder_WithRootsAndNamedFlags()
    {
        string root = Path.Combine(Path.GetTempPath(), "in");
        var given = new List<InputFile>();
        for (int i = 0; i < 3000; i++)
        {
            string folder = Path.Combine(root, "d" + (i / 1000).ToString("D4", CultureInfo.InvariantCulture));
            given.Add(new InputFile(Path.Combine(folder, "ct" + i.ToString("D6", CultureInfo.InvariantCulture) + ".dcm"), named: false, root));
        }

        given.Add(new InputFile(Path.Combine(Path.GetTempPath(), "other", "Named.DCM"), named: true, root: null));
        given.Add(new InputFile(Path.Combine(Path.GetTempPath(), "second") + Path.DirectorySeparatorChar + "x.dcm", named: false, Path.Combine(Path.GetTempPath(), "second")));
        var list = new InputFileList();
        foreach (InputFile f in given)
        {
            Assert.True(list.TryAdd(f));
        }

        Assert.Equal(given.Count, list.Count);
        InputFile[] back = list.ToArray();
        for (int i = 0; i < given.Count; i++)
        {
            Assert.Equal(given[i].Path, list[i].Path);
            Assert.Equal(given[i].Path, back[i].Path);
            Assert.Equal(given[i].Named, back[i].Named);
            Assert.Equal(given[i].Root, back[i].Root);
            Assert.Equal(given[i].RelativePath, back[i].RelativePath);
        }
    }

    [Fact]
    public void AFileGivenTwice_IsKeptOnce_UntilDeduplicationStops()
    {
        string a = Path.Combine(Path.GetTempPath(), "in", "a.dcm");
        var list = new InputFileList();
        Assert.True(list.TryAdd(new InputFile(a, named: true, root: null)));
        Assert.False(list.TryAdd(new InputFile(a, named: false, root: Path.Combine(Path.GetTempPath(), "in"))));
        Assert.False(list.TryAdd(new InputFile(Path.Combine(Path.GetTempPath(), "in", ".", "a.dcm"), named: true, root: null))); // the same full path
        Assert.True(list.TryAdd(new InputFile(Path.Combine(Path.GetTempPath(), "in", "b.dcm"), named: true, root: null)));
        Assert.Equal(2, list.Count);
        Assert.True(list[0].Named);

        list.StopDeduplicating();
        Assert.True(list.TryAdd(new InputFile(a, named: true, root: null)));
        Assert.Equal(3, list.Count);
    }
}
