// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Verification;

/// <summary>One box of text that OCR still reads in a frame. The text itself is not kept: it may be PHI.</summary>
internal sealed class PixelTextBox
{
    public PixelTextBox(int frame, PixelRect box, bool matchesIdentifier)
    {
        Frame = frame;
        Box = box;
        MatchesIdentifier = matchesIdentifier;
    }

    /// <summary>0-based frame index.</summary>
    public int Frame { get; }

    public PixelRect Box { get; }

    /// <summary>The words read there contain an identifier of the source (by the caller's test).</summary>
    public bool MatchesIdentifier { get; }
}
