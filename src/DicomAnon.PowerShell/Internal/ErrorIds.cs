// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Commands;

/// <summary>
/// Every error id the cmdlets report (the first part of <c>FullyQualifiedErrorId</c>).
/// Each one is documented in about_DicomAnon; keep the two lists in step.
/// </summary>
internal static class ErrorIds
{
    // Input paths.
    public const string PathNotFound = "PathNotFound";
    public const string NotFileSystemPath = "NotFileSystemPath";
    public const string DirectoryAccessDenied = "DirectoryAccessDenied";
    public const string NotDicomFile = "NotDicomFile";
    public const string NotRegularFile = "NotRegularFile";
    public const string OutsideRelativeTo = "OutsideRelativeTo";
    public const string InputInsideDestination = "InputInsideDestination";

    // Reading.
    public const string DicomParseFailed = "DicomParseFailed";
    public const string FileNotFound = "FileNotFound";
    public const string AccessDenied = "AccessDenied";
    public const string FileReadError = "FileReadError";
    public const string InvalidTag = "InvalidTag";
    public const string DicomLimitExceeded = DicomAnon.Core.IO.DicomLimitExceededException.Id;
    public const string DeflatedDataTruncated = DicomAnon.Core.IO.DeflatedDataTruncatedException.Id;

    // Writing.
    public const string DestinationRequired = "DestinationRequired";
    public const string DestinationIsFile = "DestinationIsFile";
    public const string DestinationExists = "DestinationExists";
    public const string OutputNameCollision = "OutputNameCollision";
    public const string FileWriteError = "FileWriteError";
    public const string DiskFull = DicomAnon.Core.IO.OutputFailure.DiskFull;
    public const string ReadOnlyFileSystem = DicomAnon.Core.IO.OutputFailure.ReadOnlyFileSystem;
    public const string DestinationInsideSource = "DestinationInsideSource";
    public const string SidecarInDestination = "SidecarInDestination";
    public const string InvalidPartition = "InvalidPartition";
    public const string LogWriteFailed = "LogWriteFailed";

    // De-identification.
    public const string DeidentificationFailed = "DeidentificationFailed";
    public const string InvalidKey = "InvalidKey";
    public const string KeyFileNotFound = "KeyFileNotFound";
    public const string KeyFileUnreadable = "KeyFileUnreadable";
    public const string InvalidRules = "InvalidRules";
    public const string InvalidSubjectMap = "InvalidSubjectMap";
    public const string CrosswalkWriteFailed = "CrosswalkWriteFailed";
    public const string OptionNotImplemented = "OptionNotImplemented";
    public const string ConflictingOptions = "ConflictingOptions";

    // Pixels.
    public const string OcrEngineNotFound = "OcrEngineNotFound";
    public const string UnsupportedPixelData = "UnsupportedPixelData";
    public const string BurnedTextRemovalFailed = "BurnedTextRemovalFailed";
    public const string BurnedTextRemains = "BurnedTextRemains";
    public const string ImageExportFailed = "ImageExportFailed";

    // Media file-sets (New-DicomDirectory).
    public const string NotDeidentified = "NotDeidentified";
    public const string DuplicateInstance = "DuplicateInstance";
    public const string FileSetRecordFailed = "FileSetRecordFailed";
    public const string FileSetIncomplete = "FileSetIncomplete";
    // Verification.
    public const string InvalidCrosswalk = "InvalidCrosswalk";
    public const string ReportWriteFailed = "ReportWriteFailed";
}
