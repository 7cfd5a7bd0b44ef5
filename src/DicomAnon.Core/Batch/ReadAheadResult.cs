// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.Batch;

/// <summary>
/// What <see cref="HeaderReadAhead"/> learnt about one file, in the order a cmdlet would have learnt it itself: its
/// size and time stamp, whether it passed the reader's "is it DICOM at all?" check, then the parsed file or the
/// exception the parse threw.
/// </summary>
internal sealed class ReadAheadResult
{
    internal ReadAheadResult(string path) => Path = path;

    /// <summary>The path as posted.</summary>
    public string Path { get; }

    /// <summary>The size in bytes; 0 for an empty file and for a FIFO, socket or device (never opened); -1 when it could not be read.</summary>
    public long Length { get; internal set; } = -1;

    /// <summary>Last write time (UTC ticks) taken with <see cref="Length"/>, before the file was opened.</summary>
    public long LastWriteTicksUtc { get; internal set; }

    /// <summary>True once the file was opened and passed the reader's check; false when it was not opened or failed it.</summary>
    public bool LooksLikeDicom { get; internal set; }

    /// <summary>Thrown while the file was opened and checked (an unreadable file): the check would have thrown it.</summary>
    public Exception? CheckError { get; internal set; }

    /// <summary>The parsed file (deferred values read from <see cref="Path"/> on demand), when the parse succeeded.</summary>
    public DicomFile? File { get; internal set; }

    /// <summary>Thrown by the parse, after the check passed.</summary>
    public Exception? ReadError { get; internal set; }

    /// <summary>False when the read ahead was stopped before this file was looked at (the caller then reads it itself).</summary>
    public bool Completed { get; internal set; }
}
