// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Management.Automation;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Commands;

/// <summary>Writes a new random de-identification key to a file readable only by its owner.</summary>
[Cmdlet(VerbsCommon.New, "DicomAnonymizationKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/New-DicomAnonymizationKey.md")]
[OutputType(typeof(FileInfo))]
public sealed class NewDicomAnonymizationKeyCommand : PSCmdlet
{
    /// <summary>The key file to create.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Replace an existing key file (pseudonyms made with the old key can no longer be reproduced).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(full, "Create de-identification key file"))
        {
            return;
        }

        try
        {
            byte[] key = DeidentificationKey.Generate();
            OwnerOnlyFile.WriteAllText(full, DeidentificationKey.ToFileText(key), Force);
            WriteObject(new FileInfo(full));
        }
        catch (FileProblemException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ex.Category, full));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.FileWriteError, ErrorCategory.WriteError, full));
        }
    }
}
