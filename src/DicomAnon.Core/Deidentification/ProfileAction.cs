// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

/// <summary>What to do with one attribute: the action codes of PS3.15 Table E.1-1 after compound codes are resolved.</summary>
internal enum ProfileAction
{
    /// <summary>K: keep (sequences: keep and apply the profile to every item). The safety net still applies to PN, UI and dates.</summary>
    Keep,

    /// <summary>X: remove.</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value (sequences: no items).</summary>
    Empty,

    /// <summary>D: replace with a dummy value valid for the VR (sequences: keep, apply the profile to every item).</summary>
    Dummy,

    /// <summary>C: clean (dates: the date policy; text: scrubbed; AE: keyed pseudonym; sequences: profile applied to items).</summary>
    Clean,

    /// <summary>U: replace each UID with a keyed one (sequences, U*: keep, apply the profile to every item).</summary>
    RemapUid,
}
