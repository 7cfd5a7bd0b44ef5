// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Ocr.Tests;

[Collection(TesseractCollection.Name)]
public sealed class TextDetectorDetectTests
{
    private readonly TextDetector _detector;

    public TextDetectorDetectTests(TesseractFixture tesseract) => _detector = tesseract.Detector;

    public static IEnumerable<object[]> SizesAndPolarities() =>
        from size in new[] { 10, 12, 16, 20, 28 }
        from light in new[] { true, false }
        select new object[] { size, light };

    [Theory]
    [MemberData(nameof(SizesAndPolarities))]
    public void Detect_OverlayTextOnNoise_FindsEveryWordWhereItIs(int size, bool lightOnDark)
    {
        Background background = lightOnDark ? Background.DarkNoisy(size) : Background.LightNoisy(size);
        TextSpec[] specs =
        [
            new("PATIENT 4711081", 6, 6, size, lightOnDark),
            new("Study 2019-03-14", 330, 200, size, lightOnDark) { Font = TextFont.SansBold },

            // DejaVu Sans Mono's dotted zero reads as 8/9/6: mono text here has none.
            new("Riverside Hospital", 20, 480 - 8 - size - (size / 2), size, lightOnDark) { Font = TextFont.SansMono },
        ];
        GrayTextImage image = TextImageRenderer.Render(640, 480, background, specs);

        IReadOnlyList<OcrWord> words = _detector.Detect(image.Pixels, image.Width, image.Height);

        foreach (RenderedWord expected in image.Texts.SelectMany(t => t.Words))
        {
            double coverage = RecallMeasure.Coverage(expected.Box, words);
            Assert.True(coverage >= RecallMeasure.FoundCoverage, $"'{expected.Text}' at {expected.Box} covered {coverage:P0}; found: {Describe(words)}");

            if (size >= 12)
            {
                Assert.Contains(words, w => w.Text == expected.Text && RecallMeasure.BoxOf(w).IntersectionArea(expected.Box) > 0);
            }
        }

        // Every box lies on the lines of text, not on the background. 6 px: a reading of the halo around the strokes
        // (by the pass of the other polarity) extends up to half a top-hat window beyond the ink.
        PixelBox[] lines = [.. image.Texts.Select(t => Inflate(t.Box, 6))];
        Assert.All(words, w => Assert.True(RecallMeasure.Coverage(RecallMeasure.BoxOf(w), lines) >= 0.9, Describe([w]) + " lies off the text"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Detect_NoiseWithoutText_FindsNothing(bool dark)
    {
        Background background = dark ? Background.DarkNoisy(77) : Background.LightNoisy(78);
        GrayTextImage image = TextImageRenderer.Render(640, 480, background, []);

        IReadOnlyList<OcrWord> words = _detector.Detect(image.Pixels, image.Width, image.Height);

        Assert.Empty(words);
    }

    [Fact]
    public void Detect_GreyTextOnBrightAnatomy_FindsIt()
    {
        // Mid-grey label over a bright blob: no fixed threshold separates it, local contrast does.
        var background = new Background(40, 8, 3, 150, Seed: 5);
        TextSpec[] specs = [new("KNEE LEFT", 250, 200, 16, LightOnDark: true) { InkLevel = 235 }];
        GrayTextImage image = TextImageRenderer.Render(640, 480, background, specs);

        IReadOnlyList<OcrWord> words = _detector.Detect(image.Pixels, image.Width, image.Height);

        foreach (RenderedWord expected in image.Texts[0].Words)
        {
            Assert.Contains(words, w => w.Text == expected.Text && RecallMeasure.BoxOf(w).IoU(expected.Box) > 0.5);
        }
    }

    [Fact]
    public void Detect_SmallImage_ReturnsBoxesInsideTheImage()
    {
        GrayTextImage image = TextImageRenderer.Render(96, 32, new Background(10, 5, Seed: 3), [new TextSpec("AB12", 70, 2, 14, true)]);

        IReadOnlyList<OcrWord> words = _detector.Detect(image.Pixels, image.Width, image.Height);

        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.True(w.X >= 0 && w.Y >= 0 && w.X + w.Width <= 96 && w.Y + w.Height <= 32));
    }

    private static PixelBox Inflate(PixelBox box, int by) => new(box.X - by, box.Y - by, box.Width + (2 * by), box.Height + (2 * by));

    private static string Describe(IEnumerable<OcrWord> words) =>
        string.Join(", ", words.Select(w => FormattableString.Invariant($"'{w.Text}' {w.Confidence:F0} ({w.X},{w.Y} {w.Width}x{w.Height})")));
}
