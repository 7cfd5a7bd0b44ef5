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
    /// A vouched line on speckle whose candidate took a reflector along (exam seed 21001, us_04: "1 L 4.26 cm" and
    /// 117 px of reflector, Tesseract's last word "ct" stretched over it): its blackout ends half a letter height
    /// past the letters, and the word read on the track is dropped.
    /// </summary>
    [Fact]
    public void LineWords_WordStretchedOverTheTrack_EndsNearTheLetters()
    {
        TextLineCandidate line = OnTrack(new[] { (110, 170) });
        var read = new List<DicomAnon.Ocr.OcrWord> { new("SMITH", 90, 18, 10, 64, 18), new("ct", 85, 90, 10, 210, 18) };

        List<TextWord> words = TesseractTextFinder.LineWords(line, read, 0, out PixelRect extent);

        PixelRect all = words.Select(w => RectangleMath.Union(w.Box, w.LineBox)).Aggregate(RectangleMath.Union);
        Assert.True(all.X <= 110 && all.Right >= 170, $"the letters are not covered by {all}");
        Assert.True(all.X >= 99 && all.Right <= 170 + 16 + 1, $"the blackout {all} runs along the track");
        Assert.Equal(all.Right, extent.Right + 1);
        Assert.DoesNotContain(words, w => w.Text == "ct");
    }

    [Fact]
    public void LineWords_TwoOverlaysOnOneTrack_BlackOutEachAndNotTheTrackBetween()
    {
        TextLineCandidate line = OnTrack(new[] { (110, 170), (320, 380) });
        var read = new List<DicomAnon.Ocr.OcrWord> { new("SMITH", 90, 18, 10, 64, 18), new("1234", 80, 228, 10, 64, 18) };

        List<TextWord> words = TesseractTextFinder.LineWords(line, read, 0, out _);

        List<PixelRect> boxes = words.Select(w => RectangleMath.Union(w.Box, w.LineBox)).ToList();
        Assert.Contains(boxes, b => b.X <= 110 && b.Right >= 170);
        Assert.Contains(boxes, b => b.X <= 320 && b.Right >= 380);
        Assert.DoesNotContain(boxes, b => b.X < 250 && b.Right > 250);
    }

    [Fact]
    public void LineWords_OnAPanel_KeepTheCandidateBox()
    {
        TextLineCandidate line = OnTrack(new[] { (110, 170) }, noisy: false);
        var read = new List<DicomAnon.Ocr.OcrWord> { new("SMITH", 90, 18, 10, 64, 18) };

        TextWord word = Assert.Single(TesseractTextFinder.LineWords(line, read, 0, out _));

        Assert.Equal(line.Box, word.LineBox);
    }

    /// <summary>A line candidate over x 100-400 (16 px letters, rows 50-69): letter stems every 8 px in the given column ranges, and a 3-row track all along.</summary>
    private static TextLineCandidate OnTrack((int From, int To)[] letters, bool noisy = true)
    {
        var crop = new PixelRect(90, 40, 320, 40);
        byte[] ink = Blank(crop);
        Fill(ink, crop, 100, 60, 300, 3);
        foreach ((int from, int to) in letters)
        {
            for (int x = from; x < to; x += 8)
            {
                Fill(ink, crop, x, 52, 2, 16);
            }
        }

        return new TextLineCandidate(new PixelRect(100, 50, 300, 20), 16, true, 30, 120, noisy, crop, ink) { FlatInk = noisy ? ink : null, InkLevel = 230 };
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
