// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Ocr;

/// <summary>
/// Pixel work that turns a medical image into something Tesseract reads well: enlarge, choose polarity,
/// threshold. Every output is "dark text on light background", which is what Tesseract's layout analysis expects.
/// </summary>
internal static class ImagePreparation
{
    /// <summary>Bilinear resize of an 8-bit image by <paramref name="scale"/> (1 returns a copy).</summary>
    public static byte[] Resize(byte[] source, int width, int height, double scale, out int newWidth, out int newHeight)
    {
        newWidth = Math.Max(1, (int)Math.Round(width * scale));
        newHeight = Math.Max(1, (int)Math.Round(height * scale));
        byte[] target = new byte[checked(newWidth * newHeight)];
        if (newWidth == width && newHeight == height)
        {
            Buffer.BlockCopy(source, 0, target, 0, source.Length);
            return target;
        }

        // Pixel centres map as (x + 0.5) / scale - 0.5; fixed point with 8 fractional bits.
        double sx = (double)width / newWidth;
        double sy = (double)height / newHeight;
        int[] x0 = new int[newWidth];
        int[] fx = new int[newWidth];
        for (int x = 0; x < newWidth; x++)
        {
            double px = Math.Max(0.0, ((x + 0.5) * sx) - 0.5);
            int ix = Math.Min((int)px, width - 1);
            x0[x] = ix;
            fx[x] = ix >= width - 1 ? 0 : (int)((px - ix) * 256.0);
        }

        for (int y = 0; y < newHeight; y++)
        {
            double py = Math.Max(0.0, ((y + 0.5) * sy) - 0.5);
            int iy = Math.Min((int)py, height - 1);
            int fy = iy >= height - 1 ? 0 : (int)((py - iy) * 256.0);
            int row0 = iy * width;
            int row1 = Math.Min(iy + 1, height - 1) * width;
            int outRow = y * newWidth;
            for (int x = 0; x < newWidth; x++)
            {
                int ix = x0[x];
                int ix1 = ix + 1 < width ? ix + 1 : ix;
                int wx = fx[x];
                int top = (source[row0 + ix] * (256 - wx)) + (source[row0 + ix1] * wx);
                int bottom = (source[row1 + ix] * (256 - wx)) + (source[row1 + ix1] * wx);
                int value = ((top * (256 - fy)) + (bottom * fy) + 32768) >> 16;
                target[outRow + x] = (byte)value;
            }
        }

        return target;
    }

    /// <summary>255 - value, in place.</summary>
    public static void Invert(byte[] pixels)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(255 - pixels[i]);
        }
    }

    /// <summary>
    /// Binary image, text black on white: with <paramref name="brightText"/>, pixels at or above
    /// <paramref name="threshold"/> become black (0) and the rest white; otherwise pixels at or below it become black.
    /// </summary>
    public static byte[] Threshold(byte[] pixels, int threshold, bool brightText)
    {
        byte[] result = new byte[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            bool ink = brightText ? pixels[i] >= threshold : pixels[i] <= threshold;
            result[i] = ink ? (byte)0 : (byte)255;
        }

        return result;
    }

    /// <summary>Otsu's threshold of the histogram: the level that best separates two classes (pixels &lt;= level, &gt; level).</summary>
    public static int OtsuLevel(byte[] pixels)
    {
        long[] histogram = new long[256];
        foreach (byte p in pixels)
        {
            histogram[p]++;
        }

        double total = pixels.Length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++)
        {
            sumAll += i * (double)histogram[i];
        }

        double sumBelow = 0;
        double countBelow = 0;
        double best = -1;
        int level = 127;
        for (int t = 0; t < 255; t++)
        {
            countBelow += histogram[t];
            if (countBelow == 0)
            {
                continue;
            }

            double countAbove = total - countBelow;
            if (countAbove == 0)
            {
                break;
            }

            sumBelow += t * (double)histogram[t];
            double meanBelow = sumBelow / countBelow;
            double meanAbove = (sumAll - sumBelow) / countAbove;
            double between = countBelow * countAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best)
            {
                best = between;
                level = t;
            }
        }

        return level;
    }

    /// <summary>
    /// Morphological top-hat: how much each pixel stands out from its surroundings within a
    /// <paramref name="window"/>-square neighbourhood. White top-hat (<paramref name="bright"/>) is I - opening(I)
    /// and keeps thin bright strokes (overlay text) while removing broad shapes (anatomy, gradients); black top-hat
    /// is closing(I) - I, the same for dark strokes.
    /// </summary>
    public static byte[] TopHat(byte[] pixels, int width, int height, int window, bool bright)
    {
        int radius = window / 2;
        byte[] a = new byte[pixels.Length];
        byte[] b = new byte[pixels.Length];

        // Opening = dilate(erode(I)); closing = erode(dilate(I)); each square filter is separable.
        Filter(pixels, a, width, height, radius, horizontal: true, takeMax: !bright);
        Filter(a, b, width, height, radius, horizontal: false, takeMax: !bright);
        Filter(b, a, width, height, radius, horizontal: true, takeMax: bright);
        Filter(a, b, width, height, radius, horizontal: false, takeMax: bright);
        for (int i = 0; i < pixels.Length; i++)
        {
            b[i] = bright ? (byte)(pixels[i] - b[i]) : (byte)(b[i] - pixels[i]);
        }

        return b;
    }

    /// <summary>
    /// Turns a top-hat map into dark-ink-on-white for Tesseract with a soft ramp between <paramref name="low"/>
    /// (paper) and <paramref name="low"/> + <paramref name="ramp"/> (full ink), keeping anti-aliased edges.
    /// </summary>
    public static byte[] InkFromContrast(byte[] contrast, int low, int ramp)
    {
        byte[] result = new byte[contrast.Length];
        for (int i = 0; i < contrast.Length; i++)
        {
            int c = contrast[i] - low;
            result[i] = c <= 0 ? (byte)255 : c >= ramp ? (byte)0 : (byte)(255 - (c * 255 / ramp));
        }

        return result;
    }

    /// <summary>The <paramref name="fraction"/> quantile (0-1) of the values.</summary>
    public static int Quantile(byte[] values, double fraction)
    {
        long[] histogram = new long[256];
        foreach (byte v in values)
        {
            histogram[v]++;
        }

        long target = (long)(fraction * values.Length);
        long seen = 0;
        for (int i = 0; i < 256; i++)
        {
            seen += histogram[i];
            if (seen > target)
            {
                return i;
            }
        }

        return 255;
    }

    private static void Filter(byte[] source, byte[] target, int width, int height, int radius, bool horizontal, bool takeMax)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                int best = takeMax ? 0 : 255;
                int from = horizontal ? Math.Max(0, x - radius) : Math.Max(0, y - radius);
                int to = horizontal ? Math.Min(width - 1, x + radius) : Math.Min(height - 1, y + radius);
                for (int k = from; k <= to; k++)
                {
                    int v = horizontal ? source[row + k] : source[(k * width) + x];
                    best = takeMax ? (v > best ? v : best) : (v < best ? v : best);
                }

                target[row + x] = (byte)best;
            }
        }
    }
}
