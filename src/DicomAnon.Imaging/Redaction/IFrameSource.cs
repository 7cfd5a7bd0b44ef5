// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Redaction;

/// <summary>The frames of one file as the remover sees them (seam for tests; production wraps <see cref="PixelFrames"/>).</summary>
internal interface IFrameSource
{
    int Count { get; }

    int Rows { get; }

    int Columns { get; }

    /// <summary>Frame rendered to 8-bit gray; must reflect earlier <see cref="Blackout"/> calls.</summary>
    GrayImage RenderGray(int index);

    void Blackout(int index, IReadOnlyList<PixelRect> rectangles);

    void Commit();
}
