// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Redaction;

/// <summary>Whether the cleaned pixels were proven free of (PHI) text.</summary>
internal enum RedactionVerification
{
    /// <summary>No OCR re-check ran (OCR not used, or <see cref="RedactionSettings.Recheck"/> off): nothing is proven, (0028,0301) is left as it was.</summary>
    NotVerified,

    /// <summary>The re-check read no remaining text (PhiOnly: no remaining PHI); (0028,0301) was set to NO.</summary>
    Clean,

    /// <summary>The re-check still reads text; see <see cref="FrameRedaction.TextRemaining"/>. (0028,0301) is left as it was.</summary>
    TextRemaining,
}
