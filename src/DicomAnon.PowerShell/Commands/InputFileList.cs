// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using DicomAnon.Core.Batch;

namespace DicomAnon.Commands;

/// <summary>
/// The inputs of one call, in order, each full path once. Writers collect every input before the first file (the
/// mirror base and the safety checks need all of them), so at 100,000 inputs a list of path strings and a set of
/// their full paths took about 30 MB. Here each path is a node of a <see cref="CompactPathTree"/> (a folder's name
/// stored once, not once per file) and its text is rebuilt exactly when the input is read.
/// </summary>
internal sealed class InputFileList : IReadOnlyList<InputFile>
{
    private readonly CompactPathTree _paths = new(ignoreCase: false); // the text exactly as given
    private readonly ChunkedList<Entry> _entries = new(); // small chunks: no large array to double at 100,000 inputs
    private readonly List<string> _roots = new();
    private CompactPathSet? _seen;

    public InputFileList()
    {
        // Full paths, compared as the platform does; stored in the same tree where that comparison is exact.
        _seen = PathComparison.IgnoresCase ? new CompactPathSet() : new CompactPathSet(_paths);
    }

    public int Count => _entries.Count;

    public InputFile this[int index]
    {
        get
        {
            Entry e = _entries[index];
            return new InputFile(_paths.PathOf(e.Node), e.Named, e.Root < 0 ? null : _roots[e.Root]);
        }
    }

    /// <summary>Appends <paramref name="file"/> unless its full path was added before; false for a repeat.</summary>
    public bool TryAdd(InputFile file)
    {
        if (_seen is not null && !_seen.Add(System.IO.Path.GetFullPath(file.Path)))
        {
            return false;
        }

        int root = -1;
        if (file.Root is not null)
        {
            // The inputs of one walk share their root: it is kept once.
            root = _roots.Count - 1;
            if (root < 0 || !string.Equals(_roots[root], file.Root, StringComparison.Ordinal))
            {
                _roots.Add(file.Root);
                root = _roots.Count - 1;
            }
        }

        _entries.Add(new Entry(_paths.Intern(file.Path), root, file.Named));
        return true;
    }

    /// <summary>No more inputs are added: the full paths kept to find repeats can go.</summary>
    public void StopDeduplicating() => _seen = null;

    public IEnumerator<InputFile> GetEnumerator()
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly struct Entry
    {
        public Entry(int node, int root, bool named)
        {
            Node = node;
            Root = root;
            Named = named;
        }

        public int Node { get; }

        public int Root { get; }

        public bool Named { get; }
    }
}
