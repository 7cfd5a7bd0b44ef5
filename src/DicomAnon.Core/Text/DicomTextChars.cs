// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Text;

/// <summary>
/// The characters that DICOM text is trimmed and split at, as shared arrays: on netstandard2.0 a call such as
/// <c>Trim(' ', '\0')</c> or <c>Split('\\')</c> allocates its params array on every call, and these run for nearly
/// every value of every file.
/// </summary>
internal static class DicomTextChars
{
    /// <summary>Value padding: space, and the NUL that some writers use.</summary>
    public static readonly char[] Padding = { ' ', '\0' };

    /// <summary>The value delimiter of multi-valued text.</summary>
    public static readonly char[] Backslash = { '\\' };
}
