// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item followed by fragments, carried intact.
/// Fragment buffers are usually deferred (located in the source file), so a compressed file can be
/// re-written without loading its pixels.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer offsetTable, IEnumerable<DicomBuffer> fragments, string? privateCreator = null)
        : base(tag, vr, privateCreator)
    {
        OffsetTable = offsetTable;
        Fragments = new List<DicomBuffer>(fragments);
    }

    /// <summary>The Basic Offset Table item's value (often empty). 32-bit little-endian offsets.</summary>
    public DicomBuffer OffsetTable { get; set; }

    public List<DicomBuffer> Fragments { get; }

    public override DicomElement WithPrivateCreator(string? privateCreator) =>
        new DicomFragmentSequence(Tag, VR, OffsetTable, Fragments, privateCreator);
}
