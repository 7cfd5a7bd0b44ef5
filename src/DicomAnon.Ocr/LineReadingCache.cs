// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Threading;

namespace DicomAnon.Ocr;

/// <summary>
/// Readings of line crops by their exact content: the same pixels, size, letter height and engine settings give the
/// same reading (Tesseract reseeds before every line and keeps no state between images), so a crop seen before is
/// not read again. That happens across the frames of a clip (a static label, a "confirm" reading of a crop whose
/// pixels did not change), across passes over one frame, and across the files of one device's series (its labels).
/// </summary>
/// <remarks>
/// Lookup is by a 64-bit hash, then every byte is compared: two crops that differ in one pixel never share a reading.
/// The cache lives in memory only (never written, logged or returned to a caller other than as the reading of the
/// same pixels) and holds at most <see cref="ByteLimit"/> bytes of crops; beyond that the oldest entries go first.
/// Crops and readings may show PHI, like the frames they came from; they stay in the process until evicted or
/// <see cref="Clear"/>.
/// </remarks>
/// <threadsafety>Thread-safe: lookups and additions take a lock; readings themselves are made outside it.</threadsafety>
internal sealed class LineReadingCache
{
    /// <summary>Crop bytes kept by <see cref="Shared"/>: a few thousand line crops.</summary>
    public const long DefaultByteLimit = 16L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, List<Entry>> _entries = new();
    private readonly Queue<(ulong Hash, Entry Entry)> _order = new();
    private readonly Func<byte[], ulong> _hash;
    private long _bytes;
    private long _hits;
    private long _misses;

    public LineReadingCache(long byteLimit)
        : this(byteLimit, Fnv1a)
    {
    }

    /// <summary>Seam for tests: a hash that collides on purpose shows that content, not the hash, decides a hit.</summary>
    internal LineReadingCache(long byteLimit, Func<byte[], ulong> hash)
    {
        if (byteLimit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(byteLimit), "The byte limit must be positive.");
        }

        ByteLimit = byteLimit;
        _hash = hash ?? throw new ArgumentNullException(nameof(hash));
    }

    /// <summary>The cache every detector uses unless told otherwise.</summary>
    public static LineReadingCache Shared { get; } = new(DefaultByteLimit);

    /// <summary>Most crop bytes kept at once.</summary>
    public long ByteLimit { get; }

    /// <summary>Lookups answered from the cache so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found nothing so far.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Readings kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>
    /// The reading kept for exactly these pixels (<paramref name="width"/> x <paramref name="height"/>), letter height
    /// and <paramref name="settings"/> (what else decides a reading: the engine's model and options), if any.
    /// </summary>
    public bool TryGet(string settings, byte[] pixels, int width, int height, int textHeight, out IReadOnlyList<OcrWord>? words)
    {
        ulong hash = Key(settings, pixels, width, height, textHeight);
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out List<Entry>? list))
            {
                foreach (Entry e in list)
                {
                    if (e.Matches(settings, pixels, width, height, textHeight))
                    {
                        _hits++;
                        words = e.Words;
                        return true;
                    }
                }
            }

            _misses++;
        }

        words = null;
        return false;
    }

    /// <summary>Keeps <paramref name="words"/> as the reading of these pixels (a copy of them is kept: callers may reuse their array).</summary>
    public void Add(string settings, byte[] pixels, int width, int height, int textHeight, IReadOnlyList<OcrWord> words)
    {
        if (pixels is null)
        {
            throw new ArgumentNullException(nameof(pixels));
        }

        if (pixels.Length > ByteLimit)
        {
            return;
        }

        var copy = new OcrWord[words.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = words[i];
        }

        var entry = new Entry(settings, (byte[])pixels.Clone(), width, height, textHeight, new ReadOnlyCollection<OcrWord>(copy));
        ulong hash = Key(settings, pixels, width, height, textHeight);
        lock (_gate)
        {
            if (!_entries.TryGetValue(hash, out List<Entry>? list))
            {
                list = new List<Entry>(1);
                _entries[hash] = list;
            }
            else if (list.Exists(e => e.Matches(settings, pixels, width, height, textHeight)))
            {
                return;
            }

            list.Add(entry);
            _order.Enqueue((hash, entry));
            _bytes += entry.Pixels.Length;
            while (_bytes > ByteLimit)
            {
                (ulong oldHash, Entry old) = _order.Dequeue();
                List<Entry> oldList = _entries[oldHash];
                oldList.Remove(old);
                if (oldList.Count == 0)
                {
                    _entries.Remove(oldHash);
                }

                _bytes -= old.Pixels.Length;
            }
        }
    }

    /// <summary>Forgets every reading.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _order.Clear();
            _bytes = 0;
        }
    }

    private static ulong Fnv1a(byte[] pixels)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in pixels)
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    private ulong Key(string settings, byte[] pixels, int width, int height, int textHeight)
    {
        ulong hash = _hash(pixels);
        foreach (int part in new[] { width, height, textHeight, StringComparer.Ordinal.GetHashCode(settings) })
        {
            hash = unchecked((hash ^ (uint)part) * 1099511628211UL);
        }

        return hash;
    }

    private sealed class Entry
    {
        public Entry(string settings, byte[] pixels, int width, int height, int textHeight, IReadOnlyList<OcrWord> words)
        {
            Settings = settings;
            Pixels = pixels;
            Width = width;
            Height = height;
            TextHeight = textHeight;
            Words = words;
        }

        public string Settings { get; }

        public byte[] Pixels { get; }

        public int Width { get; }

        public int Height { get; }

        public int TextHeight { get; }

        public IReadOnlyList<OcrWord> Words { get; }

        public bool Matches(string settings, byte[] pixels, int width, int height, int textHeight)
        {
            if (Width != width || Height != height || TextHeight != textHeight || Pixels.Length != pixels.Length
                || !string.Equals(Settings, settings, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = 0; i < pixels.Length; i++)
            {
                if (Pixels[i] != pixels[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
