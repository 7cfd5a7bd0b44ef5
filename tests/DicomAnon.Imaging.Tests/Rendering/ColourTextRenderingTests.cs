// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Imaging.Tests.TestSupport;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Rendering;

/// <summary>
/// Issue 10: green overlay text on bright speckle in an RGB file. As luma, green (60, 255, 90) is 178, within the
/// speckle's range, so the text has no contrast to be a candidate (exam tuning seed 21002, us_04: a 32 px green
/// time in every frame, never found); rendered as luma raised to green it is 255.
/// </summary>
public sealed class ColourTextRenderingTests
{
    [Fact]
    public void RenderGray_GreenTimeOnBrightSpeckle_IsACandidate()
    {
        RgbTextImage scene = TextImageRenderer.RenderRgb(320, 100, new Background(155, 5, 12, 20, 7), [new TextSpec("14:21", 40, 30, 32, true) { Color = new Rgb(60, 255, 90) }]);
        PixelBox time = scene.Texts[0].Box;
        DicomDataset ds = TestFiles.ImageDataset(scene.Height, scene.Width, 3, 8, 8, false, "RGB");

        GrayImage rendered = PixelFrames.Open(TestFiles.Native(ds, scene.Pixels)).RenderGray(0);
        GrayImage luma = GrayImage.FromRgb24(scene.Width, scene.Height, scene.Pixels, RgbToGray.Luma);

        Assert.DoesNotContain(TextCandidateFinder.Find(luma), c => Covers(c.Box, time));
        Assert.Contains(TextCandidateFinder.Find(rendered), c => Covers(c.Box, time));
    }

    private static bool Covers(PixelRect box, PixelBox text) =>
        RectangleMath.IntersectionArea(RectangleMath.Pad(box, 2), new PixelRect(text.X, text.Y, text.Width, text.Height)) * 10 >= (long)text.Width * text.Height * 9;
}
