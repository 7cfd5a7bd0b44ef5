// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Imaging.Rendering;

/// <summary>Turns decoded frames into 8-bit gray or RGB for OCR, display and PNG export.</summary>
internal static class FrameRenderer
{

    public static GrayImage RenderGray(PixelDescription d, byte[] frame, DicomDataset ds, PaletteLut? palette)
    {
        int w = d.Columns, h = d.Rows;
        byte[] gray = new byte[w * h];
        if (d.IsMonochrome)
        {
            RenderMonochrome(d, frame, ds, gray);
            return new GrayImage(w, h, gray);
        }

        if (d.PhotometricInterpretation is "YBR_FULL" or "YBR_FULL_422")
        {
            // Luminance is Y itself.
            for (int y = 0, i = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++, i++)
                {
                    gray[i] = To8Bit(d, SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, 0), d.BitsAllocated));
                }
            }

            return new GrayImage(w, h, gray);
        }

        byte[] rgb = RenderRgb(d, frame, ds, palette);
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = Luminance(rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]);
        }

        return new GrayImage(w, h, gray);
    }

    public static byte[] RenderRgb(PixelDescription d, byte[] frame, DicomDataset ds, PaletteLut? palette)
    {
        int w = d.Columns, h = d.Rows;
        byte[] rgb = new byte[w * h * 3];
        if (d.IsMonochrome)
        {
            byte[] gray = new byte[w * h];
            RenderMonochrome(d, frame, ds, gray);
            for (int i = 0; i < gray.Length; i++)
            {
                rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = gray[i];
            }

            return rgb;
        }

        for (int y = 0, i = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++, i += 3)
            {
                if (palette is not null)
                {
                    long v = SampleLayout.StoredValue(d, SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, 0), d.BitsAllocated));
                    palette.Lookup((int)Math.Max(int.MinValue, Math.Min(int.MaxValue, v)), out rgb[i], out rgb[i + 1], out rgb[i + 2]);
                    continue;
                }

                byte c0 = To8Bit(d, SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, 0), d.BitsAllocated));
                byte c1 = To8Bit(d, SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, 1), d.BitsAllocated));
                byte c2 = To8Bit(d, SampleLayout.Read(frame, SampleLayout.SampleIndex(d, x, y, 2), d.BitsAllocated));
                if (d.PhotometricInterpretation == "RGB")
                {
                    rgb[i] = c0;
                    rgb[i + 1] = c1;
                    rgb[i + 2] = c2;
                }
                else
                {
                    // YBR_FULL (PS3.3 C.7.6.3.1.2, JFIF conversion).
                    double yy = c0, cb = c1 - 128.0, cr = c2 - 128.0;
                    rgb[i] = Clamp(yy + (1.402 * cr));
                    rgb[i + 1] = Clamp(yy - (0.344136 * cb) - (0.714136 * cr));
                    rgb[i + 2] = Clamp(yy + (1.772 * cb));
                }
            }
        }

        return rgb;
    }

    public static GrayImage DecodeJpegGray(byte[] jpeg)
    {
        using Image<L8> image = LoadJpeg<L8>(jpeg);
        byte[] pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return new GrayImage(image.Width, image.Height, pixels);
    }

    public static byte[] DecodeJpegRgb(byte[] jpeg, int columns, int rows)
    {
        using Image<Rgb24> image = LoadJpeg<Rgb24>(jpeg);
        if (image.Width != columns || image.Height != rows)
        {
            throw new UnsupportedPixelDataException("A JPEG frame does not match Rows and Columns (0028,0010/0011).");
        }

        byte[] pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static Image<TPixel> LoadJpeg<TPixel>(byte[] jpeg)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            return Image.Load<TPixel>(jpeg);
        }
        catch (Exception ex) when (ex is ImageFormatException or UnknownImageFormatException or NotSupportedException or InvalidOperationException)
        {
            throw new UnsupportedPixelDataException("A JPEG frame cannot be decoded for display.", ex);
        }
    }

    public static byte Luminance(byte r, byte g, byte b) => (byte)(((299 * r) + (587 * g) + (114 * b) + 500) / 1000);

    private static void RenderMonochrome(PixelDescription d, byte[] frame, DicomDataset ds, byte[] gray)
    {
        double slope = FirstDecimal(ds, DicomTags.RescaleSlope) ?? 1.0;
        double intercept = FirstDecimal(ds, DicomTags.RescaleIntercept) ?? 0.0;
        if (slope == 0 || double.IsNaN(slope) || double.IsInfinity(slope))
        {
            slope = 1.0;
        }

        int n = gray.Length;
        double[] values = new double[n];
        double min = double.MaxValue, max = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            // One sample per pixel: the sample index is the pixel index.
            uint raw = SampleLayout.Read(frame, i, d.BitsAllocated);
            double v = (SampleLayout.StoredValue(d, raw) * slope) + intercept;
            values[i] = v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        double? center = FirstDecimal(ds, DicomTags.WindowCenter);
        double? width = FirstDecimal(ds, DicomTags.WindowWidth);
        bool invert = d.PhotometricInterpretation == "MONOCHROME1";
        if (center is double c && width is double ww && ww >= 1)
        {
            // PS3.3 C.11.2.1.2.1 linear VOI function.
            double lo = c - 0.5 - ((ww - 1) / 2), hi = c - 0.5 + ((ww - 1) / 2);
            for (int i = 0; i < n; i++)
            {
                double v = values[i];
                double g = v <= lo ? 0 : v > hi ? 255 : (((v - (c - 0.5)) / (ww - 1)) + 0.5) * 255;
                gray[i] = Finish(g, invert);
            }

            return;
        }

        double range = max - min;
        for (int i = 0; i < n; i++)
        {
            double g = range > 0 ? (values[i] - min) * 255.0 / range : 0;
            gray[i] = Finish(g, invert);
        }
    }

    private static byte Finish(double g, bool invert)
    {
        byte b = Clamp(g);
        return invert ? (byte)(255 - b) : b;
    }

    private static byte Clamp(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)Math.Round(v);

    /// <summary>An unsigned stored colour sample scaled to 8 bits.</summary>
    private static byte To8Bit(PixelDescription d, uint raw)
    {
        long v = SampleLayout.StoredValue(d, raw);
        if (d.IsSigned)
        {
            v += 1L << (d.BitsStored - 1);
        }

        int bs = d.BitsStored;
        if (bs == 8)
        {
            return (byte)Math.Min(255, Math.Max(0, v));
        }

        return bs > 8 ? (byte)((ulong)v >> (bs - 8)) : (byte)(v * 255 / ((1 << bs) - 1));
    }

    private static double? FirstDecimal(DicomDataset ds, DicomTag tag)
    {
        string[] values = ds.GetStrings(tag);
        return values.Length > 0 && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v) && !double.IsInfinity(v) ? v : null;
    }
}
