// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>PS3.16 CID 7050 De-identification Method codes for the profile and each option.</summary>
internal static class DeidentificationCodes
{
    /// <summary>(113100, DCM, "Basic Application Confidentiality Profile").</summary>
    public static DeidentificationCode BasicProfile { get; } = new("113100", "Basic Application Confidentiality Profile");

    private static readonly Dictionary<DeidentificationOption, DeidentificationCode> ByOption = new()
    {
        [DeidentificationOption.CleanPixelData] = new("113101", "Clean Pixel Data Option"),
        [DeidentificationOption.CleanRecognizableVisualFeatures] = new("113102", "Clean Recognizable Visual Features Option"),
        [DeidentificationOption.CleanGraphics] = new("113103", "Clean Graphics Option"),
        [DeidentificationOption.CleanStructuredContent] = new("113104", "Clean Structured Content Option"),
        [DeidentificationOption.CleanDescriptors] = new("113105", "Clean Descriptors Option"),
        [DeidentificationOption.RetainLongitudinalTemporalInformationFullDates] = new("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
        [DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates] = new("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        [DeidentificationOption.RetainPatientCharacteristics] = new("113108", "Retain Patient Characteristics Option"),
        [DeidentificationOption.RetainDeviceIdentity] = new("113109", "Retain Device Identity Option"),
        [DeidentificationOption.RetainUids] = new("113110", "Retain UIDs Option"),
        [DeidentificationOption.RetainSafePrivate] = new("113111", "Retain Safe Private Option"),
        [DeidentificationOption.RetainInstitutionIdentity] = new("113112", "Retain Institution Identity Option"),
    };

    /// <summary>The CID 7050 code of <paramref name="option"/>.</summary>
    public static DeidentificationCode For(DeidentificationOption option) =>
        ByOption.TryGetValue(option, out DeidentificationCode? c) ? c : throw new ArgumentOutOfRangeException(nameof(option));
}
