// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The candidate lines (<see cref="TextCandidateFinder.Find(GrayImage)"/>) of the frames of one file, by their exact pixels.
/// Candidate finding is a pure function of the frame's grey pixels and about half of a cine's cleaning time; a
/// frame is looked at several times with the same pixels (the second look of the first pass's re-read when the
/// first blacked out nothing more there, and the independent re-check, which sees the frames as the last look
/// left them), so each distinct frame is searched once. A frame's candidates may also be found ahead, on another
/// core (<see cref="Prefetch"/>), while its predecessor is being read: the result is the same whoever computes it.
/// </summary>
/// <remarks>
/// Lookup is by a 64-bit hash of the pixels, then every byte is compared: a frame that differs in one pixel is
/// searched again. At most <see cref="Capacity"/> frames are kept (a copy of their pixels, in memory only, for the
/// one file: they may show PHI, like the frames), least recently used first out: one per frame of the file lets
/// every pass find the previous pass's frames.
/// </remarks>
/// <threadsafety>Thread-safe. A frame being searched by one thread is waited for, not searched again, by another.</threadsafety>
internal sealed class CandidateMemo
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();
    private readonly Func<GrayImage, List<TextLineCandidate>> _find;
    private int _hits;
    private int _searches;

    /// <param name="capacity">Most frames kept (at least 1).</param>
    public CandidateMemo(int capacity)
        : this(capacity, TextCandidateFinder.Find)
    {
    }

    /// <summary>Seam for tests: the search whose results are kept.</summary>
    internal CandidateMemo(int capacity, Func<GrayImage, List<TextLineCandidate>> find)
    {
        Capacity = Math.Max(1, capacity);
        _find = find ?? throw new ArgumentNullException(nameof(find));
    }

    /// <summary>Most frames kept.</summary>
    public int Capacity { get; }

    /// <summary>Lookups answered with a frame already searched (or being searched).</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Frames searched.</summary>
    public int Searches => Volatile.Read(ref _searches);

    /// <summary>
    /// The candidate lines of <paramref name="image"/>: those found for a frame of exactly these pixels before, or
    /// found now. The list is the caller's own (the candidates in it are shared and never changed).
    /// </summary>
    public List<TextLineCandidate> Find(GrayImage image) => new(Lookup(image, out _).Value);

    /// <summary>Searches <paramref name="image"/> now unless it was searched (or is being searched) already.</summary>
    public void Prefetch(GrayImage image)
    {
        Lazy<List<TextLineCandidate>> found = Lookup(image, out bool known);
        if (!known)
        {
            _ = found.Value;
        }
    }

    private Lazy<List<TextLineCandidate>> Lookup(GrayImage image, out bool known)
    {
        if (image is null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        ulong hash = Hash(image.Pixels);
        lock (_gate)
        {
            for (int i = _entries.Count - 1; i >= 0; i--)
            {
                Entry e = _entries[i];
                if (e.Hash == hash && e.Width == image.Width && e.Height == image.Height && Same(e.Pixels, image.Pixels))
                {
                    // Most recently used last: the first out is the frame no pass has looked at for longest.
                    _entries.RemoveAt(i);
                    _entries.Add(e);
                    _hits++;
                    known = true;
                    return e.Candidates;
                }
            }

            if (_entries.Count >= Capacity)
            {
                _entries.RemoveAt(0);
            }

            GrayImage copy = new(image.Width, image.Height, (byte[])image.Pixels.Clone());
            var entry = new Entry(hash, image.Width, image.Height, copy.Pixels, new Lazy<List<TextLineCandidate>>(() => _find(copy), LazyThreadSafetyMode.ExecutionAndPublication));
            _entries.Add(entry);
            _searches++;
            known = false;
            return entry.Candidates;
        }
    }

    /// <summary>FNV-1a over 8-byte words (and the tail bytes); equality is decided by <see cref="Same"/>.</summary>
    private static ulong Hash(byte[] pixels)
    {
        ulong hash = 14695981039346656037UL;
        int words = pixels.Length / 8;
        for (int i = 0; i < words; i++)
        {
            hash = unchecked((hash ^ BitConverter.ToUInt64(pixels, i * 8)) * 1099511628211UL);
        }

        for (int i = words * 8; i < pixels.Length; i++)
        {
            hash = unchecked((hash ^ pixels[i]) * 1099511628211UL);
        }

        return hash;
    }

    private static bool Same(byte[] a, byte[] b) => a.Length == b.Length && a.AsSpan().SequenceEqual(b);

    private sealed class Entry
    {
        public Entry(ulong hash, int width, int height, byte[] pixels, Lazy<List<TextLineCandidate>> candidates)
        {
            Hash = hash;
            Width = width;
            Height = height;
            Pixels = pixels;
            Candidates = candidates;
        }

        public ulong Hash { get; }

        public int Width { get; }

        public int Height { get; }

        public byte[] Pixels { get; }

        public Lazy<List<TextLineCandidate>> Candidates { get; }
    }
}
