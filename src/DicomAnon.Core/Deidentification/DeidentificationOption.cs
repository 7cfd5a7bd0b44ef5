// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// The options of PS3.15 Table E.1-1 (and Clean Pixel Data), named as the standard names them. CID 7050 codes in
/// <see cref="DeidentificationCodes"/>.
/// </summary>
/// <remarks>
/// <see cref="CleanPixelData"/> and <see cref="CleanRecognizableVisualFeatures"/> are carried out by the imaging
/// component, not by <see cref="Deidentifier"/>; when given, the header engine only records them in
/// De-identification Method Code Sequence (0012,0064).
/// </remarks>
public enum DeidentificationOption
{
    RetainSafePrivate,
    RetainUids,
    RetainDeviceIdentity,
    RetainInstitutionIdentity,
    RetainPatientCharacteristics,
    RetainLongitudinalTemporalInformationFullDates,
    RetainLongitudinalTemporalInformationModifiedDates,
    CleanDescriptors,
    CleanStructuredContent,
    CleanGraphics,
    CleanPixelData,
    CleanRecognizableVisualFeatures,
}

/// <summary>A coded De-identification Method (PS3.16 CID 7050), as written in (0012,0064).</summary>
public sealed class DeidentificationCode
{
    internal DeidentificationCode(string codeValue, string codeMeaning)
    {
        CodeValue = codeValue;
        CodeMeaning = codeMeaning;
    }

    /// <summary>Code Value (0008,0100), e.g. "113100".</summary>
    public string CodeValue { get; }

    /// <summary>Always "DCM".</summary>
    public string CodingSchemeDesignator => "DCM";

    /// <summary>Code Meaning (0008,0104), e.g. "Basic Application Confidentiality Profile".</summary>
    public string CodeMeaning { get; }

    public override string ToString() => $"({CodeValue}, DCM, \"{CodeMeaning}\")";
}

/// <summary>PS3.16 CID 7050 De-identification Method codes for the profile and each option.</summary>
public static class DeidentificationCodes
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
