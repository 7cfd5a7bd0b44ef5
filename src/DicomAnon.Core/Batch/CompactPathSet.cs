// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;

namespace DicomAnon.Core.Batch;

/// <summary>
/// A set of paths (a run's outputs, the folders it created) that a long run can afford: 100,000 full paths under
/// -Layout Uid take about 1 KB each, and each output may have a folder of its own. The paths are kept in a
/// <see cref="CompactPathTree"/> (each component once under its parent), which sets made with
/// <see cref="CompactPathSet(CompactPathSet)"/> share. A lookup compares whole components, never just hashes, with the
/// platform's path comparison: it answers as a set of the strings.
/// </summary>
/// <threadsafety>Thread-safe (the tree's lock): workers may create folders.</threadsafety>
internal sealed class CompactPathSet
{
    private readonly CompactPathTree _tree;
    private readonly byte _bit;
    private readonly bool _folders;
    private int _count;

    /// <summary>Compares as the platform's file system does (<see cref="PathComparison"/>).</summary>
    public CompactPathSet()
        : this(PathComparison.IgnoresCase)
    {
    }

    /// <summary>For tests of either comparison on one platform.</summary>
    internal CompactPathSet(bool ignoreCase)
        : this(new CompactPathTree(ignoreCase))
    {
    }

    /// <summary>Another set stored in <paramref name="sharesTreeWith"/>'s tree (same comparison): a path both hold is stored once.</summary>
    public CompactPathSet(CompactPathSet sharesTreeWith)
        : this((sharesTreeWith ?? throw new ArgumentNullException(nameof(sharesTreeWith)))._tree)
    {
    }

    /// <summary>A set stored in <paramref name="tree"/>, beside the other sets and lists kept there.</summary>
    internal CompactPathSet(CompactPathTree tree)
        : this(tree, folders: false)
    {
    }

    private CompactPathSet(CompactPathTree tree, bool folders)
    {
        _tree = tree;
        _bit = tree.NewMemberBit();
        _folders = folders;
    }

    /// <summary>
    /// A set of folders stored in <paramref name="sharesTreeWith"/>'s tree, each kept with a separator after it: a
    /// folder and the same folder written with a trailing separator are one member, and a folder is stored as the
    /// very components of the paths of the files in it.
    /// </summary>
    public static CompactPathSet ForFolders(CompactPathSet sharesTreeWith) =>
        new((sharesTreeWith ?? throw new ArgumentNullException(nameof(sharesTreeWith)))._tree, folders: true);

    /// <summary>The paths held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds <paramref name="path"/>; false when it is already there.</summary>
    public bool Add(string path)
    {
        if (!_tree.AddMember(Key(path), _bit))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    /// <summary>True when <paramref name="path"/> is held.</summary>
    public bool Contains(string path) => _tree.HasMember(Key(path), _bit);

    /// <summary>Forgets <paramref name="path"/>; false when it was not held. Its components stay (removals are rare: a failed write).</summary>
    public bool Remove(string path)
    {
        if (!_tree.RemoveMember(Key(path), _bit))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>A folder with the separator after it (an empty path stays empty: it is no folder, and not the root).</summary>
    private string Key(string path)
    {
        if (!_folders || path.Length == 0)
        {
            return path;
        }

        char last = path[path.Length - 1];
        return last == Path.DirectorySeparatorChar || last == Path.AltDirectorySeparatorChar ? path : path + Path.DirectorySeparatorChar;
    }
}
