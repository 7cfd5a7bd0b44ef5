// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>One frame before and after cleaning, rendered to grey, kept for <see cref="ReviewImage"/>.</summary>
internal sealed class ReviewFrame
{
    public ReviewFrame(int frame, GrayImage before, GrayImage after)
    {
        Frame = frame;
        Before = before;
        After = after;
    }

    /// <summary>0-based frame index.</summary>
    public int Frame { get; }

    public GrayImage Before { get; }

    public GrayImage After { get; }
}
