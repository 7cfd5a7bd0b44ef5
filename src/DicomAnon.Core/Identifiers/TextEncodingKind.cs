// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Identifiers;

/// <summary>How the bytes a match was found in were read.</summary>
internal enum TextEncodingKind
{
    /// <summary>A decoded string (offsets are character indexes).</summary>
    Text,

    /// <summary>One byte per character (ASCII and ISO 8859-1).</summary>
    Latin1,

    Utf8,

    Utf16LittleEndian,

    Utf16BigEndian,
}
