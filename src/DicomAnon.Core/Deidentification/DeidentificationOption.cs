// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

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
