// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>What Remove-DicomBurnedText did to one file (emitted with -PassThru).</summary>
public sealed class BurnedTextResult
{
    /// <summary>The file written (the input itself with -InPlace).</summary>
    public string? Path { get; internal set; }

    public string SourcePath { get; internal set; } = string.Empty;

    /// <summary>The name of <see cref="PixelOutcome"/> (Cleaned only when proven).</summary>
    public string Status { get; internal set; } = string.Empty;

    /// <summary>Cleaned, NoTextFound, TextRemains, BlackedOutNotVerified, NotCleaned, NoPixelData.</summary>
    public Core.Pixels.PixelOutcome PixelOutcome { get; internal set; }

    public int Frames { get; internal set; }

    /// <summary>Rectangles blacked out, over all frames.</summary>
    public int RegionsBlackedOut { get; internal set; }

    /// <summary>Boxes where the re-check still reads text, over all frames (the text itself is never reported).</summary>
    public int TextRemaining { get; internal set; }

    public bool OcrUsed { get; internal set; }

    /// <summary>True when Burned In Annotation (0028,0301) was set to NO.</summary>
    public bool BurnedInAnnotationCleared { get; internal set; }
}
