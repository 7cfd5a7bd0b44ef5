// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Redaction;

internal sealed class PixelFramesSource : IFrameSource
{
    private readonly PixelFrames _frames;

    public PixelFramesSource(PixelFrames frames) => _frames = frames;

    public int Count => _frames.Count;

    public int Rows => _frames.Rows;

    public int Columns => _frames.Columns;

    public GrayImage RenderGray(int index) => _frames.RenderGray(index);

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles) => _frames.Blackout(index, rectangles);

    public void Commit() => _frames.Commit();
}
