// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using DicomAnon.Core;
using DicomAnon.Core.Batch;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Pixels;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Commands;

/// <summary>De-identifies DICOM files (PS3.15 Annex E Basic Profile plus options) into new files.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DicomAnonymize", DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Invoke-DicomAnonymize.md")]
[OutputType(typeof(AnonymizeResult))]
public sealed class InvokeDicomAnonymizeCommand : FileWriterCmdlet
{
    private const string DicomDirClassUid = "1.2.840.10008.1.3.10";
    private static readonly Core.IO.DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    private readonly RuleSet _rules = new();
    private readonly HashSet<string> _crosswalkSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly DateTime _started = DateTime.UtcNow;
    private SubjectMap? _subjectMap;
    private Deidentifier? _deidentifier;
    private PathComponentPolicy? _paths;
    private Deidentifier? _deidentifierPixelsCleaned;
    private string _optionTextPixelsCleaned = string.Empty;
    private bool _cleanPixels;
    private RemoverPool? _remover;
    private string? _reviewFolder;
    private SecretKey? _key;
    private StudyPartition? _partition;
    private ResumeState? _resume;
    private RunLog? _log;
    private CrosswalkFile? _crosswalk;
    private string _optionText = string.Empty;
    private string _settingsHash = string.Empty;
    private string? _subjectMapDigest;

    /// <summary>A file holding the secret key (base64, as New-DicomAnonymizationKey writes it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>The secret key as a SecureString (base64, hex, or a passphrase of 16+ characters).</summary>
    [Parameter]
    public SecureString? Key { get; set; }

    /// <summary>PS3.15 options on top of the Basic Profile.</summary>
    [Parameter]
    public DeidentificationOption[]? Option { get; set; }

    /// <summary>CSV mapping original Patient IDs to pseudonyms (the engine's SubjectMap format).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SubjectMap { get; set; }

    /// <summary>A psd1 or json file with Keep, Remove, Replace and Options, or the engine's JSON rule list.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Rules { get; set; }

    /// <summary>Elements to keep as they were (at every depth).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DicomAnon.Completion.DicomKeywordCompleter))]
    public string[]? Keep { get; set; }

    /// <summary>Elements to remove (at every depth).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DicomAnon.Completion.DicomKeywordCompleter))]
    public string[]? Remove { get; set; }

    /// <summary>Text elements to set to a fixed value: @{ InstitutionName = 'RESEARCH' }.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DicomAnon.Completion.DicomKeywordCompleter))]
    public Hashtable? Replace { get; set; }

    /// <summary>Write original-to-pseudonym Patient IDs to this CSV (readable by its owner only).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Crosswalk { get; set; }

    /// <summary>
    /// With CleanPixelData: a folder for before/after PNGs of the files a person must review (TextRemains, NotCleaned,
    /// BlackedOutNotVerified), each named by its output path. Outside the destination: the pictures show the PHI.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReviewFolder { get; set; }

    /// <summary>How copies are named under -Destination.</summary>
    [Parameter]
    public OutputLayout Layout { get; set; } = OutputLayout.Mirror;

    /// <summary>Also black out burned-in text in the pixel data (the same as -Option CleanPixelData).</summary>
    [Parameter]
    public SwitchParameter CleanPixelData { get; set; }

    /// <summary>Append a JSON-lines log of this run (one record per input and a summary) to this file, owner-only.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>Process only share i of n ("2/8"): files are split by a keyed hash of their Study Instance UID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Partition { get; set; }

    /// <summary>Also process inputs that DicomAnon has already de-identified (skipped with a warning otherwise).</summary>
    [Parameter]
    public SwitchParameter ReprocessDeidentified { get; set; }

    protected override string ActionName => "De-identify";

    protected override string ProgressActivity => "De-identifying DICOM files";

    protected override string FallbackErrorId => ErrorIds.DeidentificationFailed;

    /// <summary>
    /// The next files are parsed ahead as <see cref="Execute"/> reads them; not for a rerun that finds finished files
    /// (those are skipped unread) nor for -WhatIf/-Confirm (which may process none).
    /// </summary>
    private protected override Core.IO.DicomReadOptions? ReadAheadOptions =>
        (_resume is null || _resume.Count == 0) && !MyInvocation.BoundParameters.ContainsKey("WhatIf") && !MyInvocation.BoundParameters.ContainsKey("Confirm")
            ? Core.IO.DicomReadOptions.Default
            : null;

    /// <summary>The folder's identifiers (for the mirrored names) are read by the read-ahead worker too.</summary>
    private protected override Action<string>? BeforeReadAhead =>
        InPlace || Layout == OutputLayout.Uid || _paths is null ? null : _paths.Prepare;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _key = LoadKey();
        LoadRules();
        LoadSubjectMap();
        if (Partition is not null)
        {
            if (!StudyPartition.TryParse(Partition, out int index, out int count))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Partition '{Partition}' is not i/n with 1 <= i <= n (for example 2/8)."),
                    ErrorIds.InvalidPartition, ErrorCategory.InvalidArgument, Partition));
            }

            _partition = new StudyPartition(index, count, _key);
        }

        // Options given (-Option, the rules file) add to the engine's default (it keeps dates shifted); -CleanPixelData too.
        var options = new List<DeidentificationOption>();
        if (Option is not null)
        {
            options.AddRange(Option);
        }

        options.AddRange(_rules.Options);
        if (Option is null && _rules.Options.Count == 0)
        {
            options.AddRange(new DeidentificationSettings().Options);
        }

        if (options.Contains(DeidentificationOption.CleanRecognizableVisualFeatures))
        {
            ThrowTerminatingError(new ErrorRecord(
                new NotSupportedException("The option CleanRecognizableVisualFeatures is not implemented: nothing in DicomAnon removes faces or other recognizable features from the pixel data, so it cannot be recorded. Remove it from -Option or the rules file."),
                ErrorIds.OptionNotImplemented, ErrorCategory.NotImplemented, DeidentificationOption.CleanRecognizableVisualFeatures));
        }

        // -Option CleanPixelData and -CleanPixelData are the same request. Its code (113101) is recorded per file, only
        // when the pixel outcome is proven, so there is one de-identifier with it and one without.
        _cleanPixels = CleanPixelData || options.Contains(DeidentificationOption.CleanPixelData);
        options.RemoveAll(o => o == DeidentificationOption.CleanPixelData);
        IReadOnlyList<CustomRule> customRules = _rules.ToCustomRules();
        _deidentifier = NewDeidentifier(options, customRules, out _optionText);
        _paths = new PathComponentPolicy(_deidentifier);
        _settingsHash = SettingsHash(customRules);
        if (_cleanPixels)
        {
            options.Add(DeidentificationOption.CleanPixelData);
            _deidentifierPixelsCleaned = NewDeidentifier(options, customRules, out _optionTextPixelsCleaned);
            bool ocr = OcrCheck.TryLoad(null, out string reason);
            if (!ocr)
            {
                WriteWarning("-CleanPixelData: OCR is not available, so only the known annotation locations are blacked out; files a rule matches are written as BlackedOutNotVerified and files no rule matches as NotCleaned, both with Burned In Annotation unchanged. " + reason);
            }

            _reviewFolder = ReviewFolder is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReviewFolder);
            _remover = new RemoverPool(new RedactionSettings { UseOcr = ocr, KeepReviewFrames = _reviewFolder is not null });
        }
        else if (ReviewFolder is not null)
        {
            WriteWarning("-ReviewFolder: pictures are written only with -Option CleanPixelData, so none will be written.");
        }

        RefuseSidecarInDestination(Crosswalk, "-Crosswalk");
        RefuseSidecarInDestination(LogPath, "-LogPath");
        RefuseSidecarInDestination(ReviewFolder, "-ReviewFolder");
        if (Crosswalk is not null)
        {
            _crosswalk = new CrosswalkFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Crosswalk), OwnerOnlyFile.Restrict);
        }

        if (LogPath is not null && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            // -WhatIf writes nothing: a log of a preview would read like a run that processed no file.
            _log = new RunLog(SessionState.Path.GetUnresolvedProviderPathFromPSPath(LogPath), OwnerOnlyFile.Restrict);
        }

        if (DestinationRoot is not null)
        {
            _resume = ResumeState.Load(DestinationRoot);
        }
    }

    protected override void AfterLastFile()
    {
        if (_log is null)
        {
            return;
        }

        var counts = new List<KeyValuePair<string, object?>>();
        foreach (string status in new[] { "Deidentified", "Skipped", "Failed" })
        {
            counts.Add(new(status, _counts.TryGetValue(status, out int n) ? n : 0));
        }

        Log(new KeyValuePair<string, object?>[]
        {
            new("type", "summary"),
            new("counts", counts),
            new("started", _started.ToString("o", CultureInfo.InvariantCulture)),
            new("seconds", Math.Round((DateTime.UtcNow - _started).TotalSeconds, 3)),
            new("options", _optionText),
            new("layout", Layout.ToString()),
            new("cleanPixelData", _cleanPixels),
            new("partition", _partition?.ToString()),
            new("inPlace", InPlace.IsPresent),
            new("destination", DestinationRoot),
            new("keyFingerprint", _key?.Fingerprint),
            new("settingsHash", _settingsHash),
        });
        try
        {
            _log.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.LogWriteFailed, ErrorCategory.WriteError, _log.Path));
        }
    }

    protected override void DisposeResources()
    {
        _remover?.Dispose();
        _resume?.Dispose();
        try
        {
            _log?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Stopped: nothing can be reported any more.
        }
    }

    /// <summary>The output path -WhatIf shows: the mirrored name with identifying components replaced, or the UID name for -Layout Uid.</summary>
    protected override string DescribeTarget(InputFile file, string relative)
    {
        string byUid = file.Path + " -> " + System.IO.Path.Combine(DestinationRoot!, "<new PatientID>", "<new StudyInstanceUID>", "<new SeriesInstanceUID>", "<new SOPInstanceUID>.dcm");
        if (Layout == OutputLayout.Uid)
        {
            return byUid;
        }

        if (!MyInvocation.BoundParameters.ContainsKey("WhatIf") && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return base.DescribeTarget(file, relative); // not shown to anyone: no reason to read the file twice
        }

        try
        {
            // Only the header is read: enough to see whether the name reveals the patient.
            var header = DicomFile.Open(file.Path, HeaderOnly);
            return file.Path + " -> " + System.IO.Path.Combine(DestinationRoot!, _paths!.Scrub(relative, file.Path, header.Dataset));
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            // Unreadable: the real run reports it; the preview shows the mirrored name.
        }

        return base.DescribeTarget(file, relative);
    }

    protected override void Execute(WriteOutcome outcome, CancellationToken token)
    {
        InputFile input = outcome.File;
        var result = new AnonymizeResult { SourcePath = input.Path, Options = _optionText };
        outcome.Result = result;
        if (DicomSniffer.IsDicomDirName(input.Path))
        {
            SkipDicomDir(outcome, result);
            return;
        }

        outcome.State ??= NewFileState(outcome);
        var state = (FileState)outcome.State;

        // One parse (the pixel data located, not loaded), by the read-ahead when there is one. A file whose header
        // reads but whose later part does not is still skipped as before when the header says so; then its error.
        DicomFile? file = null;
        Exception? readError = null;
        try
        {
            file = ReadInput(input.Path, Core.IO.DicomReadOptions.Default, outcome.ReadAhead);
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            readError = ex;
        }

        DicomFile header = file ?? DicomFile.Open(input.Path, HeaderOnly);
        if (string.Equals(header.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID), DicomDirClassUid, StringComparison.Ordinal))
        {
            SkipDicomDir(outcome, result);
            return;
        }

        if (_partition is not null && !_partition.Contains(header.Dataset.GetString(DicomTags.StudyInstanceUID)))
        {
            Skip(result, "OtherPartition", $"'{input.Path}' belongs to another share than {_partition}.");
            return;
        }

        if (!ReprocessDeidentified && PriorDeidentification.IsOurs(header.Dataset))
        {
            string message = $"'{input.Path}' was already de-identified by DicomAnon, so it was skipped (use -ReprocessDeidentified to process it again).";
            Skip(result, "AlreadyDeidentified", message);
            outcome.Warnings.Add(message);
            return;
        }

        if (readError is not null)
        {
            ExceptionDispatchInfo.Capture(readError).Throw();
        }

        token.ThrowIfCancellationRequested();
        DicomDataset ds = file!.Dataset;
        string? originalId = ds.GetString(DicomTags.PatientID);
        // Before the profile runs: the policy needs the original identifiers.
        string relative = InPlace || Layout == OutputLayout.Uid ? outcome.RelativePath : _paths!.Scrub(outcome.RelativePath, input.Path, ds);

        Deidentifier deidentifier = _deidentifier!;
        result.PixelOutcome = Imaging.Pixels.PixelFrames.HasPixelData(ds) ? PixelOutcome.NotCleaned : PixelOutcome.NoPixelData;
        RedactionReport? report = null;
        if (_remover is not null)
        {
            report = _remover.Apply(file);
            result.PixelOutcome = report.Outcome;
            result.PixelRegionsBlackedOut = report.PerFrame.Sum(f => f.Regions.Count);
            outcome.Warnings.AddRange(report.Warnings.Select(w => $"'{input.Path}': {w}"));
            if (report.Outcome == PixelOutcome.TextRemains)
            {
                outcome.Warnings.Add($"'{input.Path}': the re-check still reads text, or possible text it cannot rule out, in the pixel data; review the copy before release.");
            }
            else if (report.Outcome == PixelOutcome.BlackedOutNotVerified)
            {
                outcome.Warnings.Add($"'{input.Path}': regions were blacked out but nothing proves that no text remains; review the copy before release.");
            }

            if (report.Outcome is PixelOutcome.Cleaned or PixelOutcome.NoTextFound)
            {
                deidentifier = _deidentifierPixelsCleaned!;
                result.Options = _optionTextPixelsCleaned;
            }
        }

        token.ThrowIfCancellationRequested();
        DeidentificationResult r = deidentifier.Apply(file);
        string pseudonym = r.PseudonymPatientId;

        result.Status = "Deidentified";
        result.PseudonymPatientId = pseudonym;
        result.Removed = r.Removed;
        result.Emptied = r.Emptied;
        result.Replaced = r.Replaced;
        result.UidsRemapped = r.UidsRemapped;
        result.DatesShifted = r.DatesShifted;
        outcome.Warnings.AddRange(r.Warnings.Select(w => $"'{input.Path}': {w}"));
        state.OriginalId = originalId;
        state.Pseudonym = pseudonym;
        state.OffsetDays = r.DateOffsetDays;

        string target;
        if (InPlace)
        {
            target = input.Path;
            if (Core.Batch.InPlaceLinks.Describe(input.Path) is string links)
            {
                outcome.Warnings.Add($"'{input.Path}' {links}");
            }
        }
        else if (Layout == OutputLayout.Uid)
        {
            target = UidTarget(ds, pseudonym);
        }
        else
        {
            target = System.IO.Path.Combine(DestinationRoot!, relative);
            if (!string.Equals(relative, outcome.RelativePath, StringComparison.Ordinal))
            {
                outcome.Warnings.Add($"Parts of the name of '{input.Path}' carry patient identifiers, so they were replaced in its copy: '{target}'.");
            }
        }

        outcome.TempPath = NewTempPath(target);
        outcome.Target = target;
        if (_reviewFolder is not null && report is { NeedsReview: true })
        {
            // Named by the output path (its identifiers already replaced), never by a patient value.
            ReviewImage.Write(_reviewFolder, target, report);
        }

        // Written by the base class, at once or behind (while the next file is de-identified); the pipeline thread
        // then renames it into place.
        outcome.Write = o => WriteTemp(file, o.TempPath!);
    }

    /// <summary>
    /// Straight into the temporary file (deleted on failure). The buffer holds a typical CT or MR header (1-4 KB) in
    /// one write, and a bigger one in page-sized writes; the untouched tail is copied by the kernel around it. The
    /// buffer is allocated for every file, so it is no larger (16 KB was 18% of the bytes a run allocated per file).
    /// </summary>
    private static void WriteTemp(DicomFile file, string temp)
    {
        using FileStream stream = Core.IO.NewFile.Create(temp, 4096);
        Core.IO.DicomWriter.Write(file, stream, Core.IO.DicomWriteOptions.Default);
    }

    /// <summary>Finished by an earlier run? Decided from the file system and the resume records alone, before the file is read.</summary>
    protected override bool TryResume(WriteOutcome outcome)
    {
        if (_resume is null || DicomSniffer.IsDicomDirName(outcome.File.Path))
        {
            return false;
        }

        FileState state = NewFileState(outcome);
        outcome.State = state;
        if (!_resume.IsFinished(state.SourceId, state.Size, state.ModifiedTicks, _settingsHash, DestinationRoot!, out string done))
        {
            return false;
        }

        var result = new AnonymizeResult { SourcePath = outcome.File.Path, Options = _optionText, Path = done };
        Skip(result, "AlreadyDone", $"'{outcome.File.Path}' was finished by an earlier run with the same key, options and rules, and is unchanged.");
        outcome.Result = result;
        RemoveStaleTempsOnce(System.IO.Path.GetDirectoryName(done) ?? DestinationRoot!);
        return true;
    }

    /// <summary>The source's identity for the resume records, read before the file is opened (a later change makes it differ).</summary>
    private FileState NewFileState(WriteOutcome outcome)
    {
        long size, ticks;
        if (outcome.ReadAhead is { Length: >= 0 } ahead)
        {
            // Taken by the read-ahead before it opened the file.
            size = ahead.Length;
            ticks = ahead.LastWriteTicksUtc;
        }
        else
        {
            var source = new FileInfo(outcome.File.Path);
            size = source.Length;
            ticks = source.LastWriteTimeUtc.Ticks;
        }

        return new FileState
        {
            SourceId = SecretKey.ToHex(_key!.Hmac("resume\u0000" + outcome.RelativePath.Replace('\\', '/')), 16),
            Size = size,
            ModifiedTicks = ticks,
        };
    }

    /// <summary>Path scrubbing holds a folder's identifiers only until the folder's last input is reported.</summary>
    protected override void BeforeFirstFile()
    {
        base.BeforeFirstFile();
        if (!InPlace && Layout != OutputLayout.Uid && _paths is not null)
        {
            foreach (InputFile file in Inputs)
            {
                _paths.Expect(file.Path);
            }
        }
    }

    protected override void Emit(WriteOutcome outcome)
    {
        _paths?.Finished(outcome.File.Path);
        var result = (AnonymizeResult)outcome.Result!;
        var state = outcome.State as FileState;
        if (result.Status == "Deidentified")
        {
            result.Path = outcome.Target;
            if (outcome.FoundIdentical)
            {
                Skip(result, "IdenticalOutputExists", $"'{outcome.Target}' already held exactly this output (an earlier run stopped before recording it).");
            }

            // The crosswalk row first: a run killed in between then redoes the file and writes its row.
            bool recorded = true;
            if (state?.OriginalId is string original && state.Pseudonym is not null && _crosswalk is not null
                && _crosswalkSeen.Add(original + "\u0000" + state.Pseudonym))
            {
                try
                {
                    _crosswalk.Append(new[] { (original, state.Pseudonym, state.OffsetDays) });
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Not marked finished, so the next run writes the row.
                    recorded = false;
                    _crosswalkSeen.Remove(original + "\u0000" + state.Pseudonym);
                    WriteError(new ErrorRecord(ex, ErrorIds.CrosswalkWriteFailed, ErrorCategory.WriteError, _crosswalk.Path));
                }
            }

            if (recorded && state is not null && _resume is not null && outcome.Target is not null && !InPlace)
            {
                _resume.Add(new ResumeRecord(state.SourceId, state.Size, state.ModifiedTicks, _settingsHash,
                    outcome.Target.Substring(DestinationRoot!.Length).TrimStart('/', '\\')));
            }
        }

        result.Warnings = string.Join("; ", outcome.Warnings);
        Count(result);
        WriteObject(result);
    }

    protected override void ReportNotWritten(InputFile file, string status, string id, string message)
    {
        _paths?.Finished(file.Path);
        var result = new AnonymizeResult { SourcePath = file.Path, Options = _optionText, Status = status, Message = message };
        if (status == "Failed")
        {
            result.ErrorId = id;
        }
        else
        {
            result.Reason = id;
        }

        Count(result);
        WriteObject(result);
    }

    private static void Skip(AnonymizeResult result, string reason, string message)
    {
        result.Status = "Skipped";
        result.Reason = reason;
        result.Message = message;
    }

    private void Count(AnonymizeResult result)
    {
        _counts[result.Status] = (_counts.TryGetValue(result.Status, out int n) ? n : 0) + 1;
        Log(new KeyValuePair<string, object?>[]
        {
            new("type", "file"),
            new("status", result.Status),
            new("source", result.SourcePath),
            new("output", result.Path),
            new("errorId", result.ErrorId),
            new("reason", result.Reason),
            new("message", result.Message),
        });
    }

    private void Log(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        if (_log is null)
        {
            return;
        }

        try
        {
            _log.Write(fields);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.LogWriteFailed, ErrorCategory.WriteError, _log.Path));
        }
    }

    /// <summary>Everything an output depends on besides its source: a finished file is redone when this changes.</summary>
    private string SettingsHash(IReadOnlyList<CustomRule> rules)
    {
        var sb = new StringBuilder("v1\n");
        sb.Append(_key!.Fingerprint).Append('\n')
          .Append(_optionText).Append('\n')
          .Append(Layout).Append('\n')
          .Append(_cleanPixels).Append('\n')
          .Append(Core.IO.DicomImplementation.VersionName).Append('\n')
          .Append(_subjectMapDigest ?? "-").Append('\n');
        foreach (CustomRule rule in rules)
        {
            sb.Append(rule).Append('\u0001').Append(rule.Value).Append('\n');
        }

        using var sha = SHA256.Create();
        return SecretKey.ToHex(sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString())), 16);
    }

    /// <summary>What one file's work passes from its worker to the pipeline thread.</summary>
    private sealed class FileState
    {
        public string SourceId { get; set; } = string.Empty;

        public long Size { get; set; }

        public long ModifiedTicks { get; set; }

        public string? OriginalId { get; set; }

        public string? Pseudonym { get; set; }

        public int OffsetDays { get; set; }
    }

    private Deidentifier NewDeidentifier(List<DeidentificationOption> options, IReadOnlyList<CustomRule> rules, out string optionText)
    {
        var settings = new DeidentificationSettings
        {
            Key = _key!.ToArray(),
            Options = options.Distinct().ToArray(),
            SubjectMap = _subjectMap,
            CustomRules = rules,
        };
        Deidentifier deidentifier;
        try
        {
            deidentifier = new Deidentifier(settings);
        }
        catch (ArgumentException ex)
        {
            // The engine refuses options that exclude each other (full and modified dates): a documented stop, not a crash.
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(ex.Message, ex), ErrorIds.ConflictingOptions, ErrorCategory.InvalidArgument, null));
            throw;
        }
        catch (NotSupportedException ex)
        {
            // ... and site rules that would set the flags it writes from what it did (Burned In Annotation, ...).
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(ex.Message, ex), ErrorIds.InvalidRules, ErrorCategory.InvalidArgument, null));
            throw;
        }

        optionText = string.Join(",", deidentifier.Options.Select(o => o.ToString())); // in effect: the engine composes them
        return deidentifier;
    }

    /// <summary>
    /// The crosswalk holds original identifiers and the log holds source paths (which may name patients): inside the
    /// destination they would ship with the de-identified data set, so the run stops before anything is written.
    /// </summary>
    private void RefuseSidecarInDestination(string? sidecar, string parameter)
    {
        if (sidecar is null || DestinationRoot is null)
        {
            return;
        }

        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(sidecar);
        if (PathComparison.IsSameOrUnder(path, DestinationRoot))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{parameter} '{path}' is inside the destination '{DestinationRoot}'. It holds patient identifiers or source paths, so it must not ship with the de-identified files: keep it outside the destination, with the key."),
                ErrorIds.SidecarInDestination,
                ErrorCategory.InvalidArgument,
                path));
        }
    }

    private static void SkipDicomDir(WriteOutcome outcome, AnonymizeResult result)
    {
        Skip(result, "DicomDir", $"'{outcome.File.Path}' is a DICOMDIR; it was not copied.");
        outcome.Warnings.Add($"'{outcome.File.Path}' is a DICOMDIR: it indexes the original files and holds patient identifiers, so it was not copied. Rebuild it from the de-identified files if needed.");
    }

    private string UidTarget(DicomDataset ds, string pseudonym) => System.IO.Path.Combine(DestinationRoot!, OutputNames.ByUid(ds, pseudonym));

    private SecretKey LoadKey()
    {
        string? text;
        string source;
        if (KeyFile is not null)
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile);
            if (Directory.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"The key file '{path}' is a folder, so it cannot be read as a key."),
                    ErrorIds.KeyFileUnreadable, ErrorCategory.ReadError, path));
            }

            if (!File.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The key file '{path}' does not exist. Make one with New-DicomAnonymizationKey."),
                    ErrorIds.KeyFileNotFound, ErrorCategory.ObjectNotFound, path));
            }

            if (new FileInfo(path).Length == 0)
            {
                // Also a FIFO, socket or device: never opened (it could block for ever).
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The key file '{path}' is empty or not a regular file."),
                    ErrorIds.InvalidKey, ErrorCategory.InvalidArgument, path));
            }

            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"The key file '{path}' cannot be read: {ex.Message}", ex),
                    ErrorIds.KeyFileUnreadable, ErrorCategory.PermissionDenied, path));
                throw; // not reached: ThrowTerminatingError always throws
            }

            source = $"The key file '{path}'";
        }
        else if (Key is not null)
        {
            text = new NetworkCredential(string.Empty, Key).Password;
            source = "The -Key value";
        }
        else
        {
            text = Environment.GetEnvironmentVariable("DICOMANON_KEY");
            source = "$env:" + "DICOMANON_KEY";
        }

        if (text is null)
        {
            WriteWarning("No key was given (-KeyFile, -Key or $env:DICOMANON_KEY), so a random one is used: pseudonyms, UIDs and date shifts will not match any other run. Make a key with New-DicomAnonymizationKey.");
            return SecretKey.Generate();
        }

        var key = SecretKey.TryParse(text);
        if (key is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{source} is not a usable key: give a key file from New-DicomAnonymizationKey, base64 or hex of at least {DeidentificationKey.MinimumLength} bytes, or a passphrase of at least {DeidentificationKey.MinimumLength} characters."),
                ErrorIds.InvalidKey, ErrorCategory.InvalidArgument, null));
        }

        return key!;
    }

    private void LoadRules()
    {
        try
        {
            if (Rules is not null)
            {
                LoadRulesFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Rules));
            }

            RuleSet.AddTags(_rules.Keep, Keep, "-Keep");
            RuleSet.AddTags(_rules.Remove, Remove, "-Remove");
            _rules.AddReplace(Unwrap(Replace), "-Replace");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or RuntimeException or InvalidOperationException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidRules, ErrorCategory.InvalidArgument, Rules));
        }
    }

    /// <summary>A .psd1 or .json table (Keep, Remove, Replace, Options), or the engine's JSON rule list.</summary>
    private void LoadRulesFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The rules file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new ArgumentException($"The rules file '{path}' is empty or not a regular file.");
        }

        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (json && _rules.TryAddEngineJson(path))
        {
            return;
        }

        // Parsed as data, never run: the path goes into no script text (a name with a quote cannot break out).
        object? data = json ? RuleFileReader.ReadJson(path) : ReadDataFile(path);
        if (data is null)
        {
            throw new ArgumentException($"The rules file '{path}' must hold one table.");
        }

        _rules.AddFrom(data, $"Rules file '{path}'");
    }

    /// <summary>The -Replace table with PowerShell's wrappers taken off keys and values (the engine takes plain values).</summary>
    private static Dictionary<object, object?>? Unwrap(Hashtable? table)
    {
        if (table is null)
        {
            return null;
        }

        var plain = new Dictionary<object, object?>();
        foreach (DictionaryEntry e in table)
        {
            object key = e.Key is PSObject pk ? pk.BaseObject : e.Key;
            plain[key] = e.Value is PSObject pv ? pv.BaseObject : e.Value;
        }

        return plain;
    }

    /// <summary>A .psd1 file's single hashtable, as Import-PowerShellDataFile reads it: constants only, nothing evaluated.</summary>
    private static Hashtable ReadDataFile(string path)
    {
        ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
        if (errors.Length > 0)
        {
            throw new ArgumentException($"The rules file '{path}' is not a valid data file: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}).");
        }

        if (ast.Find(a => a is HashtableAst, false) is not HashtableAst table
            || ast.EndBlock?.Statements.Count != 1 || ast.BeginBlock is not null || ast.ProcessBlock is not null)
        {
            throw new ArgumentException($"The rules file '{path}' must hold one table.");
        }

        if (table.SafeGetValue() is not Hashtable value)
        {
            throw new ArgumentException($"The rules file '{path}' must hold one table.");
        }

        return value;
    }

    private void LoadSubjectMap()
    {
        if (SubjectMap is null)
        {
            return;
        }

        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SubjectMap);
        try
        {
            if (File.Exists(path) && new FileInfo(path).Length == 0)
            {
                throw new ArgumentException($"The subject map '{path}' is empty or not a regular file.");
            }

            // The engine's format: OriginalPatientId, PseudonymPatientId[, PseudonymPatientName[, DateOffsetDays]].
            _subjectMap = Core.Deidentification.SubjectMap.LoadFile(path);
            using var sha = SHA256.Create();
            _subjectMapDigest = SecretKey.ToHex(sha.ComputeHash(File.ReadAllBytes(path)), 16);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidSubjectMap, ErrorCategory.InvalidArgument, path));
        }
    }
}
