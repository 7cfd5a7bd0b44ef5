// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using DicomAnon.Imaging.Pixels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Imaging.Rendering;

/// <summary>Writes one frame as a PNG (gray for monochrome, RGB for colour or when outlines are drawn).</summary>
internal static class PngExporter
{
    /// <summary>
    /// Renders frame <paramref name="frameIndex"/> (see <see cref="PixelFrames.RenderGray"/>) and writes it to
    /// <paramref name="path"/> atomically (temporary file in the same folder, then rename), replacing an existing file.
    /// </summary>
    /// <param name="outline">Rectangles to outline (1 pixel wide, clipped to the frame), or null.</param>
    /// <param name="outlineRgb">Outline colour as 0xRRGGBB (red by default).</param>
    public static void Export(PixelFrames frames, int frameIndex, string path, IReadOnlyList<PixelRect>? outline = null, int outlineRgb = 0xFF0000)
    {
        if (frames is null)
        {
            throw new ArgumentNullException(nameof(frames));
        }

        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("A destination path is required.", nameof(path));
        }

        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (FileStream fs = new(temp, FileMode.CreateNew, FileAccess.Write))
            {
                Write(frames, frameIndex, fs, outline, outlineRgb);
            }

            if (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Renders frame <paramref name="frameIndex"/> as PNG into <paramref name="destination"/>.</summary>
    public static void Write(PixelFrames frames, int frameIndex, Stream destination, IReadOnlyList<PixelRect>? outline = null, int outlineRgb = 0xFF0000)
    {
        if (frames is null)
        {
            throw new ArgumentNullException(nameof(frames));
        }

        int w = frames.Columns, h = frames.Rows;
        bool colour = !frames.Description.IsMonochrome || (outline is not null && outline.Count > 0);
        if (!colour)
        {
            byte[] gray = frames.RenderGray(frameIndex).Pixels;
            using Image<L8> img = Image.LoadPixelData<L8>(gray, w, h);
            img.SaveAsPng(destination);
            return;
        }

        byte[] rgb = frames.RenderRgb(frameIndex);
        if (outline is not null)
        {
            byte r = (byte)((outlineRgb >> 16) & 0xFF), g = (byte)((outlineRgb >> 8) & 0xFF), b = (byte)(outlineRgb & 0xFF);
            foreach (PixelRect rect in outline)
            {
                DrawOutline(rgb, w, h, rect, r, g, b);
            }
        }

        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb, w, h);
        image.SaveAsPng(destination);
    }

    private static void DrawOutline(byte[] rgb, int w, int h, PixelRect rect, byte r, byte g, byte b)
    {
        PixelRect c = rect.ClipTo(w, h);
        if (c.Width <= 0 || c.Height <= 0)
        {
            return;
        }

        for (int x = c.X; x < c.Right; x++)
        {
            Put(rgb, w, x, c.Y, r, g, b);
            Put(rgb, w, x, c.Bottom - 1, r, g, b);
        }

        for (int y = c.Y; y < c.Bottom; y++)
        {
            Put(rgb, w, c.X, y, r, g, b);
            Put(rgb, w, c.Right - 1, y, r, g, b);
        }
    }

    private static void Put(byte[] rgb, int w, int x, int y, byte r, byte g, byte b)
    {
        int i = ((y * w) + x) * 3;
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
    }
}
