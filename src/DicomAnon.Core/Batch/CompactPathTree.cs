// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The storage behind <see cref="CompactPathSet"/> and the cmdlets' input list: paths as a tree of their
/// components, each component once under its parent, its characters in a shared buffer (one byte each when all are
/// below U+0100, as UIDs, pseudonyms and most names are; two otherwise). A component is kept with the
/// separator after it, so paths are equal exactly when their components are, and a path's text is rebuilt exactly
/// (<see cref="PathOf"/>). Up to eight sets can share one tree (one membership bit each), so a run's output files and
/// the folders it created or cleaned store each folder name once: under -Layout Uid each output has a folder of its own.
/// </summary>
/// <threadsafety>Thread-safe (one lock): workers may create folders.</threadsafety>
internal sealed class CompactPathTree
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly char[] Separators = Path.DirectorySeparatorChar == Path.AltDirectorySeparatorChar
        ? new[] { Path.DirectorySeparatorChar }
        : new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };

    private readonly object _lock = new();
    private readonly StringComparer _comparer;
    private readonly StringComparison _comparison;
    private readonly List<byte[]> _chunks = new();

    // Chained hashing over the nodes themselves: a bucket holds its newest node + 1 (0: empty) and each node the next
    // older one of its bucket, so a component costs one node and a quarter to half a bucket, all in small chunks.
    private readonly ChunkedList<Node> _nodes = new();
    private ChunkedList<int> _buckets = EmptyBuckets(1024);
    private int _nodeCount;
    private int _used; // bytes used in the last chunk
    private int _bitsGiven;

    /// <param name="ignoreCase">Compare components without case (as <see cref="PathComparison.IgnoresCase"/> says for file paths).</param>
    public CompactPathTree(bool ignoreCase)
    {
        IgnoresCase = ignoreCase;
        _comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>True when components are compared without case.</summary>
    public bool IgnoresCase { get; }

    /// <summary>The components stored (for tests and measurements).</summary>
    internal int NodeCount
    {
        get
        {
            lock (_lock)
            {
                return _nodeCount;
            }
        }
    }

    /// <summary>A membership bit of its own for one more set over this tree (at most eight).</summary>
    public byte NewMemberBit()
    {
        lock (_lock)
        {
            if (_bitsGiven == 8)
            {
                throw new InvalidOperationException("A path tree holds at most eight sets.");
            }

            return (byte)(1 << _bitsGiven++);
        }
    }

    /// <summary>Sets <paramref name="bit"/> on <paramref name="path"/>'s node (made if missing); false when it was set.</summary>
    public bool AddMember(string path, byte bit)
    {
        lock (_lock)
        {
            int node = Walk(path, create: true);
            if ((_nodes[node].Members & bit) != 0)
            {
                return false;
            }

            _nodes[node].Members |= bit;
            return true;
        }
    }

    /// <summary>True when <paramref name="path"/>'s node exists and has <paramref name="bit"/>.</summary>
    public bool HasMember(string path, byte bit)
    {
        lock (_lock)
        {
            int node = Walk(path, create: false);
            return node >= 0 && (_nodes[node].Members & bit) != 0;
        }
    }

    /// <summary>Clears <paramref name="bit"/> on <paramref name="path"/>; false when it was not set. The components stay.</summary>
    public bool RemoveMember(string path, byte bit)
    {
        lock (_lock)
        {
            int node = Walk(path, create: false);
            if (node < 0 || (_nodes[node].Members & bit) == 0)
            {
                return false;
            }

            _nodes[node].Members &= unchecked((byte)~bit);
            return true;
        }
    }

    /// <summary>The node of <paramref name="path"/>, made if missing: a handle for <see cref="PathOf"/>.</summary>
    public int Intern(string path)
    {
        lock (_lock)
        {
            return Walk(path, create: true);
        }
    }

    /// <summary>The text of the path ending at <paramref name="node"/>, as it was first stored.</summary>
    public string PathOf(int node)
    {
        lock (_lock)
        {
            if (node < 0 || node >= _nodeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(node));
            }

            int length = 0;
            for (int i = node; i >= 0; i = _nodes[i].Parent)
            {
                length += _nodes[i].Length;
            }

            char[] text = new char[length];
            int end = length;
            for (int i = node; i >= 0; i = _nodes[i].Parent)
            {
                end -= _nodes[i].Length;
                CopyText(_nodes[i], text, end);
            }

            return new string(text);
        }
    }

    /// <summary>
    /// The node of the last component of <paramref name="path"/> (made when <paramref name="create"/>), or -1. A path
    /// that ends with a separator ends at the component that separator belongs to: "a/b/" is "a/" then "b/", which no
    /// other path ends at ("a/b" ends at "b").
    /// </summary>
    private int Walk(string path, bool create)
    {
        int parent = -1;
        int start = 0;
        while (true)
        {
            int sep = start < path.Length ? path.IndexOfAny(Separators, start) : -1;
            int end = sep < 0 ? path.Length : sep + 1; // the separator belongs to the component before it
            string component = path.Substring(start, end - start);
            parent = Child(parent, component, create);
            if (parent < 0 || sep < 0 || end == path.Length)
            {
                return parent;
            }

            start = end;
        }
    }

    private string TextOf(Node x)
    {
        char[] text = new char[x.Length];
        CopyText(x, text, 0);
        return new string(text);
    }

    private void CopyText(Node x, char[] destination, int at)
    {
        byte[] chunk = _chunks[x.Chunk];
        if (x.Wide)
        {
            for (int c = 0; c < x.Length; c++)
            {
                destination[at + c] = (char)(chunk[x.Offset + (2 * c)] | (chunk[x.Offset + (2 * c) + 1] << 8));
            }
        }
        else
        {
            for (int c = 0; c < x.Length; c++)
            {
                destination[at + c] = (char)chunk[x.Offset + c];
            }
        }
    }

    private static ChunkedList<int> EmptyBuckets(int count)
    {
        var buckets = new ChunkedList<int>();
        for (int i = 0; i < count; i++)
        {
            buckets.Add(0);
        }

        return buckets;
    }

    private int BucketOf(int parent, int hash) =>
        unchecked((int)(((uint)hash ^ ((uint)(parent + 1) * 0x9E3779B1u)) & (uint)(_buckets.Count - 1)));

    /// <summary>Twice the buckets when there are as many nodes as buckets; every chain is rebuilt (newest first, as built).</summary>
    private void GrowBuckets()
    {
        _buckets = EmptyBuckets(checked(_buckets.Count * 2));
        for (int i = 0; i < _nodeCount; i++)
        {
            ref Node x = ref _nodes[i];
            ref int bucket = ref _buckets[BucketOf(x.Parent, x.Hash)];
            x.Next = bucket - 1;
            bucket = i + 1;
        }
    }

    private int Child(int parent, string component, bool create)
    {
        int hash = _comparer.GetHashCode(component);
        for (int i = _buckets[BucketOf(parent, hash)] - 1; i >= 0; i = _nodes[i].Next)
        {
            Node x = _nodes[i];
            if (x.Parent == parent && x.Hash == hash && x.Length == component.Length && string.Equals(TextOf(x), component, _comparison))
            {
                return i; // a string is made only for a component met again or a rare hash match
            }
        }

        if (!create)
        {
            return -1;
        }

        bool wide = false;
        foreach (char c in component)
        {
            wide |= c > '\u00FF';
        }

        int bytes = wide ? checked(2 * component.Length) : component.Length;
        if (_chunks.Count == 0 || _used + bytes > ChunkBytes)
        {
            _chunks.Add(new byte[Math.Max(ChunkBytes, bytes)]);
            _used = 0;
        }

        byte[] chunk = _chunks[_chunks.Count - 1];
        for (int c = 0; c < component.Length; c++)
        {
            if (wide)
            {
                chunk[_used + (2 * c)] = unchecked((byte)component[c]);
                chunk[_used + (2 * c) + 1] = (byte)(component[c] >> 8);
            }
            else
            {
                chunk[_used + c] = (byte)component[c];
            }
        }

        if (_nodeCount == _buckets.Count)
        {
            GrowBuckets();
        }

        ref int head = ref _buckets[BucketOf(parent, hash)];
        _nodes.Add(new Node(_chunks.Count - 1, _used, component.Length, head - 1, parent, wide, hash));
        _used += bytes;
        head = _nodeCount + 1;
        return _nodeCount++;
    }

    private struct Node
    {
        public Node(int chunk, int offset, int length, int next, int parent, bool wide, int hash)
        {
            Hash = hash;
            Wide = wide;
            Chunk = chunk;
            Offset = offset;
            Length = length;
            Next = next;
            Parent = parent;
            Members = 0;
        }

        public int Chunk { get; }

        public int Offset { get; }

        /// <summary>The component's length in characters.</summary>
        public int Length { get; }

        /// <summary>Two bytes a character (some character is above U+00FF); one otherwise.</summary>
        public bool Wide { get; }

        /// <summary>The next older node of the same bucket, or -1.</summary>
        public int Next { get; set; }

        /// <summary>The component's hash (by the tree's comparer): chains are rebuilt from it when the buckets grow.</summary>
        public int Hash { get; }

        /// <summary>The node of the component before this one, or -1 for a first component.</summary>
        public int Parent { get; }

        /// <summary>One bit per set that holds the path ending here (not only a prefix of one).</summary>
        public byte Members { get; set; }
    }
}
