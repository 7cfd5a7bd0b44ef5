// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, precision in the sector: a line of text that touches a bright specular reflector takes the reflector
/// along (it is as bright as the ink), and its blackout ran along the reflector far past the letters (exam seed
/// 21001: boxes of 300-600 px for 100 px of text). Only the spans of the line that hold letter stems are its box.
/// </summary>
public sealed class InkSpansTests
{
    [Fact]
    public void Find_LettersOnALongThinTrack_CutsTheTrackHalfALetterHeightPastTheLetters()
    {
        // Crop 200x30 at (100, 50); letters (stems 12 rows tall) from x=120 to 160; a 3-row track from 100 to 300: the
        // short track before the letters stays (a letter without a stem may be there), the long one after is cut.
        var crop = new PixelRect(100, 50, 200, 30);
        byte[] ink = Blank(crop);
        Fill(ink, crop, 100, 64, 200, 3);
        for (int x = 120; x < 160; x += 6)
        {
            Fill(ink, crop, x, 58, 2, 12);
        }

        List<PixelRect> spans = InkSpans.Find(new PixelRect(100, 58, 200, 12), crop, ink, 12);

        PixelRect span = Assert.Single(spans);
        Assert.Equal(new PixelRect(100, 58, 64, 12), span);
    }

    [Fact]
    public void Find_TwoWordsFarApartOnOneTrack_AreTwoSpans()
    {
        var crop = new PixelRect(0, 0, 400, 20);
        byte[] ink = Blank(crop);
        Fill(ink, crop, 0, 9, 400, 2);
        Fill(ink, crop, 10, 2, 2, 10);
        Fill(ink, crop, 300, 2, 2, 10);

        List<PixelRect> spans = InkSpans.Find(new PixelRect(0, 2, 400, 10), crop, ink, 10);

        Assert.Equal(2, spans.Count);
        Assert.True(spans[0].Right <= 20 && spans[1].X >= 290, "the track between the words is no span");
    }

    [Fact]
    public void Find_WordSpacesWithinOneLine_StayOneSpan()
    {
        // Word spaces and a double monospace space (under two letter heights) do not split a line.
        var crop = new PixelRect(0, 0, 200, 20);
        byte[] ink = Blank(crop);
        foreach (int x in new[] { 10, 16, 22, 40, 46, 68, 74 })
        {
            Fill(ink, crop, x, 2, 2, 10);
        }

        Assert.Single(InkSpans.Find(new PixelRect(0, 2, 200, 10), crop, ink, 10));
    }

    [Fact]
    public void Find_NoStems_KeepsTheBox()
    {
        var crop = new PixelRect(0, 0, 100, 20);
        byte[] ink = Blank(crop);
        Fill(ink, crop, 0, 8, 100, 2);
        var box = new PixelRect(0, 4, 100, 10);

        Assert.Equal(box, Assert.Single(InkSpans.Find(box, crop, ink, 10)));
    }

    /// <summary>
    /// A white 24 px date laid across a long bright specular ridge in the sector: the top-hat chains the date with
    /// the ridge. Its blackout boxes (word box and line box, as the remover takes them) must end within a letter
    /// height of the date on both sides, and still cover it.
    /// </summary>
    [Fact]
    public void Detect_DateAcrossASpecularLine_BoxEndsNearTheDate()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (GrayImage image, PixelRect text) = DateAcrossLine();
        using TesseractTextFinder finder = TesseractTextFinder.Create(null, null);

        List<TextWord> words = finder.Detect(image, Array.Empty<PixelRect>()).Where(w => !w.Unconfirmed && RectangleMath.Intersects(w.Box, text)).ToList();

        Assert.NotEmpty(words);
        List<PixelRect> boxes = words.Select(w => w.LineBox.Width > 0 ? RectangleMath.Union(w.Box, w.LineBox) : w.Box).ToList();
        PixelRect all = boxes.Aggregate(RectangleMath.Union);
        Assert.True(all.X <= text.X + 1 && all.Right >= text.Right - 1, $"the date {text} is not covered by {all}");
        string seen = string.Join("; ", TextCandidateFinder.Find(image).Select(c => FormattableString.Invariant($"{c.Box} h={c.TextHeight} noisy={c.NoisyBackground}")));
        Assert.True(all.X >= text.X - text.Height && all.Right <= text.Right + text.Height, $"the blackout {all} runs along the ridge past the date {text}; candidates: {seen}");
    }

    /// <summary>
    /// Two overlays on one faint ridge, far apart (exam seed 21001, us_19: a date and an ID joined by the ridge into
    /// one candidate that OCR read as nothing): each is read on its own and blacked out.
    /// </summary>
    [Fact]
    public void Detect_TwoOverlaysJoinedByARidge_AreBothFound()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        (GrayImage image, PixelRect[] texts) = Ridge(new[] { "07/06/2023", "55837422" }, new[] { -150, 60 }, 16, 200, 90);
        using TesseractTextFinder finder = TesseractTextFinder.Create(null, null);

        List<TextWord> words = finder.Detect(image, Array.Empty<PixelRect>()).Where(w => !w.Unconfirmed).ToList();

        string seen = string.Join("; ", TextCandidateFinder.Find(image).Select(c => FormattableString.Invariant($"{c.Box} h={c.TextHeight} noisy={c.NoisyBackground}")))
            + " | words: " + string.Join("; ", words.Select(w => FormattableString.Invariant($"'{w.Text}' {w.Box} {w.LineBox}")));
        foreach (PixelRect text in texts)
        {
            Assert.True(words.Any(w => Covers(w.LineBox.Width > 0 ? RectangleMath.Union(w.Box, w.LineBox) : w.Box, text)), $"the overlay at {text} is not found; candidates: {seen}");
        }
    }

    private static bool Covers(PixelRect outer, PixelRect inner) =>
        outer.X <= inner.X && outer.Y <= inner.Y && outer.Right >= inner.Right && outer.Bottom >= inner.Bottom;

    /// <summary>A tuning scene's speckle with a gently sloping ridge (peak <paramref name="ridge"/> levels above the speckle) and the texts laid on it at the offsets from the sector's middle.</summary>
    private static (GrayImage Image, PixelRect[] Texts) Ridge(string[] texts, int[] offsets, int size, int ink, int ridge)
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1005, 640, 480, 1005, UltrasoundSceneGenerator.TuningFaces);
        byte[] px = UltrasoundSceneGenerator.Luma(scene);
        int w = scene.Width, h = scene.Height, cx = scene.SectorBox.X + (scene.SectorBox.Width / 2), cy = scene.SectorBox.Y + (scene.SectorBox.Height / 2);
        for (int y = 0; y < h; y++)
        {
            for (int x = cx - 200; x <= cx + 200; x++)
            {
                int i = (y * w) + x;
                double d = y - (cy + (0.02 * (x - cx)));
                if (scene.Sector[i] && Math.Abs(d) < 8)
                {
                    px[i] = (byte)Math.Min(255, px[i] + (ridge * Math.Exp(-(d * d) / (2 * 1.6 * 1.6))));
                }
            }
        }

        string face = System.IO.Path.Combine(UltrasoundSceneGenerator.FontFolder, "DejaVuSans.ttf");
        var boxes = new PixelRect[texts.Length];
        for (int t = 0; t < texts.Length; t++)
        {
            byte[] cover = UltrasoundSceneGenerator.LineCoverage(w, h, texts[t], face, size, cx + offsets[t], cy - (size / 2) - 2, out PixelBox box);
            for (int i = 0; i < px.Length; i++)
            {
                px[i] = (byte)(((px[i] * (255 - cover[i])) + (ink * cover[i]) + 127) / 255);
            }

            boxes[t] = new PixelRect(box.X, box.Y, box.Width, box.Height);
        }

        return (new GrayImage(w, h, px), boxes);
    }

    private static (GrayImage Image, PixelRect Text) DateAcrossLine()
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1003, 640, 480, 1003, UltrasoundSceneGenerator.TuningFaces);
        byte[] px = UltrasoundSceneGenerator.Luma(scene);
        int w = scene.Width, h = scene.Height, cx = scene.SectorBox.X + (scene.SectorBox.Width / 2), cy = scene.SectorBox.Y + (scene.SectorBox.Height / 2);
        for (int y = 0; y < h; y++)
        {
            for (int x = cx - 180; x <= cx + 180; x++)
            {
                int i = (y * w) + x;
                double d = y - (cy + (0.03 * (x - cx)));
                if (scene.Sector[i] && Math.Abs(d) < 8)
                {
                    px[i] = (byte)Math.Min(255, px[i] + (220 * Math.Exp(-(d * d) / (2 * 1.8 * 1.8))));
                }
            }
        }

        string face = System.IO.Path.Combine(UltrasoundSceneGenerator.FontFolder, "DejaVuSans.ttf");
        byte[] cover = UltrasoundSceneGenerator.LineCoverage(w, h, "17/08/2015", face, 24, cx - 60, cy - 14, out PixelBox box);
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = (byte)(((px[i] * (255 - cover[i])) + (240 * cover[i]) + 127) / 255);
        }

        return (new GrayImage(w, h, px), new PixelRect(box.X, box.Y, box.Width, box.Height));
    }

    private static byte[] Blank(PixelRect crop) => Enumerable.Repeat((byte)255, crop.Width * crop.Height).ToArray();

    private static void Fill(byte[] ink, PixelRect crop, int x0, int y0, int width, int height)
    {
        for (int y = y0; y < y0 + height; y++)
        {
            for (int x = x0; x < x0 + width; x++)
            {
                ink[((y - crop.Y) * crop.Width) + (x - crop.X)] = 0;
            }
        }
    }
}
