// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Rendering;
using DicomAnon.Imaging.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace DicomAnon.Imaging.Tests.Rendering;

public sealed class PngExporterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dicomanon-png-" + Guid.NewGuid().ToString("N"));

    public PngExporterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private static PixelFrames Gray(int frames = 1)
    {
        DicomDataset ds = TestFiles.ImageDataset(6, 8, 1, 8, 8, false, "MONOCHROME2", 0, frames);
        var px = new byte[48 * frames];
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = (byte)((i * 5) % 256);
        }

        return PixelFrames.Open(TestFiles.Native(ds, px));
    }

    [Fact]
    public void Export_Monochrome_WritesGrayPngOfRenderedFrame()
    {
        PixelFrames pf = Gray(2);
        string path = Path.Combine(_dir, "f.png");
        PngExporter.Export(pf, 1, path);
        byte[] expected = pf.RenderGray(1).Pixels;
        using Image<L8> img = Image.Load<L8>(path);
        Assert.Equal(8, img.Width);
        Assert.Equal(6, img.Height);
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                Assert.Equal(expected[(y * 8) + x], img[x, y].PackedValue);
            }
        }

        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left
    }

    [Fact]
    public void Export_WithOutline_DrawsBorderInColourAndKeepsInterior()
    {
        PixelFrames pf = Gray();
        string path = Path.Combine(_dir, "o.png");
        File.WriteAllText(path, "old"); // replaced atomically
        PngExporter.Export(pf, 0, path, new[] { new PixelRect(1, 1, 4, 3) }, 0x00FF00);
        byte[] gray = pf.RenderGray(0).Pixels;
        using Image<Rgb24> img = Image.Load<Rgb24>(path);
        Assert.Equal(new Rgb24(0, 255, 0), img[1, 1]);
        Assert.Equal(new Rgb24(0, 255, 0), img[4, 3]);
        Assert.Equal(new Rgb24(0, 255, 0), img[2, 3]);
        byte g = gray[(2 * 8) + 2];
        Assert.Equal(new Rgb24(g, g, g), img[2, 2]); // interior
        byte o = gray[(5 * 8) + 7];
        Assert.Equal(new Rgb24(o, o, o), img[7, 5]); // outside
    }

    [Fact]
    public void Export_RgbFrame_WritesColour()
    {
        DicomDataset ds = TestFiles.ImageDataset(1, 2, 3, 8, 8, false, "RGB");
        PixelFrames pf = PixelFrames.Open(TestFiles.Native(ds, new byte[] { 255, 0, 0, 0, 0, 255 }));
        string path = Path.Combine(_dir, "c.png");
        PngExporter.Export(pf, 0, path);
        using Image<Rgb24> img = Image.Load<Rgb24>(path);
        Assert.Equal(new Rgb24(255, 0, 0), img[0, 0]);
        Assert.Equal(new Rgb24(0, 0, 255), img[1, 0]);
    }
}
