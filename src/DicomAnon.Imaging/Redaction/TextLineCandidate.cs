// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A row of character-sized strokes of one colour on a shared baseline, found without OCR: what
/// <see cref="TextCandidateFinder"/> hands to OCR as one line crop.
/// </summary>
internal sealed class TextLineCandidate
{
    public TextLineCandidate(PixelRect box, int textHeight, bool brightInk, int characters, int maxContrast, bool noisyBackground, PixelRect crop, byte[] ink)
    {
        Crop = crop;
        Ink = ink;
        Box = box;
        TextHeight = textHeight;
        BrightInk = brightInk;
        Characters = characters;
        MaxContrast = maxContrast;
        NoisyBackground = noisyBackground;
    }

    /// <summary>Tight box of the line's ink (characters, punctuation and underscores).</summary>
    public PixelRect Box { get; }

    /// <summary>Height of the tallest character (pixels).</summary>
    public int TextHeight { get; }

    /// <summary>Ink brighter than its surroundings (false: darker).</summary>
    public bool BrightInk { get; }

    /// <summary>Letters in the line: its character-sized components, touching letters counted by their width.</summary>
    public int Characters { get; }

    /// <summary>Highest local contrast of the ink (grey levels).</summary>
    public int MaxContrast { get; }

    /// <summary>Where <see cref="Ink"/> was cut from the frame (the box with a margin).</summary>
    public PixelRect Crop { get; }

    /// <summary>The line's own strokes as dark ink on white (other ink in the crop left out), <see cref="Crop"/> sized: what OCR reads.</summary>
    public byte[] Ink { get; }

    /// <summary>On a noisy background: the line's pixels at its own flat ink level, black on white, <see cref="Crop"/> sized (null elsewhere).</summary>
    public byte[]? FlatInk { get; init; }

    /// <summary>Grey level of the line's ink (mean of its characters' brightest, or darkest, level).</summary>
    public int InkLevel { get; init; }

    /// <summary>Share of the ink pixels at the line's own ink level (flat colour); speckle has little of it.</summary>
    public double Plateau { get; init; }

    /// <summary>The pixels around the strokes vary like speckle or anatomy (not a flat panel): OCR must vouch for it.</summary>
    public bool NoisyBackground { get; }
}
