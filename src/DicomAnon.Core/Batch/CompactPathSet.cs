// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// A set of paths (a run's outputs, the folders it created) that a long run can afford: 100,000 full paths under
/// -Layout Uid take about 1 KB each, and each output may have a folder of its own. Paths are kept as a tree of
/// their components, each component once under its parent, its characters in a shared buffer. A component is
/// kept with the separator after it, so paths are equal exactly when their components are, and a lookup compares
/// whole components, never just hashes, with the platform's path comparison: it answers as a set of the strings.
/// </summary>
/// <threadsafety>Thread-safe (one lock): workers may create folders.</threadsafety>
internal sealed class CompactPathSet
{
    private const int ChunkChars = 32 * 1024;
    private static readonly char[] Separators = Path.DirectorySeparatorChar == Path.AltDirectorySeparatorChar
        ? new[] { Path.DirectorySeparatorChar }
        : new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };

    private readonly object _lock = new();
    private readonly StringComparer _comparer;
    private readonly StringComparison _comparison;
    private readonly Dictionary<long, int> _newest = new(); // (parent node + 1, component hash) -> newest node with that key
    private readonly List<char[]> _chunks = new();
    private Node[] _nodes = new Node[256];
    private int _nodeCount;
    private int _used = ChunkChars; // characters used in the last chunk: a full "chunk" before the first

    /// <summary>Compares as the platform's file system does (<see cref="PathComparison"/>).</summary>
    public CompactPathSet()
        : this(PathComparison.IgnoresCase)
    {
    }

    /// <summary>For tests of either comparison on one platform.</summary>
    internal CompactPathSet(bool ignoreCase)
    {
        _comparer = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>The paths held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="path"/>; false when it is already there.</summary>
    public bool Add(string path)
    {
        lock (_lock)
        {
            int node = Walk(path, create: true);
            if (_nodes[node].Member)
            {
                return false;
            }

            _nodes[node].Member = true;
            Count++;
            return true;
        }
    }

    /// <summary>True when <paramref name="path"/> is held.</summary>
    public bool Contains(string path)
    {
        lock (_lock)
        {
            int node = Walk(path, create: false);
            return node >= 0 && _nodes[node].Member;
        }
    }

    /// <summary>Forgets <paramref name="path"/>; false when it was not held. Its components stay (removals are rare: a failed write).</summary>
    public bool Remove(string path)
    {
        lock (_lock)
        {
            int node = Walk(path, create: false);
            if (node < 0 || !_nodes[node].Member)
            {
                return false;
            }

            _nodes[node].Member = false;
            Count--;
            return true;
        }
    }

    /// <summary>The node of the last component of <paramref name="path"/> (made when <paramref name="create"/>), or -1.</summary>
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
            if (parent < 0 || sep < 0)
            {
                return parent;
            }

            start = end;
        }
    }

    private int Child(int parent, string component, bool create)
    {
        long key = ((long)(parent + 1) << 32) | unchecked((uint)_comparer.GetHashCode(component));
        int first = _newest.TryGetValue(key, out int n) ? n : -1;
        for (int i = first; i >= 0; i = _nodes[i].Next)
        {
            Node x = _nodes[i];
            if (x.Length == component.Length
                && string.Equals(new string(_chunks[x.Chunk], x.Offset, x.Length), component, _comparison))
            {
                return i; // a string is made only for a component met again or a rare hash match
            }
        }

        if (!create)
        {
            return -1;
        }

        if (_used + component.Length > ChunkChars)
        {
            _chunks.Add(new char[Math.Max(ChunkChars, component.Length)]);
            _used = 0;
        }

        component.CopyTo(0, _chunks[_chunks.Count - 1], _used, component.Length);
        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, checked(_nodes.Length * 2));
        }

        _nodes[_nodeCount] = new Node(_chunks.Count - 1, _used, component.Length, first);
        _used += component.Length;
        _newest[key] = _nodeCount;
        return _nodeCount++;
    }

    private struct Node
    {
        public Node(int chunk, int offset, int length, int next)
        {
            Chunk = chunk;
            Offset = offset;
            Length = length;
            Next = next;
            Member = false;
        }

        public int Chunk { get; }

        public int Offset { get; }

        public int Length { get; }

        /// <summary>The next older node with the same parent and component hash, or -1.</summary>
        public int Next { get; }

        /// <summary>True when the path ending here is in the set (not only a prefix of one).</summary>
        public bool Member { get; set; }
    }
}
