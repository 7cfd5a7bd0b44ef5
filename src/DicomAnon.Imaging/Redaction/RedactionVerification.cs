// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>Whether the cleaned pixels were proven free of (PHI) text.</summary>
internal enum RedactionVerification
{
    /// <summary>No OCR re-check ran (OCR not used, or <see cref="RedactionSettings.Recheck"/> off): nothing is proven, (0028,0301) is left as it was.</summary>
    NotVerified,

    /// <summary>
    /// Neither the first pass's re-read nor the independent re-check (<see cref="TextRecheck"/>) finds unclassified text
    /// (PhiOnly: none but lines read confidently as labels); (0028,0301) was set to NO.
    /// </summary>
    Clean,

    /// <summary>
    /// A re-check still finds text (or a candidate line it could not read); see <see cref="FrameRedaction.TextRemaining"/>
    /// and the report's warnings, which name frame and box, never the text. (0028,0301) is left as it was.
    /// </summary>
    TextRemaining,
}
