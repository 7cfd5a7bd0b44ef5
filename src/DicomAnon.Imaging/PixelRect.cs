// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DicomAnon.Imaging;

/// <summary>A rectangle in pixel coordinates of a frame (x to the right, y down).</summary>
public readonly struct PixelRect : IEquatable<PixelRect>
{
    public PixelRect(int x, int y, int width, int height)
    {
        X = x;
        Y = y;
        Width = width;
        Height = height;
    }

    public int X { get; }

    public int Y { get; }

    public int Width { get; }

    public int Height { get; }

    public int Right => X + Width;

    public int Bottom => Y + Height;

    public long Area => (long)Width * Height;

    /// <summary>The part inside a frame of the given size (may be empty).</summary>
    public PixelRect ClipTo(int columns, int rows)
    {
        int x0 = Math.Max(0, X), y0 = Math.Max(0, Y);
        int x1 = Math.Min(columns, Right), y1 = Math.Min(rows, Bottom);
        return x1 > x0 && y1 > y0 ? new PixelRect(x0, y0, x1 - x0, y1 - y0) : default;
    }

    public bool Equals(PixelRect other) => X == other.X && Y == other.Y && Width == other.Width && Height == other.Height;

    public override bool Equals(object? obj) => obj is PixelRect r && Equals(r);

    public override int GetHashCode() => unchecked((((((X * 397) ^ Y) * 397) ^ Width) * 397) ^ Height);

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3}", X, Y, Width, Height);

    public static bool operator ==(PixelRect left, PixelRect right) => left.Equals(right);

    public static bool operator !=(PixelRect left, PixelRect right) => !left.Equals(right);
}
