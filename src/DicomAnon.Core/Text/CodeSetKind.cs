// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Text;

/// <summary>How the bytes of a graphic character set are laid out.</summary>
internal enum CodeSetKind
{
    /// <summary>94 single-byte characters in G0 (ISO-IR 6 ASCII; ISO-IR 14 JIS X 0201 Romaji, treated as ASCII as pydicom does).</summary>
    Ascii,

    /// <summary>96 single-byte characters in G1 (bytes 0x80-0xFF from a 128-entry table).</summary>
    SingleByteG1,

    /// <summary>JIS X 0201 Katakana in G1 (0xA1-0xDF).</summary>
    KatakanaG1,

    /// <summary>94x94 two-byte set in G0 (bytes 0x21-0x7E).</summary>
    MultiByteG0,

    /// <summary>94x94 two-byte set in G1 (bytes 0xA1-0xFE).</summary>
    MultiByteG1,
}
