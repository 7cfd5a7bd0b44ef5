// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A word read in a frame: its text, OCR confidence (0-100) and box in frame pixels. A word whose
/// <see cref="Readable"/> is false is ink that looks like text (a line of character-sized strokes of one colour)
/// that OCR could not read confidently: its text is empty and it counts as unclassified text.
/// </summary>
internal sealed class TextWord
{
    public TextWord(string text, float confidence, int x, int y, int width, int height)
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

    /// <summary>Text line this word was read in (words of one line share it); -1 when unknown.</summary>
    public int Line { get; init; } = -1;

    /// <summary>False for text-like ink that OCR could not read.</summary>
    public bool Readable { get; init; } = true;

    /// <summary>
    /// Ink on speckle that OCR read as some characters without vouching for it: not blacked out (it is most
    /// likely speckle) unless its reading shows one of the file's identifiers, but the re-check counts it as
    /// unclassified text, so Burned In Annotation does not become NO. Its <see cref="Text"/> is that reading.
    /// </summary>
    public bool Unconfirmed { get; init; }

    /// <summary>Height of the line's letters (pixels), which sets the blackout margin; the box height when unknown.</summary>
    public int TextHeight { get; init; }

    /// <summary>
    /// All the ink of the word's line (characters, punctuation, underscores), which may reach beyond the word boxes
    /// OCR reports; empty when unknown.
    /// </summary>
    public PixelRect LineBox { get; init; }

    public PixelRect Box => new(X, Y, Width, Height);
}
