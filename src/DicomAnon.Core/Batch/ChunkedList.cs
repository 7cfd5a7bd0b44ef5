// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Batch;

/// <summary>
/// An append-only list of structs in fixed chunks of <see cref="ChunkLength"/> items, for the per-file records of a long
/// batch (one per input, output or folder). A list that doubles one array puts it on the large object heap once it
/// passes 85,000 bytes, leaves each outgrown copy there until a full collection, and needs both copies while it
/// grows; chunks stay small, are never copied, and are compacted with the rest of the heap.
/// </summary>
/// <typeparam name="T">A small struct (up to 80 bytes, so that a chunk stays below the large object threshold).</typeparam>
internal sealed class ChunkedList<T>
    where T : struct
{
    /// <summary>Items per chunk.</summary>
    public const int ChunkLength = 1024;
    private const int Shift = 10;
    private const int Mask = ChunkLength - 1;

    private readonly List<T[]> _chunks = new();

    public int Count { get; private set; }

    /// <summary>The item at <paramref name="index"/>, by reference (so a field can be set in place).</summary>
    public ref T this[int index]
    {
        get
        {
            if (unchecked((uint)index >= (uint)Count))
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return ref _chunks[index >> Shift][index & Mask];
        }
    }

    public void Add(T item)
    {
        if ((Count >> Shift) == _chunks.Count)
        {
            _chunks.Add(new T[ChunkLength]);
        }

        _chunks[Count >> Shift][Count & Mask] = item;
        Count++;
    }
}
