// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class TextCandidateFinderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TopHat_EqualsTheNaiveOpeningOrClosing(bool bright)
    {
        var rng = new Random(5);
        int w = 37, h = 23, r = TextCandidateFinder.Window / 2;
        byte[] px = Enumerable.Range(0, w * h).Select(_ => (byte)rng.Next(256)).ToArray();

        byte[] fast = TextCandidateFinder.TopHat(px, w, h, bright);

        byte[] first = Square(px, w, h, r, max: !bright);
        byte[] second = Square(first, w, h, r, max: bright);
        for (int i = 0; i < px.Length; i++)
        {
            int expected = Math.Max(0, bright ? px[i] - second[i] : second[i] - px[i]);
            Assert.Equal(expected, fast[i]);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(18)]
    [InlineData(30)]
    public void Find_OverlayLineOnBlack_IsOneCandidateCoveringTheInk(int size)
    {
        GrayTextImage image = TextImageRenderer.Render(400, 120, new Background(0), [new TextSpec("DOE JANE 1974", 10, 20, size, true)]);

        var found = TextCandidateFinder.Find(new GrayImage(image.Width, image.Height, image.Pixels));

        TextLineCandidate line = Assert.Single(found);
        PixelBox ink = image.Texts[0].Box;
        PixelRect padded = RectangleMath.Pad(line.Box, 1); // the faintest anti-aliasing is left to the blackout margin
        Assert.True(padded.X <= ink.X && padded.Y <= ink.Y && padded.Right >= ink.Right && padded.Bottom >= ink.Bottom, $"{line.Box} vs {ink}");
        Assert.True(line.BrightInk);
        Assert.False(line.NoisyBackground);
    }

    [Fact]
    public void Find_BlurredSpeckle_GivesNoQuietCandidate()
    {
        // A scene's sector without its text: whatever speckle chains up is flagged noisy, so OCR must vouch for it.
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(424242);
        byte[] gray = UltrasoundSceneGenerator.Luma(scene);
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = scene.Sector[i] ? gray[i] : (byte)0;
        }

        foreach (SceneText t in scene.Texts.Where(t => t.InsideSector))
        {
            for (int y = t.Box.Y; y < t.Box.Bottom; y++)
            {
                for (int x = t.Box.X; x < t.Box.Right; x++)
                {
                    gray[(y * scene.Width) + x] = 0;
                }
            }
        }

        var found = TextCandidateFinder.Find(new GrayImage(scene.Width, scene.Height, gray));

        Assert.All(found.Where(c => scene.Sector[(c.Box.Y * scene.Width) + c.Box.X]), c => Assert.True(c.NoisyBackground, c.Box.ToString()));
    }

    private static byte[] Square(byte[] src, int w, int h, int r, bool max)
    {
        var dst = new byte[src.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int best = max ? 0 : 255;
                for (int dy = -r; dy <= r; dy++)
                {
                    for (int dx = -r; dx <= r; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h)
                        {
                            best = max ? Math.Max(best, src[(ny * w) + nx]) : Math.Min(best, src[(ny * w) + nx]);
                        }
                    }
                }

                dst[(y * w) + x] = (byte)best;
            }
        }

        return dst;
    }
}
