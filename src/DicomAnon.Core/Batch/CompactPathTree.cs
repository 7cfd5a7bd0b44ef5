// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The storage behind <see cref="CompactPathSet"/> and the cmdlets' input list: paths as a tree of their
/// components, each component once under its parent, its characters in a shared buffer. A component is kept with the
/// separator after it, so paths are equal exactly when their components are, and a path's text is rebuilt exactly
/// (<see cref="PathOf"/>). Up to eight sets can share one tree (one membership bit each), so a run's output files and
/// the folders it created or cleaned store each folder name once: under -Layout Uid each output has a folder of its own.
/// </summary>
/// <threadsafety>Thread-safe (one lock): workers may create folders.</threadsafety>
internal sealed class CompactPathTree
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

            var text = new StringBuilder(length);
            text.Length = length;
            int end = length;
            for (int i = node; i >= 0; i = _nodes[i].Parent)
            {
                Node x = _nodes[i];
                end -= x.Length;
                char[] chunk = _chunks[x.Chunk];
                for (int c = 0; c < x.Length; c++)
                {
                    text[end + c] = chunk[x.Offset + c];
                }
            }

            return text.ToString();
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

        _nodes[_nodeCount] = new Node(_chunks.Count - 1, _used, component.Length, first, parent);
        _used += component.Length;
        _newest[key] = _nodeCount;
        return _nodeCount++;
    }

    private struct Node
    {
        public Node(int chunk, int offset, int length, int next, int parent)
        {
            Chunk = chunk;
            Offset = offset;
            Length = length;
            Next = next;
            Parent = parent;
            Members = 0;
        }

        public int Chunk { get; }

        public int Offset { get; }

        public int Length { get; }

        /// <summary>The next older node with the same parent and component hash, or -1.</summary>
        public int Next { get; }

        /// <summary>The node of the component before this one, or -1 for a first component.</summary>
        public int Parent { get; }

        /// <summary>One bit per set that holds the path ending here (not only a prefix of one).</summary>
        public byte Members { get; set; }
    }
}
