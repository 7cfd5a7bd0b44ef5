// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>A box where the independent re-check still sees text: frame, box and why; never the text (it may be PHI).</summary>
internal readonly struct RecheckFinding
{
    public RecheckFinding(int frame, PixelRect box, RecheckEvidence evidence)
    {
        Frame = frame;
        Box = box;
        Evidence = evidence;
    }

    public int Frame { get; }

    public PixelRect Box { get; }

    public RecheckEvidence Evidence { get; }
}
