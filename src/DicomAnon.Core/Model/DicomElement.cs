// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core;

/// <summary>
/// One data element of a dataset: a value element, a sequence, or encapsulated pixel data.
/// A private element carries the creator that reserved its block (resolved when it was read or added).
/// </summary>
public abstract class DicomElement
{
    protected DicomElement(DicomTag tag, DicomVR vr, string? privateCreator)
    {
        Tag = tag;
        VR = vr;
        PrivateCreator = privateCreator;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>Creator string of the private block this element belongs to, or null (public, creator element, or unknown).</summary>
    public string? PrivateCreator { get; }

    /// <summary>Returns this element with another private creator (elements are immutable; used when moving blocks).</summary>
    public abstract DicomElement WithPrivateCreator(string? privateCreator);

    public override string ToString() => $"{Tag} {DicomVRInfo.ToCode(VR)}";
}
