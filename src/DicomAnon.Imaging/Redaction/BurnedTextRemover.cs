// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>What to black out when text is found.</summary>
public enum RedactionTarget
{
    /// <summary>Every text box found.</summary>
    AllText,

    /// <summary>Only text that matches the file's own PHI (names, IDs, dates, institution); labels stay.</summary>
    PhiOnly,
}

/// <summary>Settings of one redaction run (CONTRACT: members may be added, not renamed).</summary>
public sealed class RedactionSettings
{
    /// <summary>Find text with Tesseract OCR.</summary>
    public bool UseOcr { get; init; }

    /// <summary>Explicit rectangles blacked out on every frame.</summary>
    public IReadOnlyList<PixelRect> Regions { get; init; } = Array.Empty<PixelRect>();

    /// <summary>Apply the library of known burned-in annotation locations (RSNA CTP library, translated).</summary>
    public bool UseKnownLocationRules { get; init; } = true;

    /// <summary>Ultrasound: black out everything outside the Sequence of Ultrasound Regions.</summary>
    public bool OutsideUltrasoundRegions { get; init; }

    public RedactionTarget Target { get; init; } = RedactionTarget.AllText;

    /// <summary>OCR the cleaned frames again and report text still readable.</summary>
    public bool Recheck { get; init; } = true;

    /// <summary>Path of the Tesseract shared library, or null to search the usual places.</summary>
    public string? TesseractLibraryPath { get; init; }

    /// <summary>Folder of eng.traineddata, or null for Tesseract's default.</summary>
    public string? TessdataPath { get; init; }
}

/// <summary>Blackout of one frame.</summary>
public sealed class FrameRedaction
{
    public FrameRedaction(int frame, IReadOnlyList<PixelRect> regions, IReadOnlyList<PixelRect> textRemaining)
    {
        Frame = frame;
        Regions = regions;
        TextRemaining = textRemaining;
    }

    public int Frame { get; }

    public IReadOnlyList<PixelRect> Regions { get; }

    /// <summary>Boxes where the re-check still reads text (text itself is never reported: it may be PHI).</summary>
    public IReadOnlyList<PixelRect> TextRemaining { get; }
}

/// <summary>What a redaction did to one file.</summary>
public sealed class RedactionReport
{
    public RedactionReport(int frames, IReadOnlyList<FrameRedaction> perFrame, bool ocrUsed, bool burnedInAnnotationCleared)
    {
        Frames = frames;
        PerFrame = perFrame;
        OcrUsed = ocrUsed;
        BurnedInAnnotationCleared = burnedInAnnotationCleared;
    }

    public int Frames { get; }

    public IReadOnlyList<FrameRedaction> PerFrame { get; }

    public bool OcrUsed { get; }

    /// <summary>True when (0028,0301) Burned In Annotation was set to NO (only when the re-check was clean).</summary>
    public bool BurnedInAnnotationCleared { get; }
}

/// <summary>
/// Finds and blacks out burned-in text of a file in memory (CONTRACT STUB: the redaction helper implements it).
/// One instance per thread (it owns an OCR engine).
/// </summary>
public sealed class BurnedTextRemover : IDisposable
{
    public BurnedTextRemover(RedactionSettings settings) => Settings = settings;

    public RedactionSettings Settings { get; }

    /// <summary>Cleans the pixel data of <paramref name="file"/> in memory; the caller writes the file.</summary>
    public RedactionReport Apply(DicomFile file) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
