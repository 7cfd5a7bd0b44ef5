// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Files parsed early (by a folder's identifier pre-pass), kept until the read-ahead takes them, so each file is
/// opened and parsed once. Bounded: a file is kept only while the kept files weigh less than the byte budget (a
/// parsed file weighs what it holds in memory, not its deferred pixel data); one that does not fit is simply read
/// again later. Keyed by full path, exactly: a different spelling is a miss, never another file's parse.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
internal sealed class PreReadFiles
{
    /// <summary>Kept files may weigh this much.</summary>
    public const long DefaultMaxHeldBytes = 32L << 20;

    /// <summary>What one kept file costs besides its loaded values (objects, names, the result itself).</summary>
    private const long PerFileOverhead = 4096;

    private readonly Dictionary<string, (ReadAheadResult Result, long Weight)> _files = new(StringComparer.Ordinal);
    private readonly long _maxHeldBytes;
    private long _heldBytes;

    public PreReadFiles(long maxHeldBytes = DefaultMaxHeldBytes) => _maxHeldBytes = maxHeldBytes;

    /// <summary>Bytes the kept files weigh now.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_files)
            {
                return _heldBytes;
            }
        }
    }

    /// <summary>Files kept now.</summary>
    public int Count
    {
        get
        {
            lock (_files)
            {
                return _files.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="result"/> (read from its full path) when it fits the budget; false otherwise (the read-ahead reads it again).</summary>
    public bool TryKeep(ReadAheadResult result)
    {
        if (result is null)
        {
            throw new ArgumentNullException(nameof(result));
        }

        long weight = WeightOf(result);
        lock (_files)
        {
            if (_heldBytes + weight > _maxHeldBytes || _files.ContainsKey(result.Path))
            {
                return false;
            }

            _files.Add(result.Path, (result, weight));
            _heldBytes += weight;
            return true;
        }
    }

    /// <summary>The kept result for <paramref name="path"/>, removed from the store; null when none is kept.</summary>
    public ReadAheadResult? TryTake(string path)
    {
        string full = Path.GetFullPath(path);
        lock (_files)
        {
            if (!_files.TryGetValue(full, out (ReadAheadResult Result, long Weight) kept))
            {
                return null;
            }

            _files.Remove(full);
            _heldBytes -= kept.Weight;
            return kept.Result;
        }
    }

    /// <summary>Drops the files kept from <paramref name="folder"/> (not below it): none of them will be asked for any more.</summary>
    public void DropFolder(string folder)
    {
        lock (_files)
        {
            var drop = new List<string>();
            foreach (KeyValuePair<string, (ReadAheadResult Result, long Weight)> kv in _files)
            {
                if (string.Equals(Path.GetDirectoryName(kv.Key), folder, StringComparison.Ordinal))
                {
                    drop.Add(kv.Key);
                }
            }

            foreach (string path in drop)
            {
                _heldBytes -= _files[path].Weight;
                _files.Remove(path);
            }
        }
    }

    /// <summary>
    /// What a parsed file holds in memory: its loaded values (deferred ones, read from the file when written, count
    /// nothing) twice over for the objects around them, plus a fixed overhead; a deflated file everything it may inflate to.
    /// </summary>
    internal static long WeightOf(ReadAheadResult r)
    {
        if (r.File is not DicomFile file)
        {
            return PerFileOverhead;
        }

        long deferred = 0;
        foreach (DicomElement e in file.Dataset)
        {
            if (e is DicomValueElement { Buffer.IsLoaded: false } v)
            {
                deferred += v.Length;
            }
            else if (e is DicomFragmentSequence f)
            {
                foreach (DicomBuffer b in f.Fragments)
                {
                    deferred += b.IsLoaded ? 0 : b.Length;
                }
            }
        }

        long loaded = Math.Max(0, Math.Max(0, r.Length) - deferred);
        if (file.TransferSyntax.IsDeflated)
        {
            loaded = Math.Max(loaded, Math.Max(0, r.Length)) * 8; // inflated in memory
        }

        return PerFileOverhead + (2 * loaded);
    }
}
