// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Settings of one redaction run (CONTRACT: members may be added, not renamed).</summary>
internal sealed class RedactionSettings
{
    /// <summary>Find text with Tesseract OCR. If the engine cannot be loaded, the remover's constructor throws <see cref="OcrEngineNotFoundException"/>.</summary>
    public bool UseOcr { get; init; }

    /// <summary>Explicit rectangles blacked out on every frame.</summary>
    public IReadOnlyList<PixelRect> Regions { get; init; } = Array.Empty<PixelRect>();

    /// <summary>Explicit rectangles blacked out on one frame each (cmdlet: -FrameRegion).</summary>
    public IReadOnlyList<FrameRegion> FrameRegions { get; init; } = Array.Empty<FrameRegion>();

    /// <summary>Apply the library of known burned-in annotation locations (RSNA CTP library, translated).</summary>
    public bool UseKnownLocationRules { get; init; } = true;

    /// <summary>
    /// Extra rule files in the CTP DicomPixelAnonymizer syntax (<c>{ condition } (x,y,w,h)...</c>), read when the
    /// remover is built; they apply even when <see cref="UseKnownLocationRules"/> is off (that switch covers the
    /// built-in library only). A bad file throws <see cref="RuleSyntaxException"/> naming file and line.
    /// </summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = Array.Empty<string>();

    /// <summary>Ultrasound: black out everything outside the Sequence of Ultrasound Regions.</summary>
    public bool OutsideUltrasoundRegions { get; init; }

    public RedactionTarget Target { get; init; } = RedactionTarget.AllText;

    /// <summary>OCR the cleaned frames again and report text still readable (needs <see cref="UseOcr"/>; without OCR nothing can be proven).</summary>
    public bool Recheck { get; init; } = true;

    /// <summary>Path of the Tesseract shared library, or null to search the usual places.</summary>
    public string? TesseractLibraryPath { get; init; }

    /// <summary>Folder of eng.traineddata, or null for Tesseract's default.</summary>
    public string? TessdataPath { get; init; }

    /// <summary>Pixels added on each side of an OCR word box before blackout (default 3).</summary>
    public int TextPadding { get; init; } = 3;

    /// <summary>OCR words below this confidence (0-100) are ignored (default 30; lower finds more, blacks out more noise).</summary>
    public float MinimumConfidence { get; init; } = 30f;

    /// <summary>
    /// OCR "words" taller than this (pixels) are ignored (default 96): burned-in annotation is small, and OCR of
    /// speckle sometimes returns a garbage word spanning the anatomy, which would black out the image.
    /// </summary>
    public int MaxTextHeight { get; init; } = 96;

    /// <summary>
    /// Keep grey renders of frames before and after cleaning in <see cref="RedactionReport.ReviewFrames"/> (frames
    /// where text remains, else the first <see cref="ReviewImage.MaxFrames"/>) for <see cref="ReviewImage.Write"/>.
    /// </summary>
    public bool KeepReviewFrames { get; init; }
}
