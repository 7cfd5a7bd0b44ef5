// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using SkiaSharp;

namespace DicomAnon.TestSupport.TextImages;

/// <summary>
/// Renders real text (DejaVu fonts, anti-aliased, through SkiaSharp) onto synthetic noisy backgrounds and
/// reports where the ink landed, for testing text detection and redaction. Deterministic for a given seed.
/// </summary>
public static class TextImageRenderer
{
    public const string FontFolder = "/usr/share/fonts/truetype/dejavu";

    private static readonly ConcurrentDictionary<TextFont, SKTypeface> Typefaces = new();

    /// <summary>Draws <paramref name="texts"/> in grey on <paramref name="background"/>.</summary>
    public static GrayTextImage Render(int width, int height, Background background, IEnumerable<TextSpec> texts)
    {
        double[] bg = BackgroundPlane(width, height, background, background.Seed);
        byte[] pixels = new byte[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = ToByte(bg[i]);
        }

        var rendered = new List<RenderedText>();
        foreach (TextSpec spec in texts)
        {
            byte[] coverage = Coverage(width, height, spec, out PixelBox box);
            byte ink = spec.LightOnDark ? spec.InkLevel : (byte)(255 - spec.InkLevel);
            for (int i = 0; i < pixels.Length; i++)
            {
                int a = coverage[i];
                if (a != 0)
                {
                    pixels[i] = (byte)(((pixels[i] * (255 - a)) + (ink * a) + 127) / 255);
                }
            }

            rendered.Add(new RenderedText(spec.Text, box, spec, WordBoxes(width, height, spec)));
        }

        return new GrayTextImage(width, height, pixels, rendered);
    }

    /// <summary>Draws <paramref name="texts"/> in colour (<see cref="TextSpec.Color"/>) on a tinted noisy background.</summary>
    public static RgbTextImage RenderRgb(int width, int height, Background background, IEnumerable<TextSpec> texts)
    {
        double[][] planes =
        [
            BackgroundPlane(width, height, background, background.Seed),
            BackgroundPlane(width, height, background with { Blobs = 0 }, background.Seed + 7919),
            BackgroundPlane(width, height, background with { Blobs = 0 }, background.Seed + 15887),
        ];
        double[] tint = [background.Tint.R, background.Tint.G, background.Tint.B];
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            // Blobs are shared by the channels (they are "anatomy"); the noise is per channel.
            double shared = planes[0][i];
            for (int c = 0; c < 3; c++)
            {
                double noise = c == 0 ? 0 : planes[c][i] - background.Level;
                pixels[(i * 3) + c] = ToByte((shared + noise) * tint[c]);
            }
        }

        var rendered = new List<RenderedText>();
        foreach (TextSpec spec in texts)
        {
            byte[] coverage = Coverage(width, height, spec, out PixelBox box);
            byte grey = spec.LightOnDark ? spec.InkLevel : (byte)(255 - spec.InkLevel);
            Rgb color = spec.Color ?? new Rgb(grey, grey, grey);
            byte[] ink = [color.R, color.G, color.B];
            for (int i = 0; i < coverage.Length; i++)
            {
                int a = coverage[i];
                if (a == 0)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    int p = (i * 3) + c;
                    pixels[p] = (byte)(((pixels[p] * (255 - a)) + (ink[c] * a) + 127) / 255);
                }
            }

            rendered.Add(new RenderedText(spec.Text, box, spec, WordBoxes(width, height, spec)));
        }

        return new RgbTextImage(width, height, pixels, rendered);
    }

    /// <summary>Writes an 8-bit grey image as binary PGM (for looking at a failing case).</summary>
    public static void SavePgm(string path, int width, int height, byte[] pixels)
    {
        using var file = File.Create(path);
        byte[] header = System.Text.Encoding.ASCII.GetBytes(FormattableString.Invariant($"P5\n{width} {height}\n255\n"));
        file.Write(header, 0, header.Length);
        file.Write(pixels, 0, width * height);
    }

    /// <summary>Anti-aliased coverage (0-255) of one text over the whole image, and the box of its non-zero pixels.</summary>
    private static byte[] Coverage(int width, int height, TextSpec spec, out PixelBox box, float xOffset = 0)
    {
        var info = new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var font = new SKFont(Typeface(spec.Font), spec.PixelHeight)
            {
                Edging = SKFontEdging.Antialias,
                Subpixel = true,
                Hinting = SKFontHinting.Slight,
            };
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            float baseline = spec.Y - font.Metrics.Ascent;
            canvas.DrawText(spec.Text, spec.X + xOffset, baseline, SKTextAlign.Left, font, paint);
        }

        byte[] coverage = new byte[width * height];
        int rowBytes = bitmap.RowBytes;
        byte[] raw = bitmap.Bytes;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte a = raw[(y * rowBytes) + x];
                coverage[(y * width) + x] = a;
                if (a != 0)
                {
                    minX = Math.Min(minX, x);
                    minY = Math.Min(minY, y);
                    maxX = Math.Max(maxX, x);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        if (maxX < 0)
        {
            throw new ArgumentException(FormattableString.Invariant($"Text '{spec.Text}' at ({spec.X},{spec.Y}) leaves no ink inside {width}x{height}."), nameof(spec));
        }

        box = new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        return coverage;
    }

    /// <summary>Each word drawn alone at its place in the line (same font, same origin), so its box is its own ink.</summary>
    private static List<RenderedWord> WordBoxes(int width, int height, TextSpec spec)
    {
        var words = new List<RenderedWord>();
        string[] parts = spec.Text.Split(' ');
        if (parts.Length == 1)
        {
            Coverage(width, height, spec, out PixelBox only);
            words.Add(new RenderedWord(spec.Text, only));
            return words;
        }

        using var font = new SKFont(Typeface(spec.Font), spec.PixelHeight) { Edging = SKFontEdging.Antialias, Subpixel = true, Hinting = SKFontHinting.Slight };
        int start = 0;
        foreach (string part in parts)
        {
            if (part.Length != 0)
            {
                // Origin = advance of the text before the word; sub-pixel positioning puts the ink where the line put it.
                float advance = font.MeasureText(spec.Text.Substring(0, start));
                Coverage(width, height, spec with { Text = part }, out PixelBox box, advance);
                words.Add(new RenderedWord(part, box));
            }

            start += part.Length + 1;
        }

        return words;
    }

    private static SKTypeface Typeface(TextFont font) => Typefaces.GetOrAdd(font, f =>
    {
        string file = f switch
        {
            TextFont.SansBold => "DejaVuSans-Bold.ttf",
            TextFont.SansMono => "DejaVuSansMono.ttf",
            TextFont.SansMonoBold => "DejaVuSansMono-Bold.ttf",
            TextFont.Serif => "DejaVuSerif.ttf",
            TextFont.SansCondensed => "DejaVuSansCondensed.ttf",
            _ => "DejaVuSans.ttf",
        };
        string path = Path.Combine(FontFolder, file);
        return SKTypeface.FromFile(path)
            ?? throw new FileNotFoundException("DejaVu font missing: install fonts-dejavu-core and fonts-dejavu-extra (Debian; .ci/setup does).", path);
    });

    private static double[] BackgroundPlane(int width, int height, Background background, int seed)
    {
        var random = new Random(seed);
        double[] plane = new double[width * height];
        for (int i = 0; i < plane.Length; i++)
        {
            plane[i] = background.Level;
        }

        // Smooth Gaussian blobs: the broad shapes of anatomy, which fool a global threshold.
        for (int b = 0; b < background.Blobs; b++)
        {
            double cx = random.NextDouble() * width;
            double cy = random.NextDouble() * height;
            double sigma = (0.05 + (random.NextDouble() * 0.2)) * Math.Min(width, height);
            double amplitude = background.BlobAmplitude * (0.5 + (random.NextDouble() * 0.5));
            int x0 = Math.Max(0, (int)(cx - (3 * sigma)));
            int x1 = Math.Min(width, (int)(cx + (3 * sigma)) + 1);
            int y0 = Math.Max(0, (int)(cy - (3 * sigma)));
            int y1 = Math.Min(height, (int)(cy + (3 * sigma)) + 1);
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    double d2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                    plane[(y * width) + x] += amplitude * Math.Exp(-d2 / (2 * sigma * sigma));
                }
            }
        }

        if (background.NoiseSigma > 0)
        {
            for (int i = 0; i < plane.Length; i++)
            {
                // Box-Muller.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                plane[i] += background.NoiseSigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }

        return plane;
    }

    private static byte ToByte(double value) => value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)(value + 0.5);
}
