// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Dark text on a light panel that covers only a few percent of a dark frame (an ultrasound screen): a low-contrast
/// dark-grey patient banner on a light-grey bar across the top, and small black text on a light label box (issue 10,
/// second independent exam). Both must become dark-ink candidates, and so reach OCR and the re-check.
/// </summary>
public sealed class DarkOnLightPanelTests
{
    private const int Width = 1024;
    private const int Height = 768;
    private const int BarHeight = 30;
    private static readonly PixelBox LabelBox = new(600, 300, 70, 14);

    [Fact]
    public void Find_DarkTextOnLightBannerAndLabelBox_GivesDarkCandidatesCoveringTheInk()
    {
        (byte[] frame, PixelBox banner, PixelBox label) = Scene();

        // Under the light share (5%) at which the frame-wide dark pass runs: only the panel pass can find these.
        Assert.True(frame.Count(v => v >= 160) < Width * Height / 20);

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(Width, Height, frame));

        foreach (PixelBox ink in new[] { banner, label })
        {
            // The blackout margin is at least 2 px; the candidate, one pixel wider, must hold the whole glyph box.
            Assert.Contains(found, c => !c.BrightInk && Covers(RectangleMath.Pad(c.Box, 1), ink));
        }
    }

    [Fact]
    public void Contrast_IsZeroOnSpeckleAndOffPanels()
    {
        (byte[] frame, _, _) = Scene();

        byte[] contrast = DarkOnLightPanel.Contrast(frame, Width, Height);

        // Below the bar and away from the label box lie only the dark frame and its bright speckle.
        for (int y = BarHeight + 8; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                bool nearBox = x >= LabelBox.X - 8 && x < LabelBox.Right + 8 && y >= LabelBox.Y - 8 && y < LabelBox.Bottom + 8;
                Assert.True(nearBox || contrast[(y * Width) + x] == 0, $"contrast {contrast[(y * Width) + x]} at {x},{y}");
            }
        }
    }

    [Fact]
    public void Find_BrightSpeckleWithDarkHoles_GivesNoDarkCandidate()
    {
        (byte[] frame, _, _) = Scene();
        byte[] sectorOnly = (byte[])frame.Clone();
        Array.Clear(sectorOnly, 0, BarHeight * Width);
        for (int y = LabelBox.Y - 2; y < LabelBox.Bottom + 2; y++)
        {
            Array.Clear(sectorOnly, (y * Width) + LabelBox.X - 2, LabelBox.Width + 4);
        }

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(Width, Height, sectorOnly));

        Assert.DoesNotContain(found, c => !c.BrightInk);
    }

    [Fact]
    public void Recheck_NamesDarkTextLeftOnTheBannerAndTheLabelBox()
    {
        (byte[] frame, PixelBox banner, PixelBox label) = Scene();
        var recheck = new TextRecheck(new FixedReader("ZIELINSKI", "WINIFRED"), RedactionTarget.AllText, Array.Empty<PixelRect>());

        List<RecheckFinding> findings = recheck.Check(0, new GrayImage(Width, Height, frame), Array.Empty<PixelRect>());

        foreach (PixelBox ink in new[] { banner, label })
        {
            Assert.Contains(findings, f => RectangleMath.Intersects(f.Box, new PixelRect(ink.X, ink.Y, ink.Width, ink.Height)));
        }
    }

    /// <summary>A dark frame with a bright speckled square (too small for the frame-wide dark pass), a light-grey bar with a dark-grey name, and a light box with small black digits.</summary>
    private static (byte[] Frame, PixelBox Banner, PixelBox Label) Scene()
    {
        GrayTextImage bar = TextImageRenderer.Render(Width, Height, new Background(200), [new TextSpec("ZIELINSKI WINIFRED  MRN1235564", 20, 7, 15, false) { InkLevel = 255 - 45 }]);
        GrayTextImage box = TextImageRenderer.Render(Width, Height, new Background(225), [new TextSpec("16.06.1950", LabelBox.X + 3, LabelBox.Y + 2, 10, false)]);
        byte[] frame = new byte[Width * Height];
        var rng = new Random(20417);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                bool inBox = x >= LabelBox.X && x < LabelBox.Right && y >= LabelBox.Y && y < LabelBox.Bottom;
                frame[i] = y < BarHeight ? bar.Pixels[i]
                    : inBox ? box.Pixels[i]
                    : y >= 300 && y < 380 && x >= 300 && x < 380 ? Speckle(rng)
                    : (byte)0;
            }
        }

        return (frame, bar.Texts[0].Box, box.Texts[0].Box);
    }

    /// <summary>Bright speckle: mostly 150-255 with dark holes, the texture a sector's liver has.</summary>
    private static byte Speckle(Random rng) => rng.Next(10) < 2 ? (byte)rng.Next(0, 60) : (byte)rng.Next(150, 256);

    private sealed class FixedReader : ILineReader
    {
        private readonly string[] _words;

        public FixedReader(params string[] words) => _words = words;

        public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight) =>
            _words.Select((t, i) => new TextWord(t, 92, i * 10, 0, 8, height)).ToList();

        public void Dispose()
        {
        }
    }

    private static bool Covers(PixelRect r, PixelBox ink) => r.X <= ink.X && r.Y <= ink.Y && r.Right >= ink.Right && r.Bottom >= ink.Bottom;
}
