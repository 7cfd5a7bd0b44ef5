// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>Why the independent re-check (<see cref="TextRecheck"/>) says text remains in a box.</summary>
internal enum RecheckEvidence
{
    /// <summary>A row of character-sized strokes on a flat background (not read, or read as something other than a known label).</summary>
    TextLikeInk,

    /// <summary>Ink on a flat background that touches a blacked-out box: the box cut through a line of text.</summary>
    CutByBlackout,

    /// <summary>
    /// A row of character-sized strokes on a flat background, on the band of a blacked-out box and within a letter
    /// height of it, not read as a label: the rest of a line the box did not reach (the value after a label word).
    /// </summary>
    BesideBlackout,

    /// <summary>On speckle or anatomy: read confidently as letters or digits that are not a known label line.</summary>
    ReadOnImage,

    /// <summary>A candidate line on speckle could not be read (no reader, or more lines than a frame may cost): not proven clean.</summary>
    NotRead,
}
