// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Carries the boxes found in at least half the frames of a clip to the other frames that show the same pixels there.
/// Static text (a birth date, a name) is found in most frames of a clip, but the speckle under and around it changes
/// from frame to frame, and the detector can miss it in one frame it found in the next: the same pixels at the same
/// place are the same text, so they get the same decision. A box found in fewer frames is not carried: speckle
/// changes slowly between frames, so a detection on it would pass the pixel test and be copied to every frame. A ticking clock whose seconds changed still looks alike (a digit or
/// two of the box), so it is carried too; a place whose text is gone (black where there was ink) is not.
/// </summary>
internal static class StaticTextCarry
{
    /// <summary>
    /// Mean absolute grey difference over the box under which two frames show the same content there: JPEG noise
    /// and slowly changing speckle stay under it, a line of text that appeared or went away (ink at full contrast
    /// over a fifth of the box or more) does not.
    /// </summary>
    public const int MaxMeanDifference = 12;

    /// <summary>Grey difference under which an ink pixel of the source frame still counts as the same ink (JPEG ringing).</summary>
    public const int InkTolerance = 24;

    /// <summary>
    /// Share of the source frame's ink pixels (the bright half of the box's range above its median) that must be
    /// unchanged when the background under the text moves (so the whole-box difference is large).
    /// </summary>
    public const double MinInkKept = 0.92;

    /// <summary>Least contrast (ink above the box's median grey) for the ink test: without it the box has no ink to follow.</summary>
    public const int MinInkContrast = 48;

    /// <summary>
    /// Adds to each frame's boxes those of other frames whose pixels are the same in it (within codec noise).
    /// </summary>
    /// <param name="boxes">Per frame, the boxes to black out (clipped to the frame); changed in place.</param>
    /// <param name="image">The frame as grey (called at most twice per frame; frames are not kept).</param>
    /// <returns>How many boxes were carried.</returns>
    public static int Carry(List<PixelRect>[] boxes, Func<int, GrayImage> image)
    {
        if (boxes is null || image is null || boxes.Length < 2)
        {
            return 0;
        }

        int n = boxes.Length;

        // One source per distinct box: where it was first found, with its pixels there.
        var sources = new List<(PixelRect Box, int Frame, byte[] Pixels)>();
        var seen = new HashSet<PixelRect>();
        for (int i = 0; i < n; i++)
        {
            GrayImage? frame = null;
            foreach (PixelRect b in boxes[i])
            {
                if (b.Width <= 0 || b.Height <= 0 || !seen.Add(b) || !NeededElsewhere(boxes, i, b) || FoundIn(boxes, b) * 2 < n)
                {
                    continue;
                }

                frame ??= image(i);
                sources.Add((b, i, Copy(frame, b)));
            }
        }

        int carried = 0;
        for (int j = 0; j < n && sources.Count > 0; j++)
        {
            GrayImage? frame = null;
            var added = new List<PixelRect>();
            foreach ((PixelRect box, int from, byte[] pixels) in sources)
            {
                if (from == j || Covered(boxes[j], box))
                {
                    continue;
                }

                frame ??= image(j);
                if (Same(pixels, frame, box))
                {
                    added.Add(box);
                }
            }

            boxes[j].AddRange(added);
            carried += added.Count;
        }

        return carried;
    }

    /// <summary>Whether the pixels of <paramref name="box"/> in <paramref name="frame"/> are those of <paramref name="source"/>.</summary>
    internal static bool Same(byte[] source, GrayImage frame, PixelRect box)
    {
        if (box.X < 0 || box.Y < 0 || box.Right > frame.Width || box.Bottom > frame.Height || source.Length != box.Area)
        {
            return false;
        }

        long diff = 0;
        int[] histogram = new int[256];
        for (int y = 0, k = 0; y < box.Height; y++)
        {
            int row = ((box.Y + y) * frame.Width) + box.X;
            for (int x = 0; x < box.Width; x++, k++)
            {
                diff += Math.Abs(source[k] - frame.Pixels[row + x]);
                histogram[source[k]]++;
            }
        }

        if (diff <= (long)MaxMeanDifference * source.Length)
        {
            return true;
        }

        // The background moved (speckle under the text): follow the ink alone.
        int median = Percentile(histogram, source.Length / 2), max = Percentile(histogram, source.Length - 1);
        if (max - median < MinInkContrast)
        {
            return false;
        }

        int threshold = median + ((max - median) / 2);
        int ink = 0, kept = 0;
        for (int y = 0, k = 0; y < box.Height; y++)
        {
            int row = ((box.Y + y) * frame.Width) + box.X;
            for (int x = 0; x < box.Width; x++, k++)
            {
                if (source[k] >= threshold)
                {
                    ink++;
                    kept += Math.Abs(source[k] - frame.Pixels[row + x]) <= InkTolerance ? 1 : 0;
                }
            }
        }

        return ink > 0 && kept >= MinInkKept * ink;
    }

    /// <summary>
    /// Frames with a box over most of <paramref name="box"/>. Static text is found in most frames of its clip; a
    /// detection on speckle found in one frame is not copied to the others, whose speckle may look just the same.
    /// </summary>
    private static int FoundIn(List<PixelRect>[] boxes, PixelRect box)
    {
        int count = 0;
        foreach (List<PixelRect> frame in boxes)
        {
            long covered = 0;
            foreach (PixelRect b in frame)
            {
                covered = Math.Max(covered, RectangleMath.IntersectionArea(b, box));
            }

            count += covered * 2 >= box.Area ? 1 : 0;
        }

        return count;
    }

    /// <summary>Whether some frame other than <paramref name="frame"/> lacks a box holding <paramref name="box"/>.</summary>
    private static bool NeededElsewhere(List<PixelRect>[] boxes, int frame, PixelRect box)
    {
        for (int j = 0; j < boxes.Length; j++)
        {
            if (j != frame && !Covered(boxes[j], box))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covered(List<PixelRect> boxes, PixelRect box)
    {
        foreach (PixelRect b in boxes)
        {
            if (b.X <= box.X && b.Y <= box.Y && b.Right >= box.Right && b.Bottom >= box.Bottom)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Copy(GrayImage frame, PixelRect box)
    {
        byte[] pixels = new byte[checked((int)box.Area)];
        for (int y = 0; y < box.Height; y++)
        {
            Array.Copy(frame.Pixels, ((box.Y + y) * frame.Width) + box.X, pixels, y * box.Width, box.Width);
        }

        return pixels;
    }

    /// <summary>The grey level below which <paramref name="rank"/> pixels lie (0-based rank).</summary>
    private static int Percentile(int[] histogram, int rank)
    {
        int seen = 0;
        for (int v = 0; v < histogram.Length; v++)
        {
            seen += histogram[v];
            if (seen > rank)
            {
                return v;
            }
        }

        return histogram.Length - 1;
    }
}
