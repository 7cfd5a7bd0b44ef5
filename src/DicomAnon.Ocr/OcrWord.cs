// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Ocr;

/// <summary>A word found in an image: its text, confidence (0-100) and box in the image's own pixel coordinates.</summary>
internal sealed class OcrWord
{
    public OcrWord(string text, float confidence, int x, int y, int width, int height)
    {
        Text = text;
        Confidence = confidence;
        X = x;
        Y = y;
        Width = width;
        Height = height;
    }

    public string Text { get; }

    public float Confidence { get; }

    public int X { get; }

    public int Y { get; }

    public int Width { get; }

    public int Height { get; }
}
