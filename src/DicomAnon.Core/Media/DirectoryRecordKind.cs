// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Media;

/// <summary>
/// The leaf directory record type (PS3.3 F.5) of a SOP class, with the keys its record carries and the value a
/// required (Type 1) key gets when the de-identified instance has none.
/// </summary>
/// <remarks>
/// Record types and keys follow PS3.3 Table F.4-1 and F.5, as pydicom's FileSet writes them. Fallbacks are fixed,
/// non-identifying values: the profile empties some Type 1 keys (Study ID, dates of removed attributes), and a
/// DICOMDIR with an empty Type 1 key is invalid.
/// </remarks>
internal sealed class DirectoryRecordKind
{
    private static readonly Dictionary<string, string> Fallbacks = new(StringComparer.Ordinal)
    {
        ["PatientID"] = "UNKNOWN",
        ["StudyDate"] = "19000101",
        ["StudyTime"] = "000000",
        ["Modality"] = "OT",
        ["ContentDate"] = "19000101",
        ["ContentTime"] = "000000",
        ["PresentationCreationDate"] = "19000101",
        ["PresentationCreationTime"] = "000000",
        ["ContentLabel"] = "UNLABELED",
        ["RTPlanLabel"] = "PLAN",
        ["StructureSetLabel"] = "STRUCTURES",
        ["DoseSummationType"] = "PLAN",
        ["CompletionFlag"] = "PARTIAL",
        ["VerificationFlag"] = "UNVERIFIED",
        ["MIMETypeOfEncapsulatedDocument"] = "application/octet-stream",
    };

    private static readonly DirectoryRecordKind Image = new("IMAGE", "IM", Keys("InstanceNumber"), Keys());
    private static readonly DirectoryRecordKind[] Kinds =
    {
        new("RT DOSE", "RD", Keys("InstanceNumber", "DoseSummationType"), Keys()),
        new("RT STRUCTURE SET", "RS", Keys("InstanceNumber", "StructureSetLabel"), Keys("StructureSetDate", "StructureSetTime")),
        new("RT PLAN", "RP", Keys("InstanceNumber", "RTPlanLabel"), Keys("RTPlanDate", "RTPlanTime")),
        new("RT TREAT RECORD", "RT", Keys("InstanceNumber"), Keys("TreatmentDate", "TreatmentTime")),
        new("PRESENTATION", "PR", Keys("PresentationCreationDate", "PresentationCreationTime", "InstanceNumber", "ContentLabel"),
            Keys("ContentDescription", "ContentCreatorName", "ReferencedSeriesSequence", "BlendingSequence")),
        new("WAVEFORM", "WV", Keys("InstanceNumber", "ContentDate", "ContentTime"), Keys()),
        new("SR DOCUMENT", "SR", Keys("InstanceNumber", "CompletionFlag", "VerificationFlag", "ContentDate", "ContentTime", "ConceptNameCodeSequence"),
            Keys("VerificationDateTime")),
        new("KEY OBJECT DOC", "KO", Keys("InstanceNumber", "ContentDate", "ContentTime", "ConceptNameCodeSequence"), Keys()),
        new("ENCAP DOC", "ED", Keys("InstanceNumber", "MIMETypeOfEncapsulatedDocument"),
            Keys("ContentDate", "ContentTime", "DocumentTitle", "ConceptNameCodeSequence")),
        new("RAW DATA", "RW", Keys("InstanceNumber", "ContentDate", "ContentTime"), Keys()),
        new("REGISTRATION", "RG", Keys("InstanceNumber", "ContentDate", "ContentTime", "ContentLabel"), Keys("ContentDescription", "ContentCreatorName")),
        new("FIDUCIAL", "FD", Keys("InstanceNumber", "ContentDate", "ContentTime", "ContentLabel"), Keys("ContentDescription", "ContentCreatorName")),
        new("VALUE MAP", "VM", Keys("InstanceNumber", "ContentDate", "ContentTime", "ContentLabel"), Keys("ContentDescription", "ContentCreatorName")),
    };

    private DirectoryRecordKind(string recordType, string filePrefix, DicomTag[] required, DicomTag[] optional)
    {
        RecordType = recordType;
        FilePrefix = filePrefix;
        Required = required;
        Optional = optional;
    }

    /// <summary>The Directory Record Type (0004,1430), e.g. "IMAGE".</summary>
    public string RecordType { get; }

    /// <summary>Two letters that start the instance's file name in the media layout.</summary>
    public string FilePrefix { get; }

    /// <summary>Type 1 keys of the record: copied, or given <see cref="FallbackFor"/> when absent or empty.</summary>
    public IReadOnlyList<DicomTag> Required { get; }

    /// <summary>Keys copied when the instance has them.</summary>
    public IReadOnlyList<DicomTag> Optional { get; }

    /// <summary>The record type for a SOP class, by its registry name; IMAGE for every image storage class.</summary>
    public static DirectoryRecordKind ForSopClass(string? sopClassUid)
    {
        string name = sopClassUid is not null && DicomUidRegistry.TryGet(sopClassUid, out DicomUidInfo? info) ? info!.Name : string.Empty;
        string? type = name switch
        {
            _ when name.Contains("RT Dose") => "RT DOSE",
            _ when name.Contains("RT Structure Set") => "RT STRUCTURE SET",
            _ when name.Contains("RT Plan") || name.Contains("RT Ion Plan") => "RT PLAN",
            _ when name.Contains("Treatment Record") || name.Contains("Treatment Summary Record") => "RT TREAT RECORD",
            _ when name.Contains("Presentation State") || name == "Basic Structured Display Storage" => "PRESENTATION",
            _ when name.Contains("Waveform") => "WAVEFORM",
            _ when name.Contains("Key Object Selection") => "KEY OBJECT DOC",
            _ when name.EndsWith(" SR Storage", StringComparison.Ordinal) || name.EndsWith(" SR", StringComparison.Ordinal)
                   || name.Contains("Report Storage") || name == "Procedure Log Storage" => "SR DOCUMENT",
            _ when name.StartsWith("Encapsulated ", StringComparison.Ordinal) => "ENCAP DOC",
            _ when name == "Raw Data Storage" => "RAW DATA",
            _ when name.Contains("Spatial Registration") => "REGISTRATION",
            _ when name == "Spatial Fiducials Storage" => "FIDUCIAL",
            _ when name == "Real World Value Mapping Storage" => "VALUE MAP",
            _ => null,
        };
        return type is null ? Image : Array.Find(Kinds, k => k.RecordType == type)!;
    }

    /// <summary>The fixed value a required key gets when the instance has none, or null when there is none to give.</summary>
    public static string? FallbackFor(string keyword) => Fallbacks.TryGetValue(keyword, out string? v) ? v : null;

    private static DicomTag[] Keys(params string[] keywords) => Array.ConvertAll(keywords, k =>
        DicomDictionary.TryGetTag(k, out DicomTag tag) ? tag : throw new InvalidOperationException($"No keyword {k}."));
}
