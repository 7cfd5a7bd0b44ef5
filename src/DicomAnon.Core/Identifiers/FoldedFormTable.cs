// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// The whole folded forms of a matcher and their owners: a hash table (open addressing, ordinal) that is looked up
/// by a range of a char array as well as by a string, so that the echo scan can ask "is this whole value an
/// identifier" of a folded scratch buffer without making a string of every value, and that is emptied for reuse
/// without giving back its arrays. The first owner added for a form is kept.
/// </summary>
/// <threadsafety>Not thread-safe while being filled; read-only use may be concurrent.</threadsafety>
internal sealed class FoldedFormTable
{
    private string?[] _keys;
    private (Identifier Identifier, int Set)[] _owners;
    private int _count;

    public FoldedFormTable(int capacity)
    {
        int size = 8;
        while (size < capacity * 2)
        {
            size *= 2;
        }

        _keys = new string?[size];
        _owners = new (Identifier Identifier, int Set)[size];
    }

    public int Count => _count;

    /// <summary>Adds <paramref name="form"/> unless it is there already (the first owner stays).</summary>
    public void TryAdd(string form, (Identifier Identifier, int Set) owner)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        int slot = Find(form, out bool found);
        if (!found)
        {
            _keys[slot] = form;
            _owners[slot] = owner;
            _count++;
        }
    }

    public bool Contains(string form) => TryGetValue(form, out _);

    public bool TryGetValue(string form, out (Identifier Identifier, int Set) owner)
    {
        int slot = Find(form, out bool found);
        owner = found ? _owners[slot] : default;
        return found;
    }

    /// <summary>True when <paramref name="length"/> characters of <paramref name="chars"/> from <paramref name="start"/> are a form.</summary>
    public bool Contains(char[] chars, int start, int length)
    {
        int mask = _keys.Length - 1;
        for (int slot = Hash(chars, start, length) & mask; ; slot = (slot + 1) & mask)
        {
            string? key = _keys[slot];
            if (key is null)
            {
                return false;
            }

            if (key.Length == length && SameChars(key, chars, start))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets every form (and owner), keeping the arrays for the next fill.</summary>
    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_keys, 0, _keys.Length);
            Array.Clear(_owners, 0, _owners.Length);
            _count = 0;
        }
    }

    private int Find(string form, out bool found)
    {
        int mask = _keys.Length - 1;
        for (int slot = Hash(form) & mask; ; slot = (slot + 1) & mask)
        {
            string? key = _keys[slot];
            if (key is null)
            {
                found = false;
                return slot;
            }

            if (string.Equals(key, form, StringComparison.Ordinal))
            {
                found = true;
                return slot;
            }
        }
    }

    private void Grow()
    {
        string?[] keys = _keys;
        (Identifier Identifier, int Set)[] owners = _owners;
        _keys = new string?[keys.Length * 2];
        _owners = new (Identifier Identifier, int Set)[keys.Length * 2];
        _count = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] is string key)
            {
                TryAdd(key, owners[i]);
            }
        }
    }

    private static bool SameChars(string key, char[] chars, int start)
    {
        for (int i = 0; i < key.Length; i++)
        {
            if (key[i] != chars[start + i])
            {
                return false;
            }
        }

        return true;
    }

    // FNV-1a over the UTF-16 units; both overloads must agree
    private static int Hash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s)
        {
            h = unchecked((h ^ c) * 16777619);
        }

        return unchecked((int)(h ^ (h >> 15)));
    }

    private static int Hash(char[] chars, int start, int length)
    {
        uint h = 2166136261;
        for (int i = start; i < start + length; i++)
        {
            h = unchecked((h ^ chars[i]) * 16777619);
        }

        return unchecked((int)(h ^ (h >> 15)));
    }
}
