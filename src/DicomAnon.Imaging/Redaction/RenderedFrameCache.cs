// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A file's frames as grey, rendered once until they change: the cleaning looks at every frame up to four times
/// (first pass, two re-read passes, re-check), and a frame no box was added to since its last rendering renders to
/// the same pixels. A frame is rendered again after <see cref="Blackout"/> on it or <see cref="Commit"/>.
/// </summary>
/// <remarks>
/// The grey frames handed out are shared by every caller, which only read them. They are kept in memory for the one
/// file (they may show PHI, like the frames), up to the pixel limit given; frames beyond it are rendered every time.
/// </remarks>
/// <threadsafety>Not thread-safe, like the source it wraps: callers serialise access.</threadsafety>
internal sealed class RenderedFrameCache : IFrameSource
{
    private readonly IFrameSource _source;
    private readonly GrayImage?[] _rendered;
    private readonly int _keep;

    /// <param name="source">The frames.</param>
    /// <param name="pixelLimit">Most pixels of rendered frames kept.</param>
    public RenderedFrameCache(IFrameSource source, long pixelLimit)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _rendered = new GrayImage?[source.Count];
        long perFrame = Math.Max(1L, (long)source.Rows * source.Columns);
        _keep = (int)Math.Min(source.Count, Math.Max(0L, pixelLimit / perFrame));
    }

    public int Count => _source.Count;

    public int Rows => _source.Rows;

    public int Columns => _source.Columns;

    /// <summary>Frames rendered by the source so far (for tests: how many renderings were saved).</summary>
    public int Rendered { get; private set; }

    public GrayImage RenderGray(int index)
    {
        if (index >= 0 && index < _keep && _rendered[index] is GrayImage known)
        {
            return known;
        }

        GrayImage image = _source.RenderGray(index);
        Rendered++;
        if (index >= 0 && index < _keep)
        {
            _rendered[index] = image;
        }

        return image;
    }

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles)
    {
        if (index >= 0 && index < _rendered.Length)
        {
            _rendered[index] = null;
        }

        _source.Blackout(index, rectangles);
    }

    public void Commit()
    {
        Array.Clear(_rendered, 0, _rendered.Length);
        _source.Commit();
    }
}
