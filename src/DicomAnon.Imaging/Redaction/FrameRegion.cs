// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>A rectangle to black out on one frame only (0-based frame index).</summary>
internal sealed class FrameRegion
{
    public FrameRegion(int frame, PixelRect region)
    {
        Frame = frame;
        Region = region;
    }

    /// <summary>0-based frame index.</summary>
    public int Frame { get; }

    public PixelRect Region { get; }
}
