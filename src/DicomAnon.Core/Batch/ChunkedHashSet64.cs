// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Batch;

/// <summary>
/// A set of 64-bit values (hashes of a long batch's per-file ids) that puts no array on the large object heap below
/// about 7 million values.
/// A <c>HashSet&lt;ulong&gt;</c> keeps 20 bytes or more an item in two arrays that pass the 85,000-byte threshold at
/// about 5,000 items, and leaves each outgrown pair there until a full collection; this set probes one table of plain
/// values (8 bytes a slot, at most three quarters full) kept in chunks of <see cref="ChunkLength"/> slots.
/// </summary>
/// <remarks>Not thread-safe: callers lock.</remarks>
internal sealed class ChunkedHashSet64
{
    /// <summary>Slots per chunk (8 KB).</summary>
    public const int ChunkLength = 1024;
    private const int Shift = 10;
    private const int Mask = ChunkLength - 1;

    // A slot holding 0 is empty, so the value 0 is kept aside.
    private ulong[][] _chunks = NewTable(ChunkLength);
    private int _bits = Shift;
    private bool _hasZero;

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="value"/>; false when it was there already.</summary>
    public bool Add(ulong value)
    {
        if (value == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        if ((long)(Count + 1) * 4 > (long)Capacity * 3)
        {
            Grow();
        }

        if (!Insert(_chunks, _bits, value))
        {
            return false;
        }

        Count++;
        return true;
    }

    public bool Contains(ulong value)
    {
        if (value == 0)
        {
            return _hasZero;
        }

        int mask = Capacity - 1;
        for (int i = Home(value, _bits); ; i = (i + 1) & mask)
        {
            ulong slot = _chunks[i >> Shift][i & Mask];
            if (slot == value)
            {
                return true;
            }

            if (slot == 0)
            {
                return false;
            }
        }
    }

    private int Capacity => 1 << _bits;

    private static ulong[][] NewTable(int capacity)
    {
        ulong[][] chunks = new ulong[capacity / ChunkLength][];
        for (int c = 0; c < chunks.Length; c++)
        {
            chunks[c] = new ulong[ChunkLength];
        }

        return chunks;
    }

    /// <summary>The first slot to probe: the top bits of a multiplicative hash, so that values alike in their low bits spread.</summary>
    private static int Home(ulong value, int bits) => (int)(unchecked(value * 0x9E3779B97F4A7C15UL) >> (64 - bits));

    private static bool Insert(ulong[][] chunks, int bits, ulong value)
    {
        int mask = (1 << bits) - 1;
        for (int i = Home(value, bits); ; i = (i + 1) & mask)
        {
            ref ulong slot = ref chunks[i >> Shift][i & Mask];
            if (slot == value)
            {
                return false;
            }

            if (slot == 0)
            {
                slot = value;
                return true;
            }
        }
    }

    private void Grow()
    {
        int bits = _bits + 1;
        ulong[][] chunks = NewTable(1 << bits);
        foreach (ulong[] chunk in _chunks)
        {
            foreach (ulong value in chunk)
            {
                if (value != 0)
                {
                    Insert(chunks, bits, value);
                }
            }
        }

        _chunks = chunks;
        _bits = bits;
    }
}
