// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Imaging.Verification;

/// <summary>One box where the re-check still finds text in a frame. The text itself is not kept: it may be PHI.</summary>
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

    /// <summary>Why the re-check says text is there (it never says what the text is).</summary>
    public RecheckEvidence Evidence { get; init; }
}
