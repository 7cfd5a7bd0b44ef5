// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using System.Management.Automation;
using System.Threading;
using DicomAnon.Core;
using DicomAnon.Core.Batch;
using DicomAnon.Imaging;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Commands;

/// <summary>Blacks out burned-in text in the pixel data: given regions, known annotation locations, and OCR.</summary>
[Cmdlet(VerbsCommon.Remove, "DicomBurnedText", DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Remove-DicomBurnedText.md")]
[OutputType(typeof(BurnedTextResult))]
public sealed class RemoveDicomBurnedTextCommand : FileWriterCmdlet
{
    private RemoverPool? _pool;
    private string? _reviewFolder;

    /// <summary>Rectangles x,y,width,height blacked out on every frame.</summary>
    [Parameter]
    [RegionTransformation]
    public PixelRect[]? Region { get; set; }

    /// <summary>Find text with Tesseract OCR.</summary>
    [Parameter]
    public SwitchParameter UseOcr { get; set; }

    /// <summary>Black out only text that matches the file's own identifiers (implies -UseOcr).</summary>
    [Parameter]
    public SwitchParameter PhiOnly { get; set; }

    /// <summary>Ultrasound: black out everything outside the Sequence of Ultrasound Regions.</summary>
    [Parameter]
    public SwitchParameter OutsideUltrasoundRegions { get; set; }

    /// <summary>Do not apply the library of known annotation locations.</summary>
    [Parameter]
    public SwitchParameter NoKnownLocations { get; set; }

    /// <summary>Path of the Tesseract shared library.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TesseractPath { get; set; }

    /// <summary>Folder for before/after PNGs of files a person must review (text remains or not cleaned), named by output path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReviewFolder { get; set; }

    /// <summary>Emit a BurnedTextResult per file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override string ActionName => "Black out burned-in text";

    protected override string ProgressActivity => "Removing burned-in text";

    protected override string FallbackErrorId => ErrorIds.BurnedTextRemovalFailed;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        bool ocr = UseOcr || PhiOnly;
        string? library = TesseractPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TesseractPath);
        if (ocr && !OcrCheck.TryLoad(library, out string reason))
        {
            ThrowTerminatingError(new ErrorRecord(new System.InvalidOperationException(reason),
                ErrorIds.OcrEngineNotFound, ErrorCategory.NotInstalled, "tesseract"));
        }

        _reviewFolder = ReviewFolder is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReviewFolder);
        if (_reviewFolder is not null && DestinationRoot is not null && PathComparison.IsSameOrUnder(_reviewFolder, DestinationRoot))
        {
            // The "before" half of a review picture shows the text as it was burned in (names, IDs).
            ThrowTerminatingError(new ErrorRecord(
                new System.ArgumentException($"-ReviewFolder '{_reviewFolder}' is inside the destination '{DestinationRoot}'. Its pictures show the frames before cleaning, so they must not ship with the cleaned files: keep them outside the destination."),
                ErrorIds.SidecarInDestination,
                ErrorCategory.InvalidArgument,
                _reviewFolder));
        }

        _pool = new RemoverPool(new RedactionSettings
        {
            UseOcr = ocr,
            Regions = Region ?? System.Array.Empty<PixelRect>(),
            UseKnownLocationRules = !NoKnownLocations,
            OutsideUltrasoundRegions = OutsideUltrasoundRegions,
            Target = PhiOnly ? RedactionTarget.PhiOnly : RedactionTarget.AllText,
            TesseractLibraryPath = library,
            KeepReviewFrames = ReviewFolder is not null,
        });
    }

    protected override void Execute(WriteOutcome outcome, CancellationToken token)
    {
        InputFile input = outcome.File;
        var file = DicomFile.Open(input.Path);
        RedactionReport report = _pool!.Apply(file);
        int remaining = report.PerFrame.Sum(f => f.TextRemaining.Count);
        outcome.Warnings.AddRange(report.Warnings.Select(w => $"'{input.Path}': {w}"));
        outcome.Result = new BurnedTextResult
        {
            SourcePath = input.Path,
            Status = report.Outcome.ToString(),
            PixelOutcome = report.Outcome,
            Frames = report.Frames,
            RegionsBlackedOut = report.PerFrame.Sum(f => f.Regions.Count),
            TextRemaining = remaining,
            OcrUsed = report.OcrUsed,
            BurnedInAnnotationCleared = report.BurnedInAnnotationCleared,
        };

        token.ThrowIfCancellationRequested();
        string target = MirrorTarget(outcome);
        outcome.TempPath = NewTempPath(target);
        outcome.Target = target;
        file.Save(outcome.TempPath, new Core.IO.DicomWriteOptions { Overwrite = true });
        if (_reviewFolder is not null && report.NeedsReview)
        {
            // Only files a person must look at: proven outcomes (Cleaned, NoTextFound) and files without pixels get none.
            ReviewImage.Write(_reviewFolder, target, report);
        }

        if (remaining > 0)
        {
            outcome.ErrorAfterWrite = new FileProblemException(ErrorIds.BurnedTextRemains, ErrorCategory.InvalidResult,
                $"'{input.Path}': the re-check still reads text, or possible text it cannot rule out, in {remaining} place(s) after cleaning; the file was written but Burned In Annotation stays YES. Review it, or add -Region for those areas.");
        }
    }

    protected override void Emit(WriteOutcome outcome)
    {
        var result = (BurnedTextResult)outcome.Result!;
        result.Path = outcome.Target;
        if (PassThru)
        {
            WriteObject(result);
        }
    }

    protected override void DisposeResources() => _pool?.Dispose();
}
