// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10, cines: a PHI line that is not the same in every frame of a clip is still removed in every frame that
/// shows it (real OCR, the re-check on, a multi-frame file on two threads as when it is cleaned alone).
/// </summary>
public sealed class ClipSafetyTests
{
    private const int Frames = 6, Width = 640, Height = 480;

    [Fact]
    public void Apply_PhiLineAppearsFromFrameThreeOn_RemovedInEveryFrameThatShowsIt()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        List<UltrasoundScene> scenes = Clip();
        SceneText line = LineRemovedAlone(scenes[Frames - 1]);
        for (int f = 0; f < 3; f++)
        {
            // Before frame 3 the place is empty (the surround's black).
            Fill(scenes[f].Rgb, RectangleMath.Pad(Rect(line.Box), 3).ClipTo(Width, Height), 0);
        }

        SceneFrames frames = Clean(scenes);

        for (int f = 3; f < Frames; f++)
        {
            Assert.True(AllBlack(frames, f, Rect(line.Box)), $"frame {f}");
        }
    }

    [Fact]
    public void Apply_OneFrameDiffersOnlyInTheLastGlyphs_RemovedInEveryFrame()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        List<UltrasoundScene> scenes = Clip();
        SceneText line = LineRemovedAlone(scenes[Frames - 1]);

        // Frame 3: the last third of the line's glyph cells change (a clock's seconds), the rest stays.
        PixelRect b = Rect(line.Box);
        int third = b.Width / 3;
        MirrorColumns(scenes[3].Rgb, new PixelRect(b.Right - third, b.Y, third, b.Height));

        SceneFrames frames = Clean(scenes);

        for (int f = 0; f < Frames; f++)
        {
            Assert.True(AllBlack(frames, f, b), $"frame {f}");
        }
    }

    /// <summary>A 6-frame clip of our generator; each scene's pixels its own copy.</summary>
    private static List<UltrasoundScene> Clip() => Enumerable.Range(0, Frames)
        .Select(f => UltrasoundSceneGenerator.Generate(7777, Width, Height, 7777 + (1000 * f), UltrasoundSceneGenerator.TuningFaces, reflectors: true))
        .Select(s => s with { Rgb = (byte[])s.Rgb.Clone() })
        .ToList();

    private static SceneFrames Clean(List<UltrasoundScene> scenes)
    {
        var frames = new SceneFrames(scenes);
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));
        remover.Apply(SceneFrames.Header(scenes[0], true));
        return frames;
    }

    /// <summary>A PHI line outside the sector, 12 px or more, that cleaning its frame alone removes whole: the clip must do as well.</summary>
    private static SceneText LineRemovedAlone(UltrasoundScene scene)
    {
        SceneFrames one = Clean(new List<UltrasoundScene> { scene });
        SceneText? line = scene.Texts.FirstOrDefault(t => t.IsPhi && !t.InsideSector && t.PixelHeight >= 12 && AllBlack(one, 0, Rect(t.Box)));
        Assert.NotNull(line);
        return line!;
    }

    private static PixelRect Rect(PixelBox b) => new(b.X, b.Y, b.Width, b.Height);

    private static bool AllBlack(SceneFrames frames, int frame, PixelRect box)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                if (!frames.IsBlack(frame, x, y))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void Fill(byte[] rgb, PixelRect box, byte value)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            Array.Fill(rgb, value, 3 * ((y * Width) + box.X), 3 * box.Width);
        }
    }

    private static void MirrorColumns(byte[] rgb, PixelRect box)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = 0; x < box.Width / 2; x++)
            {
                int a = 3 * ((y * Width) + box.X + x), b = 3 * ((y * Width) + box.Right - 1 - x);
                for (int c = 0; c < 3; c++)
                {
                    (rgb[a + c], rgb[b + c]) = (rgb[b + c], rgb[a + c]);
                }
            }
        }
    }
}
