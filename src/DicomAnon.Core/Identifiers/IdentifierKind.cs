// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Identifiers;

/// <summary>What an identifier is (reported instead of its value, which is never shown).</summary>
internal enum IdentifierKind
{
    /// <summary>Patient's Name, Other Patient Names, Patient's Birth Name (0010,0010/1001/1005).</summary>
    PatientName,

    /// <summary>Any other person name (physicians, operators, mother's birth name, PN values anywhere, private ones included).</summary>
    OtherPersonName,

    /// <summary>Patient ID (0010,0020) of the top-level dataset.</summary>
    PatientId,

    /// <summary>Other Patient IDs (0010,1000) and Patient IDs inside sequences (Other Patient IDs Sequence, ...).</summary>
    OtherPatientId,

    /// <summary>Accession Number (0008,0050), at any depth.</summary>
    AccessionNumber,

    /// <summary>Study ID (0020,0010).</summary>
    StudyId,

    /// <summary>Other identifying numbers: order numbers, procedure IDs, admission ID, medical record locator, telephone numbers.</summary>
    OtherId,

    /// <summary>Patient's Birth Date (0010,0030).</summary>
    BirthDate,

    /// <summary>Study Date (0008,0020).</summary>
    StudyDate,

    /// <summary>Series, Acquisition and Content Date and Acquisition DateTime (0008,0021/0022/0023/002A).</summary>
    OtherDate,

    /// <summary>Institution Name, Address and Department (0008,0080/0081/1040).</summary>
    Institution,

    /// <summary>Patient's Address (0010,1040).</summary>
    Address,

    /// <summary>An instance UID (any UI value that is not in the PS3.6 UID registry and not a class UID).</summary>
    Uid,
}
