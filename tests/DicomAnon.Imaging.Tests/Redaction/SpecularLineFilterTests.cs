// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class SpecularLineFilterTests
{
    /// <summary>
    /// Words whose letters often touch and whose columns cross the ink once (V, W, A, 7, L, T) or hold a single bar.
    /// (A run of tildes is a thin wave and is taken for a line: no identifier is written that way.)
    /// </summary>
    private static readonly string[] Words = { "WANDA", "VVV", "www", "AVAW", "7777", "LLL", "TTT", "Tanaka", "KOWALSKI", "Yusuf", "vwxy", "1111", "rnrn", "MVW", "----", "____" };

    public static TheoryData<int> Sizes => new() { 9, 10, 11, 12, 14, 16, 20, 24, 32 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void IsThinTrack_NoLetterGroupOfATuningFace_IsALine(int size)
    {
        var failures = new List<string>();
        foreach (string face in UltrasoundSceneGenerator.WideTuningFaces)
        {
            foreach (string word in Words)
            {
                const int W = 700, H = 80;
                byte[] cover = UltrasoundSceneGenerator.LineCoverage(W, H, word, face, size, 10, 10, out PixelBox box);
                if (box.Width == 0)
                {
                    continue;
                }

                // Every connected piece of ink (letters that touch are one) of character height, as the candidate
                // finder sees them, alone and chained into a line.
                (int[] label, List<(int X0, int Y0, int X1, int Y1)> pieces, List<int> counts) = Components(cover, W, H, 64);
                var chained = new HashSet<int>();
                for (int i = 0; i < pieces.Count; i++)
                {
                    (int x0, int y0, int x1, int y1) = pieces[i];
                    if (y1 - y0 + 1 < TextCandidateFinder.MinCharHeight || counts[i] * 10 >= (x1 - x0 + 1) * (y1 - y0 + 1) * 9)
                    {
                        continue; // a dash or an underscore (thin or solid): never a character, never chained
                    }

                    chained.Add(i);
                    if (SpecularLineFilter.IsThinTrack(label, new HashSet<int> { i }, W, x0, y0, x1, y1))
                    {
                        failures.Add($"{face} '{word}' piece {i}");
                    }
                }

                if (chained.Count > 1)
                {
                    int cx0 = chained.Min(i => pieces[i].X0), cy0 = chained.Min(i => pieces[i].Y0), cx1 = chained.Max(i => pieces[i].X1), cy1 = chained.Max(i => pieces[i].Y1);
                    if (SpecularLineFilter.IsThinTrack(label, chained, W, cx0, cy0, cx1, cy1))
                    {
                        failures.Add($"{face} '{word}' whole");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Theory]
    [InlineData(0.08, 0.0, 2.0)]
    [InlineData(0.18, 0.0, 1.5)]
    [InlineData(-0.3, 0.0, 2.5)]
    [InlineData(0.1, 0.0008, 2.0)]
    [InlineData(0.05, -0.0006, 1.2)]
    public void IsThinTrack_AReflectorStroke_IsALine(double slope, double curve, double thickness)
    {
        const int W = 300, H = 200;
        byte[] cover = new byte[W * H];
        Reflector(cover, W, H, 40, 260, 100, slope, curve, thickness, 255);
        (int[] label, List<(int X0, int Y0, int X1, int Y1)> pieces, _) = Components(cover, W, H, 64);

        (int x0, int y0, int x1, int y1) = Assert.Single(pieces);
        Assert.True(SpecularLineFilter.IsThinTrack(label, new HashSet<int> { 0 }, W, x0, y0, x1, y1));
    }

    [Theory]
    [InlineData(11, 0.18)]
    [InlineData(12, -0.3)]
    [InlineData(13, 0.06)]
    [InlineData(14, 0.25)]
    public void Find_ReflectorInSpeckleBesideALabel_LineGetsNoBoxLabelDoes(int seed, double slope)
    {
        const int W = 480, H = 240, SectorX = 150;
        var rng = new Random(seed);

        // A sector of blurred Rayleigh speckle right of a black panel, with a bright thin reflector that starts at
        // the sector's edge on the band of a label drawn on the panel.
        double[] plane = new double[W * H];
        for (int i = 0; i < plane.Length; i++)
        {
            plane[i] = 40 * Math.Sqrt(-2 * Math.Log(Math.Max(1e-9, rng.NextDouble())));
        }

        byte[] px = new byte[W * H];
        for (int y = 1; y < H - 1; y++)
        {
            for (int x = SectorX; x < W - 1; x++)
            {
                double sum = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        sum += plane[((y + dy) * W) + x + dx];
                    }
                }

                px[(y * W) + x] = (byte)Math.Min(255, sum / 9 * 1.2);
            }
        }

        byte[] line = new byte[W * H];
        Reflector(line, W, H, SectorX, W - 20, 60, slope, 0, 1.8, 255); // meets the sector's edge at y = 60
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = Math.Max(px[i], (byte)(line[i] * (0.75 + (0.25 * rng.NextDouble()))));
        }

        // The label: ink box ends 6 px before the sector, on the reflector's band.
        byte[] label = UltrasoundSceneGenerator.LineCoverage(W, H, "TIS 0.4", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16, 40, 52, out PixelBox labelBox);
        int shift = SectorX - 6 - labelBox.Right;
        label = UltrasoundSceneGenerator.LineCoverage(W, H, "TIS 0.4", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 16, 40 + shift, 52, out labelBox);
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = (byte)(((px[i] * (255 - label[i])) + (255 * label[i]) + 127) / 255);
        }

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(W, H, px));

        // The label is one candidate that covers its ink and did not grow along the reflector.
        TextLineCandidate? labelLine = found.SingleOrDefault(c => RectangleMath.Pad(c.Box, 1) is PixelRect p && p.X <= labelBox.X && p.Right >= labelBox.Right && p.Y <= labelBox.Y && p.Bottom >= labelBox.Bottom);
        Assert.NotNull(labelLine);
        Assert.True(labelLine!.Box.Right <= SectorX + 4, $"label box {labelLine.Box} grew along the reflector");

        // No candidate is built on the reflector: none holds more than a letter's worth of its pixels.
        foreach (TextLineCandidate c in found.Where(c => c != labelLine))
        {
            int on = 0;
            for (int y = c.Box.Y; y < c.Box.Bottom; y++)
            {
                for (int x = c.Box.X; x < c.Box.Right; x++)
                {
                    on += line[(y * W) + x] >= 128 ? 1 : 0;
                }
            }

            Assert.True(on <= 24, $"candidate {c.Box} holds {on} reflector pixels");
        }
    }

    /// <summary>Draws y = y0 + slope (x - x0) + curve (x - x0)^2 for x in x0..x1, Gaussian across (sigma <paramref name="thickness"/>), at most <paramref name="level"/>.</summary>
    private static void Reflector(byte[] cover, int w, int h, int x0, int x1, double y0, double slope, double curve, double thickness, int level)
    {
        for (int x = x0; x <= x1; x++)
        {
            double u = x - x0, centre = y0 + (slope * u) + (curve * u * u), local = slope + (2 * curve * u);
            double scale = Math.Sqrt(1 + (local * local));
            for (int y = Math.Max(0, (int)(centre - (4 * thickness * scale))); y <= Math.Min(h - 1, (int)(centre + (4 * thickness * scale))); y++)
            {
                double d = (y - centre) / scale;
                int v = (int)(level * Math.Exp(-(d * d) / (2 * thickness * thickness)));
                cover[(y * w) + x] = (byte)Math.Max(cover[(y * w) + x], v);
            }
        }
    }

    /// <summary>8-connected components of pixels at or above <paramref name="threshold"/>: the label image (index + 1), each box (inclusive) and pixel count.</summary>
    private static (int[] Label, List<(int X0, int Y0, int X1, int Y1)> Boxes, List<int> Counts) Components(byte[] cover, int w, int h, int threshold)
    {
        int[] label = new int[w * h];
        var boxes = new List<(int, int, int, int)>();
        var counts = new List<int>();
        var stack = new Stack<int>();
        for (int start = 0; start < cover.Length; start++)
        {
            if (cover[start] < threshold || label[start] != 0)
            {
                continue;
            }

            int id = boxes.Count + 1, x0 = w, y0 = h, x1 = -1, y1 = -1, n = 0;
            label[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop(), x = p % w, y = p / w;
                n++;
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h && cover[(ny * w) + nx] >= threshold && label[(ny * w) + nx] == 0)
                        {
                            label[(ny * w) + nx] = id;
                            stack.Push((ny * w) + nx);
                        }
                    }
                }
            }

            boxes.Add((x0, y0, x1, y1));
            counts.Add(n);
        }

        return (label, boxes, counts);
    }
}
