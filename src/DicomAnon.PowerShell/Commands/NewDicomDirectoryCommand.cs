// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Core.Media;

namespace DicomAnon.Commands;

/// <summary>Builds a media file-set (a DICOMDIR and PS3.10 File IDs) from de-identified files.</summary>
/// <remarks>
/// The files are copied under -Destination as PTnnnnnn/STnnnnnn/SEnnnnnn/IMnnnnnn and the DICOMDIR is written last.
/// Only files marked de-identified (Patient Identity Removed YES) are taken, so the records carry no original value.
/// </remarks>
[Cmdlet(VerbsCommon.New, "DicomDirectory", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Low,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/New-DicomDirectory.md")]
[OutputType(typeof(DicomDirectoryResult))]
public sealed class NewDicomDirectoryCommand : DicomFileCmdlet
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private readonly DicomDirectoryBuilder _builder = new();
    private readonly HashSet<string> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _roots = new();
    private string? _destination;

    /// <summary>The folder of the new file-set (created if missing); the DICOMDIR is written at its top.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    /// <summary>File-set ID (0004,1130): at most 16 characters A-Z, 0-9, space and _. Empty by default.</summary>
    [Parameter]
    [ValidatePattern("^[A-Z0-9 _]{0,16}$")]
    public string FileSetId { get; set; } = string.Empty;

    /// <summary>Replace an existing DICOMDIR and instance files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination, out ProviderInfo provider, out _);
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{Destination}' is not a file-system path."),
                ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, Destination));
        }

        if (File.Exists(resolved))
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"'{resolved}' is a file; -Destination must be a folder."),
                ErrorIds.DestinationIsFile, ErrorCategory.InvalidArgument, resolved));
        }

        _destination = System.IO.Path.GetFullPath(resolved);
    }

    protected override void ProcessFile(InputFile file)
    {
        if (file.Root is not null && !_roots.Contains(file.Root))
        {
            _roots.Add(file.Root);
        }

        if (IsInside(file.Path, _destination!))
        {
            WriteVerbose($"Skipping '{file.Path}': it is inside the destination.");
            return;
        }

        var dicom = DicomFile.Open(file.Path, HeaderOnly);
        if (dicom.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID)?.Trim() == DicomDirectoryBuilder.DirectorySopClassUid)
        {
            WriteVerbose($"Skipping '{file.Path}': a DICOMDIR is rebuilt, not copied.");
            return;
        }

        if (dicom.Dataset.GetString(DicomTags.PatientIdentityRemoved)?.Trim() != "YES")
        {
            throw new FileProblemException(ErrorIds.NotDeidentified, ErrorCategory.InvalidData,
                $"'{file.Path}' is not marked de-identified (Patient Identity Removed is not YES); de-identify it first.");
        }

        MediaInstance instance;
        try
        {
            instance = _builder.Add(file.Path, dicom);
        }
        catch (InvalidDataException ex)
        {
            throw new FileProblemException(ErrorIds.FileSetRecordFailed, ErrorCategory.InvalidData, $"'{file.Path}': {ex.Message}", ex);
        }

        if (!_instances.Add(instance.SopInstanceUid))
        {
            throw new FileProblemException(ErrorIds.DuplicateInstance, ErrorCategory.InvalidData,
                $"'{file.Path}' has the SOP Instance UID of a file already taken; a file-set holds each instance once.");
        }
    }

    protected override void EndProcessing()
    {
        if (_builder.Instances.Count == 0)
        {
            WriteWarning("No de-identified DICOM file was found: no DICOMDIR written.");
            return;
        }

        string? source = _roots.FirstOrDefault(r => IsInside(_destination!, r));
        if (source is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The destination '{_destination}' is inside the source folder '{source}'."),
                ErrorIds.DestinationInsideSource, ErrorCategory.InvalidArgument, _destination));
        }

        if (!ShouldProcess(_destination!, $"Create a file-set of {_builder.Instances.Count} instances"))
        {
            return;
        }

        DicomFile dicomdir = _builder.Build(FileSetId);
        string? written;
        try
        {
            written = DicomFileSetWriter.Write(_builder, dicomdir, _destination!, Force, (instance, target, ex) =>
                WriteError(new ErrorRecord(ex, ex is IOException && File.Exists(target) ? ErrorIds.DestinationExists : ErrorIds.FileWriteError,
                    ErrorCategory.WriteError, instance.SourcePath)));
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.DestinationExists, ErrorCategory.ResourceExists, _destination));
            return;
        }

        if (written is null)
        {
            WriteError(new ErrorRecord(new IOException("Some instances could not be written, so no DICOMDIR was written (it would reference missing files)."),
                ErrorIds.FileSetIncomplete, ErrorCategory.WriteError, _destination));
            return;
        }

        IReadOnlyDictionary<string, int> counts = DicomFileSetWriter.CountRecords(dicomdir);
        WriteObject(new DicomDirectoryResult
        {
            Path = written,
            Patients = counts.TryGetValue("PATIENT", out int p) ? p : 0,
            Studies = counts.TryGetValue("STUDY", out int st) ? st : 0,
            Series = counts.TryGetValue("SERIES", out int se) ? se : 0,
            Instances = _builder.Instances.Count,
        });
    }

    private static bool IsInside(string path, string folder)
    {
        string f = folder.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        return (path + System.IO.Path.DirectorySeparatorChar).StartsWith(f, StringComparison.Ordinal);
    }
}
