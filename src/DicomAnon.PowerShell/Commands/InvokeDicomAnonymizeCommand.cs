// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Text;
using System.Threading;
using DicomAnon.Core;
using DicomAnon.Core.Deidentification;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Commands;

/// <summary>How de-identified copies are named under -Destination.</summary>
public enum OutputLayout
{
    /// <summary>Same relative path as the input (file name only for files named directly).</summary>
    Mirror,

    /// <summary>PatientID/StudyInstanceUID/SeriesInstanceUID/SOPInstanceUID.dcm, by the new values.</summary>
    Uid,
}

/// <summary>De-identifies DICOM files (PS3.15 Annex E Basic Profile plus options) into new files.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "DicomAnonymize", DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Invoke-DicomAnonymize.md")]
[OutputType(typeof(AnonymizeResult))]
public sealed class InvokeDicomAnonymizeCommand : FileWriterCmdlet
{
    private const string DicomDirClassUid = "1.2.840.10008.1.3.10";
    private static readonly DicomTag PatientIdTag = new(0x0010, 0x0020);
    private static readonly DicomTag PatientNameTag = new(0x0010, 0x0010);
    private static readonly DicomTag PatientBirthDateTag = new(0x0010, 0x0030);
    private static readonly DicomTag StudyUidTag = new(0x0020, 0x000D);
    private static readonly DicomTag SeriesUidTag = new(0x0020, 0x000E);
    private static readonly DicomTag SopInstanceUidTag = new(0x0008, 0x0018);
    private static readonly DicomTag MediaStorageSopClassTag = new(0x0002, 0x0002);

    private readonly RuleSet _rules = new();
    private SubjectMap? _subjectMap;
    private readonly SortedDictionary<string, (string Pseudonym, int Offset)> _crosswalk = new(StringComparer.Ordinal);
    private Deidentifier? _deidentifier;
    private Deidentifier? _deidentifierPixelsCleaned;
    private string _optionTextPixelsCleaned = string.Empty;
    private bool _cleanPixels;
    private RemoverPool? _remover;
    private string _optionText = string.Empty;
    private string? _crosswalkPath;
    private bool _crosswalkWritten;

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
    public string[]? Keep { get; set; }

    /// <summary>Elements to remove (at every depth).</summary>
    [Parameter]
    public string[]? Remove { get; set; }

    /// <summary>Text elements to set to a fixed value: @{ InstitutionName = 'RESEARCH' }.</summary>
    [Parameter]
    public Hashtable? Replace { get; set; }

    /// <summary>Write original-to-pseudonym Patient IDs to this CSV (readable by its owner only).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Crosswalk { get; set; }

    /// <summary>How copies are named under -Destination.</summary>
    [Parameter]
    public OutputLayout Layout { get; set; } = OutputLayout.Mirror;

    /// <summary>Also black out burned-in text in the pixel data (the same as -Option CleanPixelData).</summary>
    [Parameter]
    public SwitchParameter CleanPixelData { get; set; }

    protected override string ActionName => "De-identify";

    protected override string ProgressActivity => "De-identifying DICOM files";

    protected override string FallbackErrorId => ErrorIds.DeidentificationFailed;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        byte[] key = LoadKey();
        LoadRules();
        LoadSubjectMap();

        // Options given (-Option, the rules file) replace the engine's default; -CleanPixelData adds to either.
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
        _deidentifier = NewDeidentifier(key, options, out _optionText);
        if (_cleanPixels)
        {
            options.Add(DeidentificationOption.CleanPixelData);
            _deidentifierPixelsCleaned = NewDeidentifier(key, options, out _optionTextPixelsCleaned);
            bool ocr = OcrCheck.TryLoad(null, out string reason);
            if (!ocr)
            {
                WriteWarning("-CleanPixelData: OCR is not available, so only the known annotation locations are blacked out; files no rule matches are written with PixelOutcome NotCleaned. " + reason);
            }

            _remover = new RemoverPool(new RedactionSettings { UseOcr = ocr });
        }

        if (Crosswalk is not null)
        {
            _crosswalkPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Crosswalk);
            if (File.Exists(_crosswalkPath))
            {
                foreach (Dictionary<string, string> row in Csv.Read(_crosswalkPath))
                {
                    if (row.TryGetValue("OriginalPatientId", out string? o) && row.TryGetValue("PseudonymPatientId", out string? p))
                    {
                        row.TryGetValue("DateOffsetDays", out string? d);
                        _crosswalk[o] = (p, int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out int off) ? off : 0);
                    }
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        WriteCrosswalk();
    }

    protected override void DisposeResources()
    {
        _remover?.Dispose();
        if (!_crosswalkWritten && _crosswalkPath is not null && _crosswalk.Count > 0)
        {
            try
            {
                SaveCrosswalk();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileProblemException)
            {
                // Stopped: nothing can be reported any more; the pseudonyms can be rebuilt from the key.
            }
        }
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

        DicomFile file = DicomFile.Open(input.Path);
        if (string.Equals(file.FileMetaInformation.GetString(MediaStorageSopClassTag), DicomDirClassUid, StringComparison.Ordinal))
        {
            SkipDicomDir(outcome, result);
            return;
        }

        DicomDataset ds = file.Dataset;
        string? originalId = ds.GetString(PatientIdTag);
        bool nameHasPhi = !InPlace && PathContainsIdentifiers(input.RelativePath, originalId, ds.GetString(PatientNameTag), ds.GetString(PatientBirthDateTag));

        Deidentifier deidentifier = _deidentifier!;
        result.PixelOutcome = Imaging.Pixels.PixelFrames.HasPixelData(ds) ? PixelOutcome.NotCleaned : PixelOutcome.NoPixelData;
        if (_remover is not null)
        {
            RedactionReport report = _remover.Apply(file);
            result.PixelOutcome = report.Outcome;
            result.PixelRegionsBlackedOut = report.PerFrame.Sum(f => f.Regions.Count);
            outcome.Warnings.AddRange(report.Warnings.Select(w => $"'{input.Path}': {w}"));
            if (report.Outcome == PixelOutcome.TextRemains)
            {
                outcome.Warnings.Add($"'{input.Path}': the re-check still reads text in the pixel data; review the copy before release.");
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
        outcome.State = (originalId, pseudonym, r.DateOffsetDays);

        string target;
        if (InPlace)
        {
            target = input.Path;
        }
        else if (Layout == OutputLayout.Uid || nameHasPhi)
        {
            target = UidTarget(ds, pseudonym);
            if (nameHasPhi && Layout != OutputLayout.Uid)
            {
                outcome.Warnings.Add($"The name of '{input.Path}' contains this file's patient identifiers, so its copy is named by its new UIDs: '{target}'.");
            }
        }
        else
        {
            target = MirrorTarget(input);
        }

        string temp = NewTempPath(target);
        outcome.TempPath = temp;
        outcome.Target = target;
        file.Save(temp, new Core.IO.DicomWriteOptions { Overwrite = true });
    }

    protected override void Emit(WriteOutcome outcome)
    {
        var result = (AnonymizeResult)outcome.Result!;
        result.Path = outcome.Target;
        result.Warnings = string.Join("; ", outcome.Warnings);
        if (outcome.State is ValueTuple<string?, string, int> s && s.Item1 is string original && _crosswalkPath is not null)
        {
            _crosswalk[original] = (s.Item2, s.Item3);
        }

        WriteObject(result);
    }

    private Deidentifier NewDeidentifier(byte[] key, List<DeidentificationOption> options, out string optionText)
    {
        var settings = new DeidentificationSettings
        {
            Key = key,
            Options = options.Distinct().ToArray(),
            SubjectMap = _subjectMap,
            CustomRules = _rules.ToCustomRules(),
        };
        optionText = string.Join(",", settings.Options.Select(o => o.ToString()));
        return new Deidentifier(settings);
    }

    private void SkipDicomDir(WriteOutcome outcome, AnonymizeResult result)
    {
        result.Status = "Skipped";
        outcome.Warnings.Add($"'{outcome.File.Path}' is a DICOMDIR: it indexes the original files and holds patient identifiers, so it was not copied. Rebuild it from the de-identified files if needed.");
    }

    private string UidTarget(DicomDataset ds, string pseudonym) =>
        System.IO.Path.Combine(
            DestinationRoot!,
            SafeName(pseudonym),
            SafeName(ds.GetString(StudyUidTag)),
            SafeName(ds.GetString(SeriesUidTag)),
            SafeName(ds.GetString(SopInstanceUidTag)) + ".dcm");

    private static string SafeName(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "UNKNOWN";
        }

        var sb = new StringBuilder(value!.Trim());
        char[] invalid = System.IO.Path.GetInvalidFileNameChars();
        for (int i = 0; i < sb.Length; i++)
        {
            if (Array.IndexOf(invalid, sb[i]) >= 0 || sb[i] == '/' || sb[i] == '\\' || sb[i] == ':' || sb[i] == '*' || sb[i] == '?')
            {
                sb[i] = '_';
            }
        }

        string s = sb.ToString();
        return s == "." || s == ".." ? "_" : s;
    }

    /// <summary>True when a folder or file name of the relative path contains the patient's name part, ID or birth date.</summary>
    internal static bool PathContainsIdentifiers(string relativePath, string? patientId, string? patientName, string? birthDate)
    {
        var needles = new List<string>();
        if (!string.IsNullOrWhiteSpace(patientId) && patientId!.Trim().Length >= 3)
        {
            needles.Add(patientId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(birthDate) && birthDate!.Trim().Length >= 8)
        {
            needles.Add(birthDate.Trim());
        }

        foreach (string part in (patientName ?? string.Empty).Split('^', '=', ' ', ','))
        {
            if (part.Trim().Length >= 3)
            {
                needles.Add(part.Trim());
            }
        }

        foreach (string needle in needles)
        {
            if (relativePath.IndexOf(needle, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private byte[] LoadKey()
    {
        string? text;
        string source;
        if (KeyFile is not null)
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile);
            if (!File.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The key file '{path}' does not exist. Make one with New-DicomAnonymizationKey."),
                    ErrorIds.KeyFileNotFound, ErrorCategory.ObjectNotFound, path));
            }

            text = File.ReadAllText(path);
            source = $"The key file '{path}'";
        }
        else if (Key is not null)
        {
            text = new NetworkCredential(string.Empty, Key).Password;
            source = "The -Key value";
        }
        else
        {
            text = Environment.GetEnvironmentVariable(KeyMaterial.EnvironmentVariable);
            source = "$env:" + KeyMaterial.EnvironmentVariable;
        }

        if (text is null)
        {
            WriteWarning("No key was given (-KeyFile, -Key or $env:DICOMANON_KEY), so a random one is used: pseudonyms, UIDs and date shifts will not match any other run. Make a key with New-DicomAnonymizationKey.");
            return DeidentificationKey.Generate();
        }

        byte[]? key = KeyMaterial.Parse(text);
        if (key is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{source} is not a usable key: give a key file from New-DicomAnonymizationKey, base64 or hex of at least {KeyMaterial.MinimumBytes} bytes, or a passphrase of at least {KeyMaterial.MinimumBytes} characters."),
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

            _rules.AddTags(_rules.Keep, Keep, "-Keep");
            _rules.AddTags(_rules.Remove, Remove, "-Remove");
            _rules.AddReplace(Replace, "-Replace");
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

        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (json && _rules.TryAddEngineJson(path))
        {
            return;
        }

        string quoted = "'" + path.Replace("'", "''") + "'";
        string script = json
            ? "Get-Content -LiteralPath " + quoted + " -Raw | ConvertFrom-Json"
            : "Import-PowerShellDataFile -LiteralPath " + quoted;
        Collection<PSObject> data = InvokeCommand.InvokeScript(script);
        if (data.Count != 1)
        {
            throw new ArgumentException($"The rules file '{path}' must hold one table.");
        }

        _rules.AddFrom(data[0], $"Rules file '{path}'");
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
            // The engine's format: OriginalPatientId, PseudonymPatientId[, PseudonymPatientName[, DateOffsetDays]].
            _subjectMap = Core.Deidentification.SubjectMap.LoadFile(path);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidSubjectMap, ErrorCategory.InvalidArgument, path));
        }
    }

    private void WriteCrosswalk()
    {
        if (_crosswalkPath is null || _crosswalk.Count == 0)
        {
            return;
        }

        try
        {
            SaveCrosswalk();
            WriteVerbose($"Wrote the crosswalk '{_crosswalkPath}' (readable by its owner only).");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileProblemException)
        {
            WriteError(new ErrorRecord(ex, ErrorIds.CrosswalkWriteFailed, ErrorCategory.WriteError, _crosswalkPath));
        }
    }

    private void SaveCrosswalk()
    {
        var sb = new StringBuilder("OriginalPatientId,PseudonymPatientId,DateOffsetDays\n");
        foreach (KeyValuePair<string, (string Pseudonym, int Offset)> e in _crosswalk)
        {
            sb.Append(Csv.Field(e.Key)).Append(',').Append(Csv.Field(e.Value.Pseudonym)).Append(',')
              .Append(e.Value.Offset.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        OwnerOnlyFile.WriteAllText(_crosswalkPath!, sb.ToString(), overwrite: true);
        _crosswalkWritten = true;
    }
}
