// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>One 8-connected ink component of a re-checked frame's flat part (<see cref="FlatInk"/>).</summary>
internal readonly struct InkBlob
{
    public InkBlob(PixelRect box, int count, bool touchesBlack, int peak, int background)
    {
        Box = box;
        Count = count;
        TouchesBlack = touchesBlack;
        Peak = peak;
        Background = background;
    }

    public PixelRect Box { get; }

    /// <summary>Ink pixels.</summary>
    public int Count { get; }

    /// <summary>A neighbour of the component is blacked out: the blackout cut through it, or stopped beside it.</summary>
    public bool TouchesBlack { get; }

    /// <summary>Largest difference from <see cref="Background"/> (grey levels): the ink's own level.</summary>
    public int Peak { get; }

    /// <summary>The grey the ink was judged against: the frame's background, or the flat panel it lies on.</summary>
    public int Background { get; }

    public int Width => Box.Width;

    public int Height => Box.Height;
}
