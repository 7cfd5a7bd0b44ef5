// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;

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

    /// <summary>
    /// Reads <paramref name="path"/> now, as a cmdlet would: size and time stamp, then (a regular, non-empty file only)
    /// the "is it DICOM?" check and the parse on one open. Every exception is kept for the caller to report.
    /// </summary>
    /// <param name="beforeOpen">Called before a regular, non-empty file is opened; must not throw.</param>
    /// <param name="preRead">Files read already with <paramref name="options"/> (e.g. by <paramref name="beforeOpen"/>): such a file is taken from there, not read again.</param>
    internal static ReadAheadResult Read(string path, DicomReadOptions options, Action<string>? beforeOpen = null, PreReadFiles? preRead = null)
    {
        if (preRead?.TryTake(path) is ReadAheadResult early)
        {
            return early.As(path);
        }

        var r = new ReadAheadResult(path);
        try
        {
            var info = new FileInfo(path);
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
            return r; // empty, or a FIFO, socket or device: never opened (a FIFO would wait for a writer for ever)
        }

        beforeOpen?.Invoke(path);
        if (preRead?.TryTake(path) is ReadAheadResult found)
        {
            return found.As(path); // read by beforeOpen (its folder's pre-pass) just now
        }

        bool sniffed = false;
        try
        {
            r.File = DicomReader.ReadFileIfDicom(path, options, ref sniffed);
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

        return r;
    }

    /// <summary>The same result under the path as posted (a pre-read one was found by its full path).</summary>
    internal ReadAheadResult As(string postedPath) =>
        string.Equals(postedPath, Path, StringComparison.Ordinal) ? this : new ReadAheadResult(postedPath)
        {
            Length = Length,
            LastWriteTicksUtc = LastWriteTicksUtc,
            LooksLikeDicom = LooksLikeDicom,
            CheckError = CheckError,
            File = File,
            ReadError = ReadError,
            Completed = Completed,
        };
}
