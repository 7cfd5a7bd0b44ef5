// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging;

/// <summary>An 8-bit grayscale image, row-major, 0 = black: what text detection works on.</summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0 || pixels is null || pixels.Length != (long)width * height)
        {
            throw new ArgumentException("Pixels must hold width x height bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>
    /// Converts interleaved 8-bit RGB (R G B per pixel, row-major, no row padding) to grey for text detection.
    /// </summary>
    /// <param name="method">
    /// <see cref="RgbToGray.MaxChannel"/> (default) keeps coloured overlay text bright whatever its hue, as on
    /// colour ultrasound (yellow, green, cyan or blue labels on grey); <see cref="RgbToGray.Luma"/> is the usual
    /// perceived brightness (BT.601), better for coloured text on a light background.
    /// </param>
    public static GrayImage FromRgb24(int width, int height, byte[] rgb, RgbToGray method = RgbToGray.MaxChannel)
    {
        if (width <= 0 || height <= 0 || rgb is null || rgb.Length != (long)width * height * 3)
        {
            throw new ArgumentException("RGB data must hold width x height x 3 bytes.", nameof(rgb));
        }

        byte[] gray = new byte[width * height];
        for (int i = 0, p = 0; i < gray.Length; i++, p += 3)
        {
            int r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
            gray[i] = method == RgbToGray.Luma
                ? (byte)(((299 * r) + (587 * g) + (114 * b) + 500) / 1000)
                : (byte)Math.Max(r, Math.Max(g, b));
        }

        return new GrayImage(width, height, gray);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }
}
