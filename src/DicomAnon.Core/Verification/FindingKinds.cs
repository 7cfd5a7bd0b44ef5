// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Verification;

/// <summary>The kinds of <see cref="Finding"/> (stable names: scripts filter on them).</summary>
internal static class FindingKinds
{
    // An identifier of the source (or of the crosswalk) found in the output: "Source" + the IdentifierKind.
    public const string SourcePatientName = nameof(SourcePatientName);
    public const string SourceOtherPersonName = nameof(SourceOtherPersonName);
    public const string SourcePatientId = nameof(SourcePatientId);
    public const string SourceOtherPatientId = nameof(SourceOtherPatientId);
    public const string SourceAccessionNumber = nameof(SourceAccessionNumber);
    public const string SourceStudyId = nameof(SourceStudyId);
    public const string SourceOtherId = nameof(SourceOtherId);
    public const string SourceBirthDate = nameof(SourceBirthDate);
    public const string SourceStudyDate = nameof(SourceStudyDate);
    public const string SourceOtherDate = nameof(SourceOtherDate);
    public const string SourceInstitution = nameof(SourceInstitution);
    public const string SourceAddress = nameof(SourceAddress);
    public const string SourceUid = nameof(SourceUid);

    // Against the profile the file claims in (0012,0063/0064).
    /// <summary>An attribute the claimed profile removes (X) is present with a value.</summary>
    public const string ProfileAttributeNotRemoved = nameof(ProfileAttributeNotRemoved);

    /// <summary>An attribute the claimed profile empties, replaces or remaps still has the source's value.</summary>
    public const string ProfileAttributeNotReplaced = nameof(ProfileAttributeNotReplaced);

    /// <summary>A date the claimed Modified Dates option shifts still has the source's value.</summary>
    public const string DateNotShifted = nameof(DateNotShifted);

    /// <summary>A private element although the file does not claim Retain Safe Private.</summary>
    public const string PrivateAttributeNotRemoved = nameof(PrivateAttributeNotRemoved);

    /// <summary>A private element kept under Retain Safe Private that Table E.3.10-1 does not list.</summary>
    public const string PrivateAttributeNotSafe = nameof(PrivateAttributeNotSafe);

    // Without a source.
    /// <summary>A PN value that is not pseudonym-shaped (letters only, not a dummy).</summary>
    public const string PersonNameNotPseudonym = nameof(PersonNameNotPseudonym);

    /// <summary>A private block whose creator is not in Table E.3.10-1.</summary>
    public const string UnsafePrivateCreator = nameof(UnsafePrivateCreator);

    /// <summary>Patient Identity Removed (0012,0062) missing or not YES.</summary>
    public const string PatientIdentityNotRemoved = nameof(PatientIdentityNotRemoved);

    /// <summary>Burned In Annotation (0028,0301) is YES.</summary>
    public const string BurnedInAnnotation = nameof(BurnedInAnnotation);

    /// <summary>Burned In Annotation missing on a modality prone to burned-in text.</summary>
    public const string BurnedInAnnotationMissing = nameof(BurnedInAnnotationMissing);

    /// <summary>File meta beyond what Part 10 needs (source/sending/receiving AE titles and URLs, private information).</summary>
    public const string FileMetaNotMinimal = nameof(FileMetaNotMinimal);

    /// <summary>A command-group element (0000,xxxx) inside the dataset (e.g. Move Originator AE Title).</summary>
    public const string CommandElementInDataset = nameof(CommandElementInDataset);

    /// <summary>A DICOMDIR record that carries a name, birth date or another identifier.</summary>
    public const string DicomDirRecordIdentifier = nameof(DicomDirRecordIdentifier);

    /// <summary>Free text with a date-like token.</summary>
    public const string FreeTextDate = nameof(FreeTextDate);

    /// <summary>Free text with an ID-like token (6+ digits, or letters and 5+ digits).</summary>
    public const string FreeTextIdentifier = nameof(FreeTextIdentifier);

    /// <summary>Free text with a name-like token (Family^Given, a title such as Dr. or Mrs. before a name).</summary>
    public const string FreeTextName = nameof(FreeTextName);

    /// <summary>OCR read text in the pixel data.</summary>
    public const string BurnedInText = nameof(BurnedInText);

    /// <summary>OCR read text in the pixel data that matches an identifier of the source.</summary>
    public const string BurnedInIdentifier = nameof(BurnedInIdentifier);

    /// <summary>A file in the checked tree that is not DICOM: nothing vouches for it (its bytes and name are still searched against the sources).</summary>
    public const string NotDicomFile = nameof(NotDicomFile);

    /// <summary>A value too large to load (over 64 MiB) was not searched: it is not proven clean.</summary>
    public const string ValueNotScanned = nameof(ValueNotScanned);
}
