// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Blackout of one frame.</summary>
internal sealed class FrameRedaction
{
    public FrameRedaction(int frame, IReadOnlyList<PixelRect> regions, IReadOnlyList<PixelRect> textRemaining)
    {
        Frame = frame;
        Regions = regions;
        TextRemaining = textRemaining;
    }

    /// <summary>0-based frame index.</summary>
    public int Frame { get; }

    /// <summary>Rectangles blacked out in this frame (clipped to the frame).</summary>
    public IReadOnlyList<PixelRect> Regions { get; }

    /// <summary>Boxes where the re-check still reads text (text itself is never reported: it may be PHI).</summary>
    public IReadOnlyList<PixelRect> TextRemaining { get; }
}
