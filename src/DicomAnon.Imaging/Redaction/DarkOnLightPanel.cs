// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Black top-hat restricted to light, flat panels (a patient banner, a light label box): dark text there stands out
/// from a background that is one grey level, whereas the dark holes of an ultrasound sector's bright speckle sit on a
/// background that peaks and falls. Elsewhere the contrast is zero, so speckle neither becomes dark text nor raises
/// the frame's threshold above a low-contrast banner's (dark grey on light grey).
/// </summary>
internal static class DarkOnLightPanel
{
    /// <summary>Least background level (after closing the strokes) that counts as a light panel.</summary>
    public const int MinPanelLevel = 140;

    /// <summary>Grey levels from the closed background within which a pixel is the panel's own flat colour.</summary>
    public const int FlatTolerance = 12;

    /// <summary>
    /// Least share of a <see cref="TextCandidateFinder.Window"/>-wide neighbourhood that is bare light panel: text
    /// leaves much of its panel bare (even a small box 12 px tall holds a third of the window); speckle touches its
    /// local maximum only at its peaks.
    /// </summary>
    public const double MinFlatShare = 0.3;

    /// <summary>How much each pixel is darker than its closed neighbourhood, where that neighbourhood is a light flat panel; 0 elsewhere.</summary>
    public static byte[] Contrast(byte[] pixels, int width, int height)
    {
        if (pixels is null)
        {
            throw new ArgumentNullException(nameof(pixels));
        }

        int r = TextCandidateFinder.Window / 2;
        byte[] a = new byte[pixels.Length];
        byte[] closed = new byte[pixels.Length];
        byte[] g = new byte[(height + (2 * r)) * width];
        byte[] h = new byte[g.Length];

        // Closing = erode(dilate(I)): the background with the dark strokes filled in.
        TextCandidateFinder.Rows(pixels, a, width, height, r, max: true, g, h);
        TextCandidateFinder.Columns(a, closed, width, height, r, max: true, g, h);
        TextCandidateFinder.Rows(closed, a, width, height, r, max: false, g, h);
        TextCandidateFinder.Columns(a, closed, width, height, r, max: false, g, h);

        // Integral image of "light, and at the background's own level": the bare panel. The flat black around a
        // sector does not count, or the speckle at the sector's edge would pass for a panel.
        int stride = width + 1;
        int[] sum = new int[stride * (height + 1)];
        for (int y = 0; y < height; y++)
        {
            int row = 0;
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                row += closed[i] >= MinPanelLevel && Math.Abs(pixels[i] - closed[i]) <= FlatTolerance ? 1 : 0;
                sum[((y + 1) * stride) + x + 1] = sum[(y * stride) + x + 1] + row;
            }
        }

        byte[] contrast = new byte[pixels.Length];
        for (int y = 0; y < height; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(height, y + r + 1);
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                int d = closed[i] - pixels[i];
                if (closed[i] < MinPanelLevel || d <= 0)
                {
                    continue;
                }

                int x0 = Math.Max(0, x - r), x1 = Math.Min(width, x + r + 1);
                int flat = sum[(y1 * stride) + x1] - sum[(y0 * stride) + x1] - sum[(y1 * stride) + x0] + sum[(y0 * stride) + x0];
                int area = (y1 - y0) * (x1 - x0);
                if (flat >= area * MinFlatShare)
                {
                    contrast[i] = (byte)d;
                }
            }
        }

        return contrast;
    }
}
