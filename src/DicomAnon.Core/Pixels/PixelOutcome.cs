// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Pixels;

/// <summary>
/// What pixel cleaning did to one file: a closed set shared by every cmdlet that writes files. Only
/// <see cref="Cleaned"/> and <see cref="NoTextFound"/> are proven states: they alone let a file carry Burned In
/// Annotation (0028,0301) NO and the Clean Pixel Data code (113101).
/// </summary>
public enum PixelOutcome
{
    /// <summary>Text was blacked out and the OCR re-check of every frame then found no unclassified text.</summary>
    Cleaned,

    /// <summary>OCR read every frame and found no text to black out; the pixel data is unchanged (original bytes).</summary>
    NoTextFound,

    /// <summary>Something was blacked out, but the OCR re-check still reads text, or finds possible text it cannot rule out: review before release.</summary>
    TextRemains,

    /// <summary>
    /// Rectangles were blacked out (explicit regions, outside ultrasound regions, known-location rules, or OCR boxes without a re-check),
    /// but no method proved that no text remains.
    /// </summary>
    BlackedOutNotVerified,

    /// <summary>Nothing was applied (no OCR, no region, no matching known-location rule) or cleaning was not asked for: pixels unchanged.</summary>
    NotCleaned,

    /// <summary>The dataset has no Pixel Data (7FE0,0010) (SR, RT plan, encapsulated PDF, presentation state...): nothing to clean.</summary>
    NoPixelData,
}
