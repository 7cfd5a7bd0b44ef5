// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using DicomAnon.Core;
using DicomAnon.Imaging;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Rendering;

namespace DicomAnon.Commands;

/// <summary>Renders frames of DICOM files to 8-bit grayscale PNG files, optionally outlining regions.</summary>
[Cmdlet(VerbsData.Export, "DicomImage", DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Export-DicomImage.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportDicomImageCommand : DicomFileCmdlet
{
    private string _destination = string.Empty;

    /// <summary>Folder for the PNG files (created if missing).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    /// <summary>Frame numbers to export (0-based); all frames when omitted.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int[]? Frame { get; set; }

    /// <summary>Rectangles x,y,width,height to outline in red (e.g. to check -Region values before blacking out).</summary>
    [Parameter]
    [RegionTransformation]
    public PixelRect[]? Outline { get; set; }

    /// <summary>Replace existing PNG files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string FallbackErrorId => ErrorIds.ImageExportFailed;

    protected override void BeginProcessing()
    {
        _destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
        if (File.Exists(_destination))
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"The destination '{_destination}' is a file; give a folder."),
                ErrorIds.DestinationIsFile, ErrorCategory.InvalidArgument, _destination));
        }
    }

    protected override void ProcessFile(InputFile file)
    {
        if (!ShouldProcess(file.Path, "Export frames as PNG to " + _destination))
        {
            return;
        }

        var dicom = DicomFile.Open(file.Path);
        var frames = PixelFrames.Open(dicom);
        var wanted = new List<int>();
        if (Frame is null)
        {
            for (int i = 0; i < frames.Count; i++)
            {
                wanted.Add(i);
            }
        }
        else
        {
            foreach (int i in Frame)
            {
                if (i >= frames.Count)
                {
                    throw new FileProblemException(ErrorIds.ImageExportFailed, ErrorCategory.InvalidArgument,
                        string.Format(CultureInfo.InvariantCulture, "'{0}' has {1} frame(s); frame {2} does not exist (frames count from 0).", file.Path, frames.Count, i));
                }

                wanted.Add(i);
            }
        }

        Directory.CreateDirectory(_destination);
        string stem = System.IO.Path.GetFileNameWithoutExtension(file.Path);
        foreach (int i in wanted)
        {
            string name = frames.Count == 1 ? stem + ".png" : stem + string.Format(CultureInfo.InvariantCulture, "_frame{0:D4}.png", i);
            string target = System.IO.Path.Combine(_destination, name);
            if (File.Exists(target) && !Force)
            {
                throw new FileProblemException(ErrorIds.DestinationExists, ErrorCategory.ResourceExists, $"'{target}' already exists. Use -Force to replace it.");
            }

            PngExporter.Export(frames, i, target, Outline);
            WriteObject(new FileInfo(target));
        }
    }
}
