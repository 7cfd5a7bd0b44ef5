// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Pixels;

namespace DicomAnon.Imaging.Redaction;

/// <summary>What a redaction did to one file. Holds no element values.</summary>
internal sealed class RedactionReport
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

    /// <summary>True when (0028,0301) Burned In Annotation was set to NO (only for <see cref="PixelOutcome.Cleaned"/> and <see cref="PixelOutcome.NoTextFound"/>).</summary>
    public bool BurnedInAnnotationCleared { get; }

    /// <summary>What was done and proven; see <see cref="PixelOutcome"/>.</summary>
    public PixelOutcome Outcome { get; init; }

    /// <summary>
    /// A person must look at the file: text remains, or nothing proves its pixels clean (TextRemains, NotCleaned,
    /// BlackedOutNotVerified). These are the files -ReviewFolder pictures.
    /// </summary>
    public bool NeedsReview => Outcome is PixelOutcome.TextRemains or PixelOutcome.NotCleaned or PixelOutcome.BlackedOutNotVerified;

    /// <summary>Outcome of the OCR re-check; <see cref="RedactionVerification.NotVerified"/> whenever OCR did not run.</summary>
    public RedactionVerification Verification { get; init; }

    /// <summary>
    /// The final re-check still read text that was neither blacked out nor (PhiOnly) a confidently read label line.
    /// Burned In Annotation may become NO only when OCR ran, the re-check ran, and this is false.
    /// </summary>
    public bool UnclassifiedTextRemains { get; init; }

    /// <summary>Frames before and after cleaning, when <see cref="RedactionSettings.KeepReviewFrames"/> was set; empty otherwise.</summary>
    public IReadOnlyList<ReviewFrame> ReviewFrames { get; init; } = Array.Empty<ReviewFrame>();

    /// <summary>Known-location rules that matched ("source:line (label)").</summary>
    public IReadOnlyList<string> RulesApplied { get; init; } = Array.Empty<string>();

    /// <summary>OCR calls made (whole frames, projections, crops, re-check).</summary>
    public int OcrCalls { get; init; }

    /// <summary>Frames that got any blackout.</summary>
    public int FramesChanged { get; init; }

    /// <summary>Things the user should know (e.g. ultrasound regions requested but absent); never element values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
}
