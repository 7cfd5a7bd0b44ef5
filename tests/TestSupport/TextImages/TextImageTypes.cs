// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

// Shared test-only source (not a project): include with
//   <Compile Include="../TestSupport/TextImages/*.cs" LinkBase="TestSupport/TextImages" />
// plus PackageReferences to SkiaSharp and SkiaSharp.NativeAssets.Linux.NoDependencies.

using System;
using System.Collections.Generic;

namespace DicomAnon.TestSupport.TextImages;

/// <summary>A pixel rectangle: X, Y of the top-left pixel; Right and Bottom exclusive.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public long Area => (long)Width * Height;

    /// <summary>Pixels shared with <paramref name="other"/>.</summary>
    public long IntersectionArea(PixelBox other)
    {
        long w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        long h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /// <summary>Intersection over union, 0..1.</summary>
    public double IoU(PixelBox other)
    {
        long i = IntersectionArea(other);
        long u = Area + other.Area - i;
        return u == 0 ? 0 : (double)i / u;
    }

    /// <summary>Fraction of this box that <paramref name="other"/> covers, 0..1.</summary>
    public double CoveredBy(PixelBox other) => Area == 0 ? 0 : (double)IntersectionArea(other) / Area;

    /// <summary>The smallest box holding both.</summary>
    public PixelBox Union(PixelBox other)
    {
        int x = Math.Min(X, other.X);
        int y = Math.Min(Y, other.Y);
        return new PixelBox(x, y, Math.Max(Right, other.Right) - x, Math.Max(Bottom, other.Bottom) - y);
    }

    public override string ToString() => FormattableString.Invariant($"({X},{Y} {Width}x{Height})");
}

/// <summary>DejaVu faces (installed on the build machines in /usr/share/fonts/truetype/dejavu).</summary>
public enum TextFont
{
    Sans,
    SansBold,
    SansMono,
    SansMonoBold,
    Serif,
    SansCondensed,
}

/// <summary>
/// One line of text to draw. <see cref="X"/>, <see cref="Y"/> is the top-left of the font's line box (the ascent
/// line), <see cref="PixelHeight"/> the font size in pixels (the em: capitals are about 0.73 of it).
/// Light-on-dark text is drawn at <see cref="InkLevel"/> (default 255), dark-on-light at 255 - that (default 0).
/// </summary>
public sealed record TextSpec(string Text, int X, int Y, int PixelHeight, bool LightOnDark)
{
    public TextFont Font { get; init; } = TextFont.Sans;

    /// <summary>Brightness of light ink (dark ink is 255 minus this).</summary>
    public byte InkLevel { get; init; } = 255;

    /// <summary>For RGB rendering: the ink colour; null means grey at <see cref="InkLevel"/> (or its dark twin).</summary>
    public Rgb? Color { get; init; }
}

/// <summary>An RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B);

/// <summary>
/// A synthetic background: a base level, smooth blobs that look like anatomy, and per-pixel Gaussian noise.
/// For RGB rendering, <see cref="Tint"/> colours the base and blobs (a noise sample per channel).
/// </summary>
public sealed record Background(byte Level, double NoiseSigma = 0, int Blobs = 0, int BlobAmplitude = 0, int Seed = 1)
{
    /// <summary>Colour multiplier per channel for RGB rendering (1,1,1 = grey).</summary>
    public (double R, double G, double B) Tint { get; init; } = (1, 1, 1);

    /// <summary>A dark, noisy background with bright blobs (light-on-dark overlays on CT/MR).</summary>
    public static Background DarkNoisy(int seed) => new(30, 12, 6, 70, seed);

    /// <summary>A light, noisy background with dark blobs (dark-on-light, e.g. film or secondary capture).</summary>
    public static Background LightNoisy(int seed) => new(215, 10, 6, -60, seed);
}

/// <summary>A drawn text, the exact bounding box of its ink (every pixel the glyphs touched) and that of each space-separated word.</summary>
public sealed record RenderedText(string Text, PixelBox Box, TextSpec Spec, IReadOnlyList<RenderedWord> Words);

/// <summary>One space-separated word of a <see cref="RenderedText"/> and the box of its ink.</summary>
public sealed record RenderedWord(string Text, PixelBox Box);

/// <summary>An 8-bit grey image (row-major, 0 = black) and what was written on it.</summary>
public sealed record GrayTextImage(int Width, int Height, byte[] Pixels, IReadOnlyList<RenderedText> Texts);

/// <summary>A 24-bit RGB image (row-major, R G B per pixel) and what was written on it.</summary>
public sealed record RgbTextImage(int Width, int Height, byte[] Pixels, IReadOnlyList<RenderedText> Texts);
