// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>The shared test renderer must report exactly where it put ink, or every OCR figure is wrong.</summary>
public sealed class TextImageRendererTests
{
    [Theory]
    [InlineData(10, true)]
    [InlineData(28, false)]
    public void Render_CleanBackground_InkExactlyInsideReportedBox(int size, bool light)
    {
        byte level = light ? (byte)0 : (byte)255;
        GrayTextImage image = TextImageRenderer.Render(200, 60, new Background(level), [new TextSpec("Hg 42", 10, 5, size, light)]);

        PixelBox box = image.Texts[0].Box;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                bool inside = x >= box.X && x < box.Right && y >= box.Y && y < box.Bottom;
                if (!inside)
                {
                    Assert.Equal(level, image.Pixels[(y * image.Width) + x]);
                }
            }
        }

        // Ink touches all four edges of the box.
        bool Ink(int x, int y) => image.Pixels[(y * image.Width) + x] != level;
        Assert.Contains(Enumerable.Range(box.Y, box.Height), y => Ink(box.X, y));
        Assert.Contains(Enumerable.Range(box.Y, box.Height), y => Ink(box.Right - 1, y));
        Assert.Contains(Enumerable.Range(box.X, box.Width), x => Ink(x, box.Y));
        Assert.Contains(Enumerable.Range(box.X, box.Width), x => Ink(x, box.Bottom - 1));
    }

    [Fact]
    public void Render_TwoWords_WordBoxesSplitTheLineBox()
    {
        GrayTextImage image = TextImageRenderer.Render(300, 40, new Background(0), [new TextSpec("ID 12345", 10, 5, 20, true)]);

        RenderedText line = image.Texts[0];
        Assert.Equal(new[] { "ID", "12345" }, line.Words.Select(w => w.Text));
        PixelBox id = line.Words[0].Box, number = line.Words[1].Box;
        Assert.True(id.Right < number.X, "a gap (the space) separates the words");
        Assert.Equal(line.Box, id.Union(number));
    }

    [Fact]
    public void Render_SameSeed_SameImage()
    {
        GrayTextImage a = TextImageRenderer.Render(64, 64, Background.DarkNoisy(9), [new TextSpec("X", 5, 5, 20, true)]);
        GrayTextImage b = TextImageRenderer.Render(64, 64, Background.DarkNoisy(9), [new TextSpec("X", 5, 5, 20, true)]);

        Assert.Equal(a.Pixels, b.Pixels);
    }

    [Fact]
    public void RenderRgb_ColouredText_InkHasTheColour()
    {
        var spec = new TextSpec("MI", 4, 4, 28, true) { Color = new Rgb(255, 220, 0) };
        RgbTextImage image = TextImageRenderer.RenderRgb(80, 40, new Background(20) { Tint = (0.6, 0.8, 1.0) }, [spec]);

        PixelBox box = image.Texts[0].Box;
        int yellow = 0;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                int p = ((y * image.Width) + x) * 3;
                if (image.Pixels[p] == 255 && image.Pixels[p + 1] == 220 && image.Pixels[p + 2] == 0)
                {
                    yellow++;
                }
            }
        }

        Assert.True(yellow > 20);
        Assert.Equal(new byte[] { 12, 16, 20 }, image.Pixels.Take(3).ToArray());
    }
}
