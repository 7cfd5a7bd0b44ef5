// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DicomAnon.Core;
using DicomAnon.Core.Batch;
using DicomAnon.Core.IO;
using DicomAnon.Core.Verification;
using DicomAnon.Imaging;
using DicomAnon.Imaging.Redaction;
using DicomAnon.Imaging.Verification;

namespace DicomAnon.Commands;

/// <summary>Checks de-identified files for anything identifying that is left: one finding per place, never the value.</summary>
[Cmdlet(VerbsDiagnostic.Test, "DicomDeidentified", DefaultParameterSetName = PathSet,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Test-DicomDeidentified.md")]
[OutputType(typeof(DeidentificationFinding), typeof(DeidentificationSummary))]
public sealed class TestDicomDeidentifiedCommand : DicomFileCmdlet, IDisposable
{
    // The whole structure, bulk values located but not loaded: elements after the pixel data are checked too.
    private static readonly DicomReadOptions ReadOptions = new() { StopBeforePixelData = false };
    private readonly VerificationReport _report = new();
    private readonly OrderedDictionary _settings = new();
    private DeidentificationVerifier? _verifier;
    private VerificationSources? _sources;
    private PixelTextInspector? _inspector;
    private string? _reportPath;
    private readonly Queue<(InputFile File, Task<Outcome> Work)> _pending = new();
    private int _high, _medium, _low, _paired, _sourcesNotRead;

    /// <summary>Files checked ahead of the one being written out (bounded, so memory stays flat on any number of files).</summary>
    private static int Window => Environment.ProcessorCount * 4;

    /// <summary>The original files (folders are walked with their sub-folders): their identifiers are searched for.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SourcePath { get; set; }

    /// <summary>The project key: pairs each output with its source through the new SOP Instance UID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>A crosswalk written by Invoke-DicomAnonymize -Crosswalk: its original Patient IDs are searched for.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Crosswalk { get; set; }

    /// <summary>Also read the pixel data with OCR and report any text still there, by frame and box.</summary>
    [Parameter]
    public SwitchParameter Pixels { get; set; }

    /// <summary>Write a self-contained HTML report here (readable by its owner only).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportPath { get; set; }

    /// <summary>Replace an existing report.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit one summary object at the end instead of the findings.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    protected override void BeginProcessing()
    {
        byte[]? key = LoadKey();
        _sources = SourcePath is null && Crosswalk is null ? null : new VerificationSources(key);
        if (key is not null && SourcePath is null)
        {
            WriteWarning("-KeyFile pairs outputs with sources; without -SourcePath it has no effect.");
        }

        if (ReportPath is not null)
        {
            _reportPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath);
            if (File.Exists(_reportPath) && !Force)
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"The report '{_reportPath}' already exists. Use -Force to replace it."),
                    ErrorIds.DestinationExists, ErrorCategory.ResourceExists, _reportPath));
            }
        }

        if (Pixels)
        {
            try
            {
                _inspector = new PixelTextInspector();
            }
            catch (OcrEngineNotFoundException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.OcrEngineNotFound, ErrorCategory.NotInstalled, null));
            }
        }

        LoadCrosswalk();
        LoadSources();
        _verifier = new DeidentificationVerifier(_sources);
        _settings["Sources"] = _sources is null ? "none (checks that need no source only)" : _sources.Count.ToString(CultureInfo.InvariantCulture) + " files"
            + (_sourcesNotRead > 0 ? "; " + _sourcesNotRead.ToString(CultureInfo.InvariantCulture) + " could not be read, so their identifiers were not searched for" : string.Empty);
        _settings["Pairing"] = key is null ? "none (every output searched for every source's identifiers)" : "by SOP Instance UID under the key";
        _settings["Crosswalk Patient IDs"] = (_sources?.CrosswalkIds ?? 0).ToString(CultureInfo.InvariantCulture);
        _settings["Pixels"] = Pixels ? "OCR (Tesseract)" : "not read";
    }

    protected override void ProcessFile(InputFile file) => Queue(file, () => Check(file));

    /// <summary>
    /// A file the walk skips as not DICOM is still in the tree being released: it is reported and searched against
    /// the sources (the engine's <see cref="DeidentificationVerifier.VerifyOther"/>). An input that failed counts as not checked.
    /// </summary>
    protected override void OnNotProcessed(InputFile file, bool failed, string id, string message)
    {
        if (failed)
        {
            _report.AddError(file.Path, id);
        }
        else if (id == ErrorIds.NotDicomFile && _verifier is not null)
        {
            Queue(file, () => CheckOther(file));
        }
    }

    private void Queue(InputFile file, Func<Outcome> check)
    {
        if (_inspector is not null)
        {
            // OCR: one engine, on this thread.
            Emit(file, check());
            return;
        }

        // Header checks run on worker threads, a few files ahead; results are written here, in input order.
        _pending.Enqueue((file, Task.Run(check)));
        while (_pending.Count > Window || (_pending.Count > 0 && _pending.Peek().Work.IsCompleted))
        {
            (InputFile done, Task<Outcome> work) = _pending.Dequeue();
            Emit(done, work.GetAwaiter().GetResult());
        }
    }

    private Outcome Check(InputFile file)
    {
        try
        {
            var output = DicomFile.Open(file.Path, ReadOptions);
            return new Outcome(output, _verifier!.Verify(output, file.Path, CheckedPath(file)), null);
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            return new Outcome(null, null, ex);
        }
    }

    private Outcome CheckOther(InputFile file)
    {
        try
        {
            return new Outcome(new DicomFile(new DicomDataset(), new DicomDataset(), DicomTransferSyntax.ExplicitVRLittleEndian), _verifier!.VerifyOther(file.Path, CheckedPath(file)), null);
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            return new Outcome(null, null, ex);
        }
    }

    private void Emit(InputFile file, Outcome outcome)
    {
        if (outcome.Error is not null || outcome.Output is null || outcome.Result is null)
        {
            Exception ex = outcome.Error ?? new InvalidOperationException("The file was not checked.");
            _report.AddError(file.Path, ToErrorRecord(ex, file.Path).FullyQualifiedErrorId);
            WriteFileError(ex, file.Path);
            return;
        }

        VerificationResult result = outcome.Result;
        var findings = new List<Finding>(result.Findings);
        var thumbnails = new List<VerificationReport.Thumbnail>();
        if (result.SourcePath is not null)
        {
            _paired++;
        }

        if (_inspector is not null && PixelTextInspector.HasPixels(outcome.Output))
        {
            try
            {
                CheckPixels(outcome.Output, file.Path, result, findings, thumbnails);
            }
            catch (Exception ex) when (IsPerFileException(ex))
            {
                // Header findings stand; the pixels are reported as not checked.
                WriteFileError(ex, file.Path);
                _report.AddError(file.Path, ToErrorRecord(ex, file.Path).FullyQualifiedErrorId);
            }
        }

        _report.Add(file.Path, findings, thumbnails);
        foreach (Finding f in findings)
        {
            _ = f.Severity switch { FindingSeverity.High => _high++, FindingSeverity.Medium => _medium++, _ => _low++ };
            if (!Summary)
            {
                WriteObject(new DeidentificationFinding
                {
                    Path = f.Path, Location = f.Location, Kind = f.Kind, Severity = f.Severity.ToString(), Frame = f.Frame, Box = f.Box,
                });
            }
        }
    }

    protected override void EndProcessing()
    {
        while (_pending.Count > 0)
        {
            (InputFile done, Task<Outcome> work) = _pending.Dequeue();
            Emit(done, work.GetAwaiter().GetResult());
        }

        if (Summary)
        {
            var byKind = new OrderedDictionary();
            foreach (KeyValuePair<string, int> k in _report.CountsByKind())
            {
                byKind[k.Key] = k.Value;
            }

            WriteObject(new DeidentificationSummary
            {
                FilesChecked = _report.FilesChecked, FilesWithFindings = _report.FilesWithFindings, FilesNotChecked = _report.FilesFailed,
                Findings = _report.Findings, High = _high, Medium = _medium, Low = _low, ByKind = byKind,
                Sources = _sources?.Count ?? 0, Paired = _paired, SourcesNotRead = _sourcesNotRead,
            });
        }

        if (_reportPath is not null)
        {
            try
            {
                IEnumerable<KeyValuePair<string, string>> settings = _settings.Cast<System.Collections.DictionaryEntry>().Select(e => new KeyValuePair<string, string>((string)e.Key, (string)e.Value!));
                OwnerOnlyFile.WriteAllText(_reportPath, _report.ToHtml("DicomAnon de-identification check", DateTime.UtcNow, settings), overwrite: Force);
                WriteVerbose($"Wrote the report '{_reportPath}' (readable by its owner only).");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileProblemException)
            {
                WriteError(new ErrorRecord(ex, ex is FileProblemException p ? p.ErrorId : ErrorIds.ReportWriteFailed, ErrorCategory.WriteError, _reportPath));
            }
        }

        Dispose();
    }

    /// <summary>Releases the OCR engine; PowerShell calls this also when the pipeline is stopped before the end.</summary>
    public void Dispose()
    {
        _inspector?.Dispose();
        _inspector = null;
    }

    /// <summary>OCR; each box is a finding, and the first frame with text gets before/after thumbnails in the report.</summary>
    private void CheckPixels(DicomFile output, string path, VerificationResult result, List<Finding> findings, List<VerificationReport.Thumbnail> thumbnails)
    {
        IReadOnlyList<PixelTextBox> boxes = _inspector!.Inspect(output, text => _verifier!.ContainsSourceIdentifier(text, result));
        foreach (PixelTextBox b in boxes)
        {
            PixelRect r = b.Box;
            findings.Add(new Finding(path, string.Format(CultureInfo.InvariantCulture, "frame {0} box {1},{2},{3},{4}", b.Frame, r.X, r.Y, r.Width, r.Height),
                b.MatchesIdentifier ? FindingKinds.BurnedInIdentifier : FindingKinds.BurnedInText, b.MatchesIdentifier ? FindingSeverity.High : FindingSeverity.Medium)
            {
                Frame = b.Frame,
                Box = new[] { r.X, r.Y, r.Width, r.Height },
            });
        }

        if (_reportPath is null || boxes.Count == 0)
        {
            return;
        }

        int frame = boxes[0].Frame;
        if (result.SourcePath is string source)
        {
            thumbnails.Add(new VerificationReport.Thumbnail($"frame {frame}, source", PixelTextInspector.RenderPng(DicomFile.Open(source, ReadOptions), frame, null)));
        }

        thumbnails.Add(new VerificationReport.Thumbnail($"frame {frame}, output, text outlined",
            PixelTextInspector.RenderPng(output, frame, boxes.Where(b => b.Frame == frame).Select(b => b.Box).ToList())));
    }

    /// <summary>
    /// The path components searched for identifiers: the folder the user named (its own name included) and
    /// everything below it; for a file named directly, its folder's name and its own.
    /// </summary>
    private static string CheckedPath(InputFile file)
    {
        string? folder = file.Root ?? System.IO.Path.GetDirectoryName(file.Path);
        string name = folder is null ? string.Empty : System.IO.Path.GetFileName(folder.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar));
        return name.Length == 0 ? file.RelativePath : name + System.IO.Path.DirectorySeparatorChar + file.RelativePath;
    }

    private byte[]? LoadKey()
    {
        if (KeyFile is null)
        {
            return null;
        }

        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile);
        if (!File.Exists(path))
        {
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The key file '{path}' does not exist."), ErrorIds.KeyFileNotFound, ErrorCategory.ObjectNotFound, path));
        }

        byte[]? key = SecretKey.TryParse(File.ReadAllText(path))?.ToArray();
        if (key is null)
        {
            ThrowTerminatingError(new ErrorRecord(new FormatException($"The key file '{path}' holds no usable key."), ErrorIds.InvalidKey, ErrorCategory.InvalidData, path));
        }

        return key;
    }

    private void LoadCrosswalk()
    {
        if (Crosswalk is null)
        {
            return;
        }

        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Crosswalk);
        List<Dictionary<string, string>> rows;
        try
        {
            rows = CsvCodec.ReadRows(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidCrosswalk, ErrorCategory.ReadError, path));
            return;
        }

        if (rows.Count > 0 && !rows[0].ContainsKey("OriginalPatientId"))
        {
            ThrowTerminatingError(new ErrorRecord(new FormatException($"The crosswalk '{path}' has no OriginalPatientId column."), ErrorIds.InvalidCrosswalk, ErrorCategory.InvalidData, path));
        }

        foreach (Dictionary<string, string> row in rows)
        {
            _sources!.AddCrosswalkPatientId(row["OriginalPatientId"]);
        }
    }

    /// <summary>Reads every DICOM file under -SourcePath (headers; bulk values stay in the files). Unreadable ones are reported and skipped.</summary>
    private void LoadSources()
    {
        if (SourcePath is null)
        {
            return;
        }

        foreach (string input in SourcePath)
        {
            string root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input);
            IEnumerable<string> files;
            if (Directory.Exists(root))
            {
                files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);
            }
            else if (File.Exists(root))
            {
                files = new[] { root };
            }
            else
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Cannot find the source path '{root}'."), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, root));
                _sourcesNotRead++;
                continue;
            }

            // Read in parallel (the engine's source list is thread-safe); errors are reported here, on the pipeline thread.
            var failures = new ConcurrentQueue<(string Path, Exception Error)>();
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
            {
                try
                {
                    if (DicomSniffer.LooksLikeDicom(f))
                    {
                        _sources!.Add(DicomFile.Open(f, ReadOptions));
                    }
                }
                catch (Exception ex) when (IsPerFileException(ex))
                {
                    failures.Enqueue((f, ex));
                }
            });
            foreach ((string path, Exception error) in failures.OrderBy(e => e.Path, StringComparer.Ordinal))
            {
                WriteFileError(error, path);
                _sourcesNotRead++;
            }
        }

        WriteVerbose($"Read {_sources!.Count} source files.");
    }

    /// <summary>What checking one file gave: the file and its result, or the error.</summary>
    private sealed class Outcome
    {
        public Outcome(DicomFile? output, VerificationResult? result, Exception? error)
        {
            Output = output;
            Result = result;
            Error = error;
        }

        public DicomFile? Output { get; }

        public VerificationResult? Result { get; }

        public Exception? Error { get; }
    }
}
