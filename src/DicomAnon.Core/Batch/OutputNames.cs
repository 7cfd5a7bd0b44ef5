// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Names of de-identified copies under the destination for -Layout Uid (and for files whose own path may reveal
/// the patient): PatientID/StudyInstanceUID/SeriesInstanceUID/SOPInstanceUID.dcm, from the NEW values.
/// Mirrored names come from <see cref="MirrorBase"/>.
/// </summary>
internal static class OutputNames
{

    /// <summary>The relative path of a de-identified dataset named by its new pseudonym and UIDs.</summary>
    public static string ByUid(DicomDataset deidentified, string pseudonym) =>
        Path.Combine(
            SafeName(pseudonym),
            SafeName(deidentified.GetString(DicomTags.StudyInstanceUID)),
            SafeName(deidentified.GetString(DicomTags.SeriesInstanceUID)),
            SafeName(deidentified.GetString(DicomTags.SOPInstanceUID)) + ".dcm");

    /// <summary>A value usable as one file or folder name: separators and invalid characters become '_'; empty becomes UNKNOWN.</summary>
    public static string SafeName(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "UNKNOWN";
        }

        var sb = new StringBuilder(value!.Trim());
        char[] invalid = Path.GetInvalidFileNameChars();
        for (int i = 0; i < sb.Length; i++)
        {
            if (Array.IndexOf(invalid, sb[i]) >= 0 || sb[i] == '/' || sb[i] == '\\' || sb[i] == ':' || sb[i] == '*' || sb[i] == '?')
            {
                sb[i] = '_';
            }
        }

        string s = sb.ToString();
        return s == "." || s == ".." ? "_" : s;
    }
}
