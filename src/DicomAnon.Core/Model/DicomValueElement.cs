// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core;

/// <summary>An element with a primitive value (text, numbers, bytes), held as little-endian bytes.</summary>
/// <remarks>Immutable. To change a value, put a new element into the dataset.</remarks>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomBuffer value, string? privateCreator = null)
        : base(tag, vr, privateCreator)
    {
        if (vr == DicomVR.SQ)
        {
            throw new ArgumentException("A sequence is a DicomSequence, not a value element.", nameof(vr));
        }

        Buffer = value ?? throw new ArgumentNullException(nameof(value));
    }

    public DicomValueElement(DicomTag tag, DicomVR vr, byte[] value, string? privateCreator = null)
        : this(tag, vr, DicomBuffer.From(value), privateCreator)
    {
    }

    public DicomBuffer Buffer { get; }

    public long Length => Buffer.Length;

    /// <summary>The value bytes (loads a deferred value).</summary>
    public byte[] GetBytes() => Buffer.ToArray();

    public override DicomElement WithPrivateCreator(string? privateCreator) =>
        new DicomValueElement(Tag, VR, Buffer, privateCreator);
}
