// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Threading;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// Results of the keyed functions (HMAC bytes, remapped UIDs) shared by every run of one <see cref="Deidentifier"/>:
/// the files of a series repeat their patient, study and series, and each HMAC costs more than the rest of the
/// attribute's processing. A cached result is the result the key gives, so the cache never changes an output; it
/// is bounded (emptied when full) and lives only as long as its <see cref="Deidentifier"/>, which holds the key.
/// A result is cached only when its input was asked for once before (a hash in a fixed table says so): a value
/// that each file has for itself (its SOP Instance UID) would otherwise fill the cache, live long enough to reach
/// the oldest generation, and be dropped there, which grows a long run's heap between full collections.
/// </summary>
/// <threadsafety>Thread-safe: runs on several threads share it. Cached arrays are never modified.</threadsafety>
internal sealed class KeyedFunctionCache
{
    private const int Limit = 4096;
    private const int SeenSlots = 16384; // a power of two
    private readonly int[] _seenMacs = new int[SeenSlots];
    private readonly int[] _seenUids = new int[SeenSlots];
    private readonly ConcurrentDictionary<(string Domain, string Value), byte[]> _macs = new();
    private readonly ConcurrentDictionary<string, string> _uids = new(System.StringComparer.Ordinal);

    public bool TryGetMac(string domain, string value, out byte[] mac) => _macs.TryGetValue((domain, value), out mac!);

    public void AddMac(string domain, string value, byte[] mac)
    {
        if (!SeenBefore(_seenMacs, unchecked((StringComparer.Ordinal.GetHashCode(domain) * 31) + StringComparer.Ordinal.GetHashCode(value))))
        {
            return;
        }

        if (_macs.Count >= Limit)
        {
            _macs.Clear();
        }

        _macs[(domain, value)] = mac;
    }

    public bool TryGetUid(string uid, out string mapped) => _uids.TryGetValue(uid, out mapped!);

    public void AddUid(string uid, string mapped)
    {
        if (!SeenBefore(_seenUids, StringComparer.Ordinal.GetHashCode(uid)))
        {
            return;
        }

        if (_uids.Count >= Limit)
        {
            _uids.Clear();
        }

        _uids[uid] = mapped;
    }

    /// <summary>
    /// True when <paramref name="hash"/> is in its slot (asked for before, or rarely another input with that
    /// slot and hash); otherwise puts it there. Races only change what is cached, never a result.
    /// </summary>
    private static bool SeenBefore(int[] seen, int hash)
    {
        int slot = hash & (SeenSlots - 1);
        if (Volatile.Read(ref seen[slot]) == hash)
        {
            return true;
        }

        Volatile.Write(ref seen[slot], hash);
        return false;
    }
}
