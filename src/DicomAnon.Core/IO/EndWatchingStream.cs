// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core.IO;

/// <summary>
/// A read-only pass-through that records whether its reader ever hit the end of the inner stream. Under an inflater it
/// tells a complete deflate stream from a cut one: the inflater stops asking for input after the final block, so a
/// request that finds no more input means the final block never came (.NET's DeflateStream just reports end of data).
/// </summary>
internal sealed class EndWatchingStream : Stream
{
    private readonly Stream _inner;

    public EndWatchingStream(Stream inner) => _inner = inner;

    /// <summary>True once a read of the inner stream returned no bytes.</summary>
    public bool ReachedEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = _inner.Read(buffer, offset, count);
        if (n <= 0 && count > 0)
        {
            ReachedEnd = true;
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The inner stream belongs to the caller: only the base (which holds nothing) is disposed.
        base.Dispose(disposing);
    }
}
