// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The one place that decides whether a component of an output path may be written as it is. Every folder and
/// file name that a copy would take from its source goes through <see cref="MayReveal"/>; a path with a
/// component that may reveal the patient is named by the new UIDs instead.
/// </summary>
/// <remarks>
/// Today this looks for the file's own Patient ID, name parts and birth date. The identifier scrubber
/// (src/DicomAnon.Core/Identifiers) replaces this body at merge time: that is why the inputs are the component,
/// the whole dataset and the key, more than this body needs.
/// </remarks>
public static class PathComponentPolicy
{
    private static readonly DicomTag PatientIdTag = new(0x0010, 0x0020);
    private static readonly DicomTag PatientNameTag = new(0x0010, 0x0010);
    private static readonly DicomTag PatientBirthDateTag = new(0x0010, 0x0030);

    /// <summary>True when <paramref name="component"/> (one folder or file name) may reveal who the file is about.</summary>
    public static bool MayReveal(string component, DicomDataset dataset, SecretKey? key)
    {
        _ = key;
        return PathContainsIdentifiers(component, dataset.GetString(PatientIdTag), dataset.GetString(PatientNameTag), dataset.GetString(PatientBirthDateTag));
    }

    /// <summary>True when any component of <paramref name="relativePath"/> may reveal who the file is about.</summary>
    public static bool AnyMayReveal(string relativePath, DicomDataset dataset, SecretKey? key)
    {
        foreach (string part in relativePath.Split('/', '\\'))
        {
            if (part.Length > 0 && MayReveal(part, dataset, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text contains the patient's name part, ID or birth date (today's rule).</summary>
    public static bool PathContainsIdentifiers(string text, string? patientId, string? patientName, string? birthDate)
    {
        var needles = new List<string>();
        if (!string.IsNullOrWhiteSpace(patientId) && patientId!.Trim().Length >= 3)
        {
            needles.Add(patientId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(birthDate) && birthDate!.Trim().Length >= 8)
        {
            needles.Add(birthDate.Trim());
        }

        foreach (string part in (patientName ?? string.Empty).Split('^', '=', ' ', ','))
        {
            if (part.Trim().Length >= 3)
            {
                needles.Add(part.Trim());
            }
        }

        foreach (string needle in needles)
        {
            if (text.IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
