// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Ocr;

/// <summary>
/// Knobs for <see cref="TextDetector"/>. The defaults are tuned for burned-in annotation text on medical images
/// (10-28 px fonts, white or black, on dark anatomy or noise).
/// </summary>
internal sealed class TextDetectorOptions
{
    /// <summary>Enlargement factors, one Tesseract run per pass per factor. Small fonts need 2-3x.</summary>
    public IReadOnlyList<double> Scales { get; set; } = [2.0];

    /// <summary>An image is never enlarged beyond this many pixels (large images get a smaller factor, at least 1).</summary>
    public long MaxScaledPixels { get; set; } = 12_000_000;

    /// <summary>Which image versions to read.</summary>
    public OcrPasses Passes { get; set; } = OcrPasses.TopHatBright | OcrPasses.TopHatDark;

    /// <summary>Side of the square neighbourhood for the top-hat passes (odd, in original pixels): wider than any stroke.</summary>
    public int TopHatWindow { get; set; } = 11;

    /// <summary>Least local contrast (grey levels) that counts as ink in the top-hat passes.</summary>
    public int TopHatMinContrast { get; set; } = 40;

    /// <summary>
    /// The top-hat passes treat local contrast up to this quantile of the image's own contrast (plus
    /// <see cref="TopHatNoiseMargin"/>) as noise. Text rarely covers more than a few percent of a medical image.
    /// </summary>
    public double TopHatNoiseQuantile { get; set; } = 0.95;

    /// <summary>Grey levels added to the noise quantile to set the paper level of the top-hat passes.</summary>
    public int TopHatNoiseMargin { get; set; } = 16;

    /// <summary>Grey levels over which the top-hat passes go from paper to full ink (keeps anti-aliasing).</summary>
    public int TopHatRamp { get; set; } = 60;

    /// <summary>Grey level (0-255) at or above which a pixel is ink in <see cref="OcrPasses.BrightThreshold"/>.</summary>
    public byte BrightThreshold { get; set; } = 170;

    /// <summary>Grey level (0-255) at or below which a pixel is ink in <see cref="OcrPasses.DarkThreshold"/>.</summary>
    public byte DarkThreshold { get; set; } = 70;

    /// <summary>Words whose best reading (over all passes) Tesseract is less sure of (0-100) are dropped.</summary>
    public float MinConfidence { get; set; } = 20f;

    /// <summary>Words shorter than this (in original pixels) are dropped as specks.</summary>
    public int MinWordHeight { get; set; } = 5;

    /// <summary>Tesseract page segmentation mode; 11 (sparse text) finds scattered labels best.</summary>
    public int PageSegmentationMode { get; set; } = 11;

    /// <summary>Tesseract language(s), e.g. "eng" or "eng+deu"; the traineddata files must be installed.</summary>
    public string Language { get; set; } = "eng";

    internal void Validate()
    {
        if (Scales is null || Scales.Count == 0)
        {
            throw new ArgumentException("At least one scale is needed.", nameof(Scales));
        }

        foreach (double scale in Scales)
        {
            if (!(scale >= 0.25 && scale <= 8.0))
            {
                throw new ArgumentOutOfRangeException(nameof(Scales), "Scales must lie between 0.25 and 8.");
            }
        }

        if ((Passes & OcrPasses.All) == OcrPasses.None)
        {
            throw new ArgumentException("At least one pass is needed.", nameof(Passes));
        }

        if (TopHatWindow < 3 || TopHatWindow > 63 || TopHatMinContrast < 0 || TopHatMinContrast > 254 || TopHatRamp < 1 || TopHatRamp > 150)
        {
            throw new ArgumentOutOfRangeException(nameof(TopHatWindow), "Top-hat window must lie in 3-63, contrast in 0-254, ramp in 1-150.");
        }

        if (!(TopHatNoiseQuantile >= 0.5 && TopHatNoiseQuantile <= 1.0) || TopHatNoiseMargin < 0 || TopHatNoiseMargin > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(TopHatNoiseQuantile), "Noise quantile must lie in 0.5-1, margin in 0-255.");
        }

        if (MaxScaledPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxScaledPixels));
        }

        if (PageSegmentationMode < 0 || PageSegmentationMode > 13)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSegmentationMode));
        }

        if (string.IsNullOrWhiteSpace(Language))
        {
            throw new ArgumentException("A language is needed.", nameof(Language));
        }
    }

    internal TextDetectorOptions Clone() => new()
    {
        Scales = [.. Scales],
        MaxScaledPixels = MaxScaledPixels,
        Passes = Passes,
        BrightThreshold = BrightThreshold,
        DarkThreshold = DarkThreshold,
        TopHatWindow = TopHatWindow,
        TopHatMinContrast = TopHatMinContrast,
        TopHatRamp = TopHatRamp,
        TopHatNoiseQuantile = TopHatNoiseQuantile,
        TopHatNoiseMargin = TopHatNoiseMargin,
        MinConfidence = MinConfidence,
        MinWordHeight = MinWordHeight,
        PageSegmentationMode = PageSegmentationMode,
        Language = Language,
    };
}
