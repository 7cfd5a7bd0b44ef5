// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Reads the next files (size, time stamp, the "is it DICOM?" check and the parse, one open each) on one worker
/// thread while the caller works on the current one: the caller posts paths in its own order and takes the results
/// back in that order. It only reads; whatever it learns is reported by the caller, as if the caller had read it.
/// </summary>
/// <remarks>
/// Bounded twice: at most <see cref="Depth"/> files posted and not yet taken, and no further file is parsed while
/// the parsed, untaken files weigh more than the byte budget (a file weighs its size; a deflated one what it may
/// inflate to). So memory stays bounded whatever the files are; one file is always allowed.
/// Only the posting thread may call <see cref="Post"/> and <see cref="Take"/>.
/// </remarks>
internal sealed class HeaderReadAhead : IDisposable
{
    /// <summary>Files read ahead by default: enough to hide one file's read behind the previous file's write.</summary>
    public const int DefaultDepth = 8;

    /// <summary>Parsed, untaken files may weigh this much before the worker waits.</summary>
    public const long DefaultMaxHeldBytes = 64L << 20;

    private readonly DicomReadOptions _options;
    private readonly Action<string>? _beforeRead;
    private readonly long _maxHeldBytes;
    private readonly Queue<Slot> _inOrder = new();
    private readonly Queue<Slot> _work = new(); // guarded by _gate; only the worker ever waits on _gate
    private readonly CancellationTokenSource _cts = new();
    private readonly object _gate = new();
    private readonly Thread _worker;
    private long _heldBytes;
    private bool _noMorePosts;
    private bool _disposed;

    /// <param name="options">How files are parsed (the caller uses the results only when it would have read with these).</param>
    /// <param name="depth">Most files posted and not taken.</param>
    /// <param name="maxHeldBytes">Byte budget of the parsed, untaken files.</param>
    /// <param name="beforeRead">Called on the worker before a regular, non-empty file is opened (e.g. to read its folder's identifiers early); must not throw.</param>
    public HeaderReadAhead(DicomReadOptions options, int depth = DefaultDepth, long maxHeldBytes = DefaultMaxHeldBytes, Action<string>? beforeRead = null)
    {
        if (depth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), "At least one file.");
        }

        _options = options ?? throw new ArgumentNullException(nameof(options));
        _beforeRead = beforeRead;
        _maxHeldBytes = maxHeldBytes;
        Depth = depth;
        _worker = new Thread(Work) { IsBackground = true, Name = "DicomAnon read-ahead" };
        _worker.Start();
    }

    /// <summary>Most files posted and not yet taken.</summary>
    public int Depth { get; }

    /// <summary>Files posted and not yet taken.</summary>
    public int Pending => _inOrder.Count;

    /// <summary>True when <see cref="Take"/> must come before the next <see cref="Post"/>.</summary>
    public bool IsFull => _inOrder.Count >= Depth;

    /// <summary>Queues <paramref name="path"/> to be read after the files posted before it.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Depth"/> files are pending already.</exception>
    public void Post(string path)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(HeaderReadAhead));
        }

        if (IsFull)
        {
            throw new InvalidOperationException($"{Depth} files are pending already: take one first.");
        }

        var slot = new Slot(path);
        _inOrder.Enqueue(slot);
        lock (_gate)
        {
            _work.Enqueue(slot);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>The result for the oldest posted file, waiting for it if needed (not <see cref="ReadAheadResult.Completed"/> once stopped).</summary>
    public ReadAheadResult Take()
    {
        if (_inOrder.Count == 0)
        {
            throw new InvalidOperationException("Nothing was posted.");
        }

        Slot slot = _inOrder.Dequeue();
        slot.Done.Wait();
        lock (_gate)
        {
            _heldBytes -= slot.Weight;
            Monitor.PulseAll(_gate);
        }

        slot.Done.Dispose();
        return slot.Result;
    }

    /// <summary>
    /// Stops reading from any thread (Ctrl+C): the file being parsed is finished, later ones are handed back not
    /// <see cref="ReadAheadResult.Completed"/>. Posting and taking still work.
    /// </summary>
    public void Stop()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return; // disposed meanwhile: stopped already
        }

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops reading (the file being parsed is finished first) and waits for the worker.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cts.Cancel();
        lock (_gate)
        {
            _noMorePosts = true;
            Monitor.PulseAll(_gate);
        }

        _worker.Join();
        _cts.Dispose();
        _inOrder.Clear();
    }

    /// <remarks>
    /// Waits with Monitor (no spinning): on a busy 2-core machine a spinning reader takes the core the writer needs.
    /// </remarks>
    private void Work()
    {
        while (true)
        {
            Slot slot;
            lock (_gate)
            {
                while (_work.Count == 0 && !_noMorePosts)
                {
                    Monitor.Wait(_gate);
                }

                if (_work.Count == 0)
                {
                    return;
                }

                slot = _work.Dequeue();
            }

            try
            {
                if (WaitForRoom())
                {
                    Read(slot.Result);
                    slot.Weight = WeightOf(slot.Result);
                    lock (_gate)
                    {
                        _heldBytes += slot.Weight;
                    }
                }
            }
            finally
            {
                slot.Done.Set();
            }
        }
    }

    /// <summary>Waits while the parsed, untaken files are over budget; false once stopped.</summary>
    private bool WaitForRoom()
    {
        lock (_gate)
        {
            while (_heldBytes > 0 && _heldBytes >= _maxHeldBytes && !_cts.IsCancellationRequested)
            {
                Monitor.Wait(_gate);
            }

            return !_cts.IsCancellationRequested;
        }
    }

    private void Read(ReadAheadResult r)
    {
        try
        {
            var info = new FileInfo(r.Path);
            r.Length = info.Length;
            r.LastWriteTicksUtc = info.LastWriteTimeUtc.Ticks;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            r.Length = -1; // the open below reports why
        }

        r.Completed = true;
        if (r.Length == 0)
        {
            return; // empty, or a FIFO, socket or device: never opened (a FIFO would wait for a writer for ever)
        }

        _beforeRead?.Invoke(r.Path);
        bool sniffed = false;
        try
        {
            r.File = DicomReader.ReadFileIfDicom(r.Path, _options, ref sniffed, regularNonEmpty: r.Length > 0);
            r.LooksLikeDicom = sniffed;
        }
#pragma warning disable CA1031 // every exception is handed to the caller, who reports it as its own read would have
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (sniffed)
            {
                r.LooksLikeDicom = true;
                r.ReadError = ex;
            }
            else
            {
                r.CheckError = ex;
            }
        }
    }

    /// <summary>What a parsed file may hold in memory: its size, or for a deflated file what it may inflate to.</summary>
    private long WeightOf(ReadAheadResult r)
    {
        long size = Math.Max(1, r.Length);
        if (r.File is { TransferSyntax.IsDeflated: true })
        {
            int ratio = Math.Max(1, _options.MaxInflationRatio);
            long inflated = size > long.MaxValue / ratio ? long.MaxValue : size * ratio;
            return Math.Min(_options.MaxDecodedBytes, Math.Max(64L << 20, inflated));
        }

        return size;
    }

    private sealed class Slot
    {
        public Slot(string path) => Result = new ReadAheadResult(path);

        public ReadAheadResult Result { get; }

        public ManualResetEventSlim Done { get; } = new(false, spinCount: 0);

        public long Weight { get; set; }
    }
}
