// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Blacks out rectangles of a baseline JPEG (PS3.5 1.2.840.10008.1.2.4.50) in the DCT domain.
/// Every 8x8 block outside the rectangles keeps its exact quantized coefficients (no generation loss).
/// </summary>
/// <remarks>
/// The codestream is decoded to quantized coefficients; every block whose 8x8 area (in that component's sampled
/// coordinates) intersects a rectangle becomes flat black (AC = 0; DC giving sample 0, or 128 for chroma); when a
/// rectangle reaches the right or bottom edge of the image, the padding blocks beyond it are blacked out too (encoders
/// fill them by replicating edge pixels). The scans are re-encoded with DC prediction recomputed, restart markers at the
/// same interval, and the same Huffman tables; only when a needed symbol has no code there, optimal tables (T.81 K.2) are
/// built from the new symbol counts and replace that table in its DHT segment (or, when the table was defined before an
/// earlier scan, in a DHT segment inserted before this scan). All other segments (APPn, COM, DQT, DHT...) are copied unchanged;
/// bytes after EOI are dropped. Handles SOF0 and SOF1 (8-bit, and 12-bit for JPEG Extended process 4), 1 or 3 components, any sampling factors, interleaved or
/// not, DRI/RSTn. Progressive, lossless, hierarchical, arithmetic and 12-bit baseline (SOF0) codestreams raise
/// <see cref="NotSupportedException"/>; malformed data raises <see cref="JpegFormatException"/>.
/// </remarks>
/// <threadsafety>Stateless; safe to call from several threads on different inputs.</threadsafety>
internal static class JpegBaselineRedactor
{
    /// <summary>Returns a new JPEG codestream with every block that intersects a rectangle set to black.</summary>
    public static byte[] Redact(byte[] jpeg, IReadOnlyList<PixelRect> rectangles) => RedactWithReport(jpeg, rectangles, JpegColorModel.Auto).Data;

    /// <summary>As <see cref="Redact(byte[], IReadOnlyList{PixelRect})"/>, with the colour model forced or detected, and a report of what changed.</summary>
    public static JpegRedactionResult RedactWithReport(byte[] jpeg, IReadOnlyList<PixelRect> rectangles, JpegColorModel colorModel)
    {
        if (jpeg is null)
        {
            throw new ArgumentNullException(nameof(jpeg));
        }

        if (rectangles is null)
        {
            throw new ArgumentNullException(nameof(rectangles));
        }

        int changed = 0;
        var clipped = new List<PixelRect>();
        bool allLuma = false;
        byte[] output = JpegCodestream.Transcode(
            jpeg,
            frame =>
            {
                foreach (PixelRect r in rectangles)
                {
                    PixelRect c = r.ClipTo(frame.Width, frame.Height);
                    if (c.Width > 0 && c.Height > 0)
                    {
                        clipped.Add(c);
                    }
                }

                allLuma = frame.Components.Length == 1 || IsRgb(frame, colorModel);
            },
            (frame, scan) =>
            {
                foreach (JpegFrameComponent c in scan.Components)
                {
                    changed += Blacken(frame, scan, c, clipped, allLuma || c.Index == 0);
                }
            },
            out JpegCodestream stream);

        if (changed == 0)
        {
            output = (byte[])jpeg.Clone();
        }

        return new JpegRedactionResult(output, changed, changed != 0 && stream.TablesRebuilt, stream.Width, stream.Height);
    }

    private static bool IsRgb(JpegCodestream frame, JpegColorModel model)
    {
        if (model != JpegColorModel.Auto)
        {
            return model == JpegColorModel.Rgb;
        }

        if (frame.HasAdobe)
        {
            return frame.AdobeTransform == 0;
        }

        if (frame.HasJfif)
        {
            return false;
        }

        JpegFrameComponent[] c = frame.Components;
        return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B';
    }

    /// <summary>
    /// The quantized DC value of a block of samples that are all 0 (or below, which clamps to 0): floor(-8 * 2^(P-1) / Q0),
    /// i.e. floor(-1024 / Q0) for 8-bit and floor(-16384 / Q0) for 12-bit samples.
    /// </summary>
    internal static short BlackDc(int q0, int precision = 8)
    {
        if (q0 <= 0)
        {
            throw new JpegFormatException("Quantization table has a DC step of 0.", -1);
        }

        int level = 8 << (precision - 1);
        return (short)-((level + q0 - 1) / q0);
    }

    private static int Blacken(JpegCodestream frame, JpegScan scan, JpegFrameComponent c, List<PixelRect> rects, bool luma)
    {
        if (rects.Count == 0)
        {
            return 0;
        }

        short dc = luma ? BlackDc(c.QuantTable![0], frame.Precision) : (short)0;

        // Blocks this scan codes: whole MCUs when interleaved, just the component's area when not.
        int blocksWide = scan.Components.Length == 1 ? (c.Width + 7) / 8 : c.BlocksPerLine;
        int blocksHigh = scan.Components.Length == 1 ? (c.Height + 7) / 8 : c.BlockRows;
        short[] coefficients = c.Coefficients;
        int changed = 0;
        foreach (PixelRect r in rects)
        {
            // Map to component samples (box sampling: full-resolution x covers component x * H / Hmax).
            long x0 = (long)r.X * c.H / frame.MaxH;
            long y0 = (long)r.Y * c.V / frame.MaxV;
            long x1 = r.Right >= frame.Width ? long.MaxValue : (((long)r.Right * c.H) + frame.MaxH - 1) / frame.MaxH;
            long y1 = r.Bottom >= frame.Height ? long.MaxValue : (((long)r.Bottom * c.V) + frame.MaxV - 1) / frame.MaxV;
            int bx0 = (int)(x0 / 8);
            int by0 = (int)(y0 / 8);
            int bx1 = (int)Math.Min(blocksWide, x1 == long.MaxValue ? blocksWide : (x1 + 7) / 8);
            int by1 = (int)Math.Min(blocksHigh, y1 == long.MaxValue ? blocksHigh : (y1 + 7) / 8);
            for (int by = by0; by < by1; by++)
            {
                for (int bx = bx0; bx < bx1; bx++)
                {
                    int offset = ((by * c.BlocksPerLine) + bx) * 64;
                    if (IsBlack(coefficients, offset, dc))
                    {
                        continue;
                    }

                    coefficients[offset] = dc;
                    Array.Clear(coefficients, offset + 1, 63);
                    changed++;
                }
            }
        }

        return changed;
    }

    private static bool IsBlack(short[] coefficients, int offset, short dc)
    {
        if (coefficients[offset] != dc)
        {
            return false;
        }

        for (int k = 1; k < 64; k++)
        {
            if (coefficients[offset + k] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
