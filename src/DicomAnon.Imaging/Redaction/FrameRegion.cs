// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Pixels;

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
