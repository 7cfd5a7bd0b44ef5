// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core;

/// <summary>A value held in memory.</summary>
internal sealed class MemoryBuffer : DicomBuffer
{
    private readonly byte[] _data;

    public MemoryBuffer(byte[] data) => _data = data ?? throw new ArgumentNullException(nameof(data));

    public override long Length => _data.Length;

    public override bool IsLoaded => true;

    /// <summary>The array itself, not a copy: callers must not modify it.</summary>
    public override byte[] ToArray() => _data;

    public override void CopyTo(Stream destination) => destination.Write(_data, 0, _data.Length);
}
