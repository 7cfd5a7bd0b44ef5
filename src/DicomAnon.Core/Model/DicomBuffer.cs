// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core;

/// <summary>
/// The bytes of one value, always in little-endian order whatever the source's transfer syntax.
/// Either held in memory or located in a file (offset, length) and read only when asked for, so that
/// headers of multi-gigabyte files can be read and pixel data streamed without loading it.
/// </summary>
/// <threadsafety>Instances are immutable; file-backed buffers open their own stream per call.</threadsafety>
public abstract class DicomBuffer
{
    public static readonly DicomBuffer Empty = new MemoryBuffer(Array.Empty<byte>());

    /// <summary>Length in bytes (the value length as stored, including any padding byte).</summary>
    public abstract long Length { get; }

    /// <summary>True when the bytes are in memory; false when reading them touches the source file.</summary>
    public abstract bool IsLoaded { get; }

    /// <summary>The whole value. Loads file-backed values (throws if over 2 GB).</summary>
    public abstract byte[] ToArray();

    /// <summary>Streams the value to <paramref name="destination"/> in chunks without loading it whole.</summary>
    public abstract void CopyTo(Stream destination);

    public static DicomBuffer From(byte[] data) => data.Length == 0 ? Empty : new MemoryBuffer(data);
}
