// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, item 2: a dark header bar across the top of the frame (exam clip seed 5000, every frame) is itself ink
/// against the black surround. With its text blacked out, the bar touched the boxes and was reported as "ink cut by a
/// blacked-out box" (640x28) though no text was left. What is drawn on a bar is judged against the bar's own grey.
/// </summary>
public sealed class RecheckHeaderBarTests
{
    private const int Width = 640;
    private const int Bar = 28;
    private const byte BarGrey = 60;

    [Theory]
    [InlineData(nameof(RedactionTarget.AllText))]
    [InlineData(nameof(RedactionTarget.PhiOnly))]
    public void DarkBarWithEveryLineBlackedOut_NoFinding(string targetName)
    {
        (byte[] px, List<PixelRect> lines) = Frame();
        List<PixelRect> blacked = lines.Select(l => RectangleMath.Pad(l, 3).ClipTo(Width, 200)).ToList();
        Fill(px, blacked, 0);

        List<RecheckFinding> findings = new TextRecheck(null, Enum.Parse<RedactionTarget>(targetName), Array.Empty<PixelRect>()).Check(0, new GrayImage(Width, 200, px), blacked);

        Assert.True(findings.Count == 0, string.Join("; ", findings.Select(f => f.Evidence + " " + f.Box)));
    }

    [Fact]
    public void DarkBar_ALineLeft_IsNamed()
    {
        (byte[] px, List<PixelRect> lines) = Frame();
        List<PixelRect> blacked = lines.Skip(1).Select(l => RectangleMath.Pad(l, 3).ClipTo(Width, 200)).ToList();
        Fill(px, blacked, 0);

        List<RecheckFinding> findings = new TextRecheck(null, RedactionTarget.AllText, Array.Empty<PixelRect>()).Check(0, new GrayImage(Width, 200, px), blacked);

        Assert.Contains(findings, f => RectangleMath.Intersects(f.Box, lines[0]) && f.Box.Width < Width / 2);
    }

    [Fact]
    public void DarkBar_ABoxCuttingALine_TheRestIsNamed()
    {
        (byte[] px, List<PixelRect> lines) = Frame();
        PixelRect half = new(lines[1].X, lines[1].Y - 3, lines[1].Width / 2, lines[1].Height + 6);
        List<PixelRect> blacked = lines.Where(l => l != lines[1]).Select(l => RectangleMath.Pad(l, 3).ClipTo(Width, 200)).Append(half).ToList();
        Fill(px, blacked, 0);

        List<RecheckFinding> findings = new TextRecheck(null, RedactionTarget.AllText, Array.Empty<PixelRect>()).Check(0, new GrayImage(Width, 200, px), blacked);

        var rest = new PixelRect(half.Right, lines[1].Y, lines[1].Right - half.Right, lines[1].Height);
        Assert.Contains(findings, f => RectangleMath.Intersects(f.Box, rest) && f.Box.Width < Width / 2);
    }

    /// <summary>A black frame with a grey bar across its top, three white lines of text on the bar; the lines' boxes.</summary>
    private static (byte[] Pixels, List<PixelRect> Lines) Frame()
    {
        byte[] px = new byte[Width * 200];
        Fill(px, new[] { new PixelRect(0, 0, Width, Bar) }, BarGrey);
        var lines = new List<PixelRect>();
        foreach ((string text, int x) in new[] { ("KOWALSKI ANNA", 20), ("ID 4471920", 260), ("12:41:07", 480) })
        {
            GrayTextImage glyphs = TextImageRenderer.Render(Width, 200, new Background(0), new[] { new TextSpec(text, x, 7, 14, true) });
            int x0 = Width, y0 = 200, x1 = -1, y1 = -1;
            for (int i = 0; i < px.Length; i++)
            {
                if (glyphs.Pixels[i] >= 128)
                {
                    px[i] = 255;
                    x0 = Math.Min(x0, i % Width);
                    y0 = Math.Min(y0, i / Width);
                    x1 = Math.Max(x1, i % Width);
                    y1 = Math.Max(y1, i / Width);
                }
            }

            lines.Add(new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
        }

        return (px, lines);
    }

    private static void Fill(byte[] px, IEnumerable<PixelRect> rects, byte value)
    {
        foreach (PixelRect r in rects)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = r.X; x < r.Right; x++)
                {
                    px[(y * Width) + x] = value;
                }
            }
        }
    }
}
