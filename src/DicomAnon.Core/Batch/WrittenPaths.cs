// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The output paths one run has written, so that a second input with the same output name is caught. A run of
/// 100,000 files must not hold 100,000 full paths (about 1 KB each under -Layout Uid), so each path is kept as its
/// folder (held once, shared by the folder's files) and its file name's characters in a shared buffer. A lookup compares the whole
/// name, never just a hash, with the platform's path comparison, so it answers exactly as a set of the full paths.
/// </summary>
/// <threadsafety>Not thread-safe: the pipeline thread owns it.</threadsafety>
internal sealed class WrittenPaths
{
    private const int ChunkChars = 32 * 1024;
    private static readonly char[] Separators = Path.DirectorySeparatorChar == Path.AltDirectorySeparatorChar
        ? new[] { Path.DirectorySeparatorChar }
        : new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };

    private readonly StringComparer _comparer;
    private readonly StringComparison _comparison;
    private readonly Dictionary<string, int> _folderIds;
    private readonly List<string> _folders = new();
    private readonly Dictionary<long, int> _newest = new(); // (folder id, name hash) -> newest entry with that key
    private readonly List<char[]> _chunks = new();
    private Entry[] _entries = new Entry[256];
    private int _count;
    private int _used = ChunkChars; // characters used in the last chunk: a full "chunk" before the first

    /// <summary>Compares as the platform's file system does (<see cref="PathComparison"/>).</summary>
    public WrittenPaths()
        : this(PathComparison.IgnoresCase)
    {
    }

    /// <summary>For tests on one platform of the other's comparison.</summary>
    internal WrittenPaths(bool ignoreCase)
    {
        _comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _folderIds = new Dictionary<string, int>(_comparer);
    }

    /// <summary>The paths held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="path"/>; false when it is already there.</summary>
    public bool Add(string path)
    {
        Split(path, out string folder, out string name);
        if (!_folderIds.TryGetValue(folder, out int folderId))
        {
            folderId = _folders.Count;
            _folders.Add(folder);
            _folderIds.Add(folder, folderId);
        }

        long key = Key(folderId, name);
        int newest = _newest.TryGetValue(key, out int n) ? n : -1;
        if (Find(newest, name) >= 0)
        {
            return false;
        }

        if (_used + name.Length > ChunkChars)
        {
            _chunks.Add(new char[Math.Max(ChunkChars, name.Length)]);
            _used = 0;
        }

        name.CopyTo(0, _chunks[_chunks.Count - 1], _used, name.Length);
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, checked(_entries.Length * 2));
        }

        _entries[_count] = new Entry(_chunks.Count - 1, _used, name.Length, newest);
        _used += name.Length;
        _newest[key] = _count++;
        Count++;
        return true;
    }

    /// <summary>True when <paramref name="path"/> is held.</summary>
    public bool Contains(string path)
    {
        Split(path, out string folder, out string name);
        return _folderIds.TryGetValue(folder, out int folderId)
            && _newest.TryGetValue(Key(folderId, name), out int newest)
            && Find(newest, name) >= 0;
    }

    /// <summary>Forgets <paramref name="path"/> (its write failed); false when it was not held.</summary>
    public bool Remove(string path)
    {
        Split(path, out string folder, out string name);
        if (!_folderIds.TryGetValue(folder, out int folderId) || !_newest.TryGetValue(Key(folderId, name), out int newest))
        {
            return false;
        }

        int i = Find(newest, name);
        if (i < 0)
        {
            return false;
        }

        _entries[i].Removed = true; // its characters stay: removals are rare (a failed write)
        Count--;
        return true;
    }

    /// <summary>At the last separator, the separator kept with the folder: equal paths split alike, so comparing the parts compares the paths.</summary>
    private static void Split(string path, out string folder, out string name)
    {
        int cut = path.LastIndexOfAny(Separators) + 1;
        folder = cut == 0 ? string.Empty : path.Substring(0, cut);
        name = cut == 0 ? path : path.Substring(cut);
    }

    private long Key(int folderId, string name) => ((long)folderId << 32) | unchecked((uint)_comparer.GetHashCode(name));

    /// <summary>
    /// The live entry on the chain from <paramref name="i"/> whose name is <paramref name="name"/>, or -1. A chain
    /// holds one folder's names of one hash, so the comparison (a string made for it) runs only for a name written
    /// twice or a rare hash match.
    /// </summary>
    private int Find(int i, string name)
    {
        for (; i >= 0; i = _entries[i].Next)
        {
            Entry e = _entries[i];
            if (!e.Removed && e.Length == name.Length
                && string.Equals(new string(_chunks[e.Chunk], e.Offset, e.Length), name, _comparison))
            {
                return i;
            }
        }

        return -1;
    }

    private struct Entry
    {
        public Entry(int chunk, int offset, int length, int next)
        {
            Chunk = chunk;
            Offset = offset;
            Length = length;
            Next = next;
            Removed = false;
        }

        public int Chunk { get; }

        public int Offset { get; }

        public int Length { get; }

        /// <summary>The next older entry with the same folder and name hash, or -1.</summary>
        public int Next { get; }

        public bool Removed { get; set; }
    }
}
