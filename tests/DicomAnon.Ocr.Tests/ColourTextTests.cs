// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

[Collection(TesseractCollection.Name)]
public sealed class ColourTextTests
{
    private readonly TextDetector _detector;

    public ColourTextTests(TesseractFixture tesseract) => _detector = tesseract.Detector;

    [Theory]
    [InlineData(255, 230, 0)] // yellow
    [InlineData(0, 230, 255)] // cyan
    [InlineData(60, 255, 60)] // green
    [InlineData(40, 90, 255)] // blue
    public void Detect_ColouredLabelsOnTintedUltrasoundNoise_FindsThem(byte r, byte g, byte b)
    {
        // Grey-ish speckle with a bluish tint, as an ultrasound sector; labels of one colour, 12 and 16 px.
        var background = new Background(35, 14, 5, 80, Seed: r + g + b) { Tint = (0.9, 0.95, 1.1) };
        var colour = new Rgb(r, g, b);
        TextSpec[] specs =
        [
            new("MI 0.9 TIS 0.4", 8, 8, 12, true) { Color = colour },
            new("C5-1 Abdomen", 420, 8, 16, true) { Color = colour, Font = TextFont.SansBold },
            new("Depth 16cm", 480, 440, 12, true) { Color = colour },
        ];
        RgbTextImage image = TextImageRenderer.RenderRgb(640, 480, background, specs);

        IReadOnlyList<OcrWord> words = _detector.Detect(MaxChannel(image.Pixels), image.Width, image.Height);

        foreach (RenderedWord expected in image.Texts.SelectMany(t => t.Words))
        {
            double coverage = RecallMeasure.Coverage(expected.Box, words);
            Assert.True(coverage >= RecallMeasure.FoundCoverage, FormattableString.Invariant($"'{expected.Text}' at {expected.Box} covered {coverage:P0}"));
        }
    }

    /// <summary>The brightest channel per pixel, as the Imaging side renders coloured overlays for OCR.</summary>
    private static byte[] MaxChannel(byte[] rgb)
    {
        var gray = new byte[rgb.Length / 3];
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = Math.Max(rgb[3 * i], Math.Max(rgb[(3 * i) + 1], rgb[(3 * i) + 2]));
        }

        return gray;
    }
}
