// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Management.Automation;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;

namespace DicomAnon.Commands;

/// <summary>Tells whether files are DICOM and whether their whole structure parses (pixel data located, not loaded).</summary>
/// <remarks>One file named without wildcards gives $true/$false; anything that can mean several files gives objects with the path.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "DicomFile", DefaultParameterSetName = PathSet,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Test-DicomFile.md")]
[OutputType(typeof(bool), typeof(DicomFileCheck))]
public sealed class TestDicomFileCommand : DicomFileCmdlet
{
    private static readonly DicomReadOptions Structure = new() { StopBeforePixelData = false, BulkDataThreshold = 256 };

    private bool _oneNamedFile;

    /// <summary>Return a DicomFileCheck for a single named file too, instead of $true/$false.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override bool RequireDicom => false;

    protected override void BeginProcessing()
    {
        // Like Test-Path, one file named without wildcards answers $true/$false. Folders, several paths, wildcards and
        // pipeline input can mean many files, and a bare list of booleans would not say which is which: they give
        // DicomFileCheck objects, which carry the path.
        _oneNamedFile = !MyInvocation.ExpectingInput && Path.Length == 1
            && (ParameterSetName == LiteralPathSet || !WildcardPattern.ContainsWildcardCharacters(Path[0]));
    }

    protected override void ProcessFile(InputFile file)
    {
        var check = new DicomFileCheck { Path = file.Path, IsDicom = DicomSniffer.LooksLikeDicom(file.Path) };
        if (check.IsDicom)
        {
            try
            {
                var dicom = DicomFile.Open(file.Path, Structure);
                check.IsValid = true;
                check.TransferSyntax = dicom.TransferSyntax.Name;
                string? sop = dicom.Dataset.GetString(DicomTags.SOPClassUID) ?? dicom.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID);
                check.SopClass = sop is null ? null : DicomUidRegistry.TryGet(sop, out DicomUidInfo? info) ? info!.Name : sop;
                check.HasPixelData = dicom.Dataset.Contains(DicomTag.PixelData);
            }
            catch (Exception ex) when (ex is DicomFormatException or System.IO.EndOfStreamException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                check.Problem = ex.Message;
                WriteVerbose($"'{file.Path}': {ex.Message}");
            }
        }
        else
        {
            check.Problem = "No 'DICM' marker at byte 128 and no recognisable dataset.";
        }

        if (_oneNamedFile && file.Named && !Detailed)
        {
            WriteObject(check.IsValid);
        }
        else
        {
            WriteObject(check);
        }
    }
}
