// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Concurrent;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// Results of the keyed functions (HMAC bytes, remapped UIDs) shared by every run of one <see cref="Deidentifier"/>:
/// the files of a series repeat their patient, study and series, and each HMAC costs more than the rest of the
/// attribute's processing. A cached result is the result the key gives, so the cache never changes an output; it
/// is bounded (emptied when full) and lives only as long as its <see cref="Deidentifier"/>, which holds the key.
/// </summary>
/// <threadsafety>Thread-safe: runs on several threads share it. Cached arrays are never modified.</threadsafety>
internal sealed class KeyedFunctionCache
{
    private const int Limit = 4096;
    private readonly ConcurrentDictionary<(string Domain, string Value), byte[]> _macs = new();
    private readonly ConcurrentDictionary<string, string> _uids = new(System.StringComparer.Ordinal);

    public bool TryGetMac(string domain, string value, out byte[] mac) => _macs.TryGetValue((domain, value), out mac!);

    public void AddMac(string domain, string value, byte[] mac)
    {
        if (_macs.Count >= Limit)
        {
            _macs.Clear();
        }

        _macs[(domain, value)] = mac;
    }

    public bool TryGetUid(string uid, out string mapped) => _uids.TryGetValue(uid, out mapped!);

    public void AddUid(string uid, string mapped)
    {
        if (_uids.Count >= Limit)
        {
            _uids.Clear();
        }

        _uids[uid] = mapped;
    }
}
