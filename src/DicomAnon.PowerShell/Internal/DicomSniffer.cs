// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core.IO;

namespace DicomAnon.Commands;

/// <summary>Cheap "is this DICOM at all?" check: 'DICM' at byte 128, or a plausible raw dataset start.</summary>
internal static class DicomSniffer
{
    /// <summary>The reader's own rule, so that what a folder walk skips is exactly what the reader would reject.</summary>
    public static bool LooksLikeDicom(string path) => DicomReader.LooksLikeDicom(path);

    /// <summary>True for a file called DICOMDIR (the media directory of PS3.10).</summary>
    public static bool IsDicomDirName(string path) =>
        string.Equals(Path.GetFileName(path), "DICOMDIR", StringComparison.OrdinalIgnoreCase);
}
