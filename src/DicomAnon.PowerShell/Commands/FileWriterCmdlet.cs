// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DicomAnon.Core.Batch;
using DicomAnon.Core.IO;

namespace DicomAnon.Commands;

/// <summary>
/// -Destination/-InPlace/-Force/-ThrottleLimit for cmdlets that write DICOM files.
/// </summary>
/// <remarks>
/// Paths are resolved and ShouldProcess asked on the pipeline thread. Workers call only the engine and write a
/// temporary file next to the target; the pipeline thread then, in input order, checks for name collisions and
/// existing files, renames the temporary file into place (atomic), and writes output, warnings and errors. So
/// the output is the same whatever -ThrottleLimit is, and Ctrl+C leaves no partial file behind.
/// </remarks>
public abstract class FileWriterCmdlet : DicomFileCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Queue<Task<WriteOutcome>> _pending = new();
    private readonly ConcurrentDictionary<string, byte> _temps = new(StringComparer.Ordinal);
    private readonly CompactPathSet _written = new(); // compact: a long run must not hold every full output path
    private readonly InputFileList _inputs = new(); // compact: all are collected before the first file
    private readonly CompactPathSet _cleanedFolders; // compact (and thread-safe): -Layout Uid may give each output a folder
    private bool _collecting;
    private SemaphoreSlim? _slots;
    private ThrottledProgress? _progress;
    private int _done;
    private bool _disposed;
    private volatile HeaderReadAhead? _readAhead;
    private volatile WriteBehind<WriteOutcome>? _writeBehind;
    private readonly CompactPathSet _createdFolders;

    /// <summary>The output paths and the folders created and cleaned share one tree: each folder name is stored once.</summary>
    protected FileWriterCmdlet()
    {
        _cleanedFolders = CompactPathSet.ForFolders(_written);
        _createdFolders = CompactPathSet.ForFolders(_written);
    }

    /// <summary>Folder to write into (created if missing); inputs named by folder keep their relative paths under it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>Overwrite the input files (must be asked for explicitly).</summary>
    [Parameter]
    public SwitchParameter InPlace { get; set; }

    /// <summary>Replace files that already exist at the destination.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// The folder that copies are mirrored from: an input's path relative to it is its path under -Destination.
    /// Without it, the deepest folder holding every input of the call.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RelativeTo { get; set; }

    /// <summary>Files processed at once (1-64, default 1: in order, each written behind while the next is prepared).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>The full destination folder (null with -InPlace).</summary>
    protected string? DestinationRoot { get; private set; }

    /// <summary>The folder inputs are mirrored from (set when the inputs are known, before the first file).</summary>
    protected string? MirrorFolder { get; private set; }

    /// <summary>Text for ShouldProcess, e.g. "De-identify".</summary>
    protected abstract string ActionName { get; }

    /// <summary>Progress activity text.</summary>
    protected abstract string ProgressActivity { get; }

    protected CancellationToken Cancellation => _cts.Token;

    /// <summary>The work for one file, on a worker thread (or inline). Calls only the engine; never Write*.</summary>
    protected abstract void Execute(WriteOutcome outcome, CancellationToken token);

    /// <summary>Reports a finished outcome on the pipeline thread (after the file is in place).</summary>
    protected abstract void Emit(WriteOutcome outcome);

    protected override void BeginProcessing()
    {
        if (InPlace && Destination is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Use either -Destination or -InPlace, not both."),
                ErrorIds.DestinationRequired, ErrorCategory.InvalidArgument, Destination));
        }

        if (!InPlace && Destination is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Say where to write: -Destination <folder> for copies, or -InPlace to overwrite the input files."),
                ErrorIds.DestinationRequired, ErrorCategory.InvalidArgument, null));
        }

        if (Destination is not null)
        {
            string full = FileSystemPath(Destination, "-Destination");
            if (File.Exists(full))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The destination '{full}' is a file; give a folder."),
                    ErrorIds.DestinationIsFile, ErrorCategory.InvalidArgument, full));
            }

            DestinationRoot = PathComparison.Trim(full);
        }

        if (RelativeTo is not null)
        {
            MirrorFolder = PathComparison.Trim(FileSystemPath(RelativeTo, "-RelativeTo"));
        }

        _slots = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
        _progress = new ThrottledProgress(this, 2, ProgressActivity);
    }

    /// <summary>Collects the inputs: the mirror base and the safety checks need all of them before the first file.</summary>
    protected override void ProcessRecord()
    {
        _collecting = true;
        try
        {
            foreach (InputFile file in ResolveFiles())
            {
                BoundHeap(); // from the first input: 100,000 piped files leave tens of MB of promoted pipeline objects
                if (!_inputs.TryAdd(file))
                {
                    WriteVerbose($"'{file.Path}' was given more than once; it is processed once.");
                }
            }
        }
        finally
        {
            _collecting = false;
        }
    }

    protected sealed override void ProcessFile(InputFile file)
    {
        if (IsInsideDestination(file))
        {
            if (file.Named)
            {
                // A file the user named or piped in is never passed over in silence. A warning, not an error: piping
                // a tree that holds an earlier run's destination (a nightly Get-ChildItem -Recurse) meets our own
                // outputs there every time, and that must not fail the run.
                string message = $"'{file.Path}' is inside the destination '{DestinationRoot}', so it was not processed: name the destination outside the inputs, or leave the file out.";
                WriteWarning(message);
                ReportNotWritten(file, "Skipped", ErrorIds.InputInsideDestination, message);
                return;
            }

            // A walked folder's file under the destination (only -InPlace allows such a destination): our own output.
            WriteVerbose($"Skipping '{file.Path}': it is inside the destination folder.");
            return;
        }

        string relative = RelativeFor(file);
        string what = InPlace ? file.Path : DescribeTarget(file, relative);
        if (!ShouldProcess(what, ActionName))
        {
            return;
        }

        if (ThrottleLimit == 1)
        {
            WriteOutcome outcome = Run(file, relative, ReadAhead, deferWrite: _writeBehind is not null, _cts.Token);
            if (_writeBehind is not null)
            {
                PostBehind(outcome);
            }
            else
            {
                Complete(outcome);
            }

            return;
        }

        CancellationToken token = _cts.Token;
        SemaphoreSlim slots = _slots!;
        _pending.Enqueue(Task.Run(() =>
        {
            slots.Wait(token);
            try
            {
                return Run(file, relative, null, deferWrite: false, token);
            }
            finally
            {
                slots.Release();
            }
        }));
        Drain(block: _pending.Count >= ThrottleLimit * 4);
    }

    /// <summary>
    /// Reports a file that an earlier run finished without opening it (never under -WhatIf, which shows every
    /// file's output path). Queued behind the files in flight, so results stay in input order.
    /// </summary>
    protected sealed override bool TryFinishWithoutReading(InputFile file)
    {
        if (InPlace || DestinationRoot is null || MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            return false;
        }

        var outcome = new WriteOutcome(file) { RelativePath = RelativeFor(file), ReadAhead = ReadAhead };
        if (!TryResume(outcome))
        {
            return false;
        }

        if (ThrottleLimit == 1 && _writeBehind is not null)
        {
            PostBehind(outcome);
        }
        else if (ThrottleLimit == 1)
        {
            Complete(outcome);
        }
        else
        {
            _pending.Enqueue(Task.FromResult(outcome));
            Drain(block: false);
        }

        return true;
    }

    /// <summary>Fills <paramref name="outcome"/> (its result) when the file was finished by an earlier run; false otherwise.</summary>
    protected virtual bool TryResume(WriteOutcome outcome) => false;

    /// <summary>What -WhatIf and -Confirm show for a copy: the output path it will have.</summary>
    protected virtual string DescribeTarget(InputFile file, string relative) =>
        file.Path + " -> " + System.IO.Path.Combine(DestinationRoot!, relative);

    protected override void EndProcessing()
    {
        _inputs.StopDeduplicating(); // only the collection needs it
        if (_inputs.Count > 0 && PrepareRun())
        {
            BeforeFirstFile();
            DicomReadOptions? readAhead = ThrottleLimit == 1 ? ReadAheadOptions : null;
            if (readAhead is null)
            {
                foreach (InputFile file in _inputs)
                {
                    ProcessOne(file);
                }
            }
            else
            {
                ProcessReadingAhead(readAhead);
            }
        }

        Drain(block: true);
        _progress?.Complete();
        AfterLastFile();
    }

    /// <summary>
    /// At -ThrottleLimit 1, how to parse the next files on a worker while the current one is written (null: no
    /// read-ahead). <see cref="Execute"/> then gets the parse through <see cref="WriteOutcome.ReadAhead"/>.
    /// </summary>
    private protected virtual DicomReadOptions? ReadAheadOptions => null;

    /// <summary>Called on the read-ahead worker before a file is opened (must be thread-safe and not throw).</summary>
    private protected virtual Action<string>? BeforeReadAhead => null;

    /// <summary>
    /// The files in input order, each read (stat, DICOM check, parse) up to <see cref="HeaderReadAhead.DefaultDepth"/>
    /// files ahead on one worker, and each output written behind on two others while the next file is de-identified;
    /// reported, renamed into place and emitted exactly as without read-ahead or write-behind.
    /// </summary>
    private void ProcessReadingAhead(DicomReadOptions options)
    {
        using var ahead = new HeaderReadAhead(options, beforeRead: BeforeReadAhead);
        using WriteBehind<WriteOutcome>? behind = MessagesPerFile() ? null : new WriteBehind<WriteOutcome>(workers: WriteBehind<WriteOutcome>.DefaultWorkers);
        _readAhead = ahead;
        _writeBehind = behind;
        try
        {
            int posted = 0;
            foreach (InputFile file in _inputs)
            {
                // Refilled in batches when half empty: the worker wakes once per batch, not once per file.
                if (ahead.Pending <= ahead.Depth / 2)
                {
                    while (posted < _inputs.Count && !ahead.IsFull)
                    {
                        ahead.Post(_inputs[posted++].Path);
                    }
                }

                ReadAheadResult read = ahead.Take();
                if (behind is not null && !GoesStraightToExecute(file, read))
                {
                    // Its checks report at once (not DICOM, empty, unreadable ...): the files before it are reported first.
                    FinishWritesBehind(0);
                }

                ProcessOne(file, read);
            }

            FinishWritesBehind(0);
        }
        finally
        {
            _writeBehind = null;
            _readAhead = null;
        }
    }

    /// <summary>An input under the destination gets no output (<see cref="ProcessFile"/> says why).</summary>
    private bool IsInsideDestination(InputFile file) =>
        DestinationRoot is not null && PathComparison.IsSameOrUnder(file.Path, DestinationRoot);

    /// <summary>
    /// True when the file passes the checks before <see cref="Execute"/> without writing anything (everything it
    /// reports then comes from its outcome, in order); false when a check may report it at once.
    /// </summary>
    private bool GoesStraightToExecute(InputFile file, ReadAheadResult read)
    {
        if (!read.Completed || !string.Equals(read.Path, file.Path, StringComparison.Ordinal) || read.Length <= 0
            || read.CheckError is not null || !read.LooksLikeDicom)
        {
            return false;
        }

        if (IsInsideDestination(file))
        {
            return false;
        }

        return InPlace || MirrorFolder is null || MirrorBase.Relative(System.IO.Path.GetFullPath(file.Path), MirrorFolder) is not null;
    }

    /// <summary>
    /// True when verbose or debug messages are shown: ShouldProcess then writes one per file as it starts, which
    /// must not come before the previous file's result, so files are written one after the other.
    /// </summary>
    private bool MessagesPerFile()
    {
        static bool Shown(object? preference) =>
            preference is ActionPreference p ? p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore : preference is not null;

        return MyInvocation.BoundParameters.ContainsKey("Verbose") || MyInvocation.BoundParameters.ContainsKey("Debug")
            || Shown(GetVariableValue("VerbosePreference")) || Shown(GetVariableValue("DebugPreference"));
    }

    /// <summary>Queues a prepared outcome behind the files being written, and reports every file whose write is done.</summary>
    private void PostBehind(WriteOutcome outcome)
    {
        WriteBehind<WriteOutcome> behind = _writeBehind!;
        FinishWritesBehind(behind.Depth - 1);
        bool write = outcome.Error is null && outcome.TempPath is not null && outcome.Write is not null;
        behind.Post(outcome, write ? static o => o.Write!(o) : null);
        while (behind.Pending > 0 && behind.IsOldestDone)
        {
            CompleteBehind(behind);
        }
    }

    /// <summary>Reports, in order, the written-behind files until at most <paramref name="left"/> are in flight (waiting for their writes).</summary>
    private void FinishWritesBehind(int left)
    {
        if (_writeBehind is WriteBehind<WriteOutcome> behind)
        {
            while (behind.Pending > left)
            {
                CompleteBehind(behind);
            }
        }
    }

    private void CompleteBehind(WriteBehind<WriteOutcome> behind)
    {
        WriteOutcome outcome = behind.Take(out Exception? error);
        if (error is not null || _cts.IsCancellationRequested)
        {
            if (outcome.TempPath is not null)
            {
                Forget(outcome.TempPath);
                outcome.TempPath = null;
            }

            if (_cts.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            if (!IsPerFileException(error!))
            {
                ExceptionDispatchInfo.Capture(error!).Throw(); // not about this file (out of memory ...): as if thrown here
            }

            outcome.Error = error;
        }

        Complete(outcome);
    }

    /// <summary>The inputs in order, known from <see cref="BeforeFirstFile"/> on.</summary>
    private protected IReadOnlyList<InputFile> Inputs => _inputs;

    /// <summary>Runs once the inputs and the mirror base are known, before the first file.</summary>
    protected virtual void BeforeFirstFile()
    {
    }

    /// <summary>Runs after the last file is reported.</summary>
    protected virtual void AfterLastFile()
    {
    }

    protected sealed override void OnNotProcessed(InputFile file, bool failed, string id, string message)
    {
        if (_collecting && failed)
        {
            // A path that does not exist: nothing to collect, but the input is accounted for.
            ReportNotWritten(file, "Failed", id, message);
        }
        else if (!_collecting)
        {
            ReportNotWritten(file, failed ? "Failed" : "Skipped", id, message);
        }
    }

    /// <summary>Reports an input that got no output (Failed or Skipped, with the id and a message naming only paths).</summary>
    protected virtual void ReportNotWritten(InputFile file, string status, string id, string message)
    {
    }

    /// <summary>Mirror base, destination-is-a-source check and the -InPlace question; false to process nothing.</summary>
    private bool PrepareRun()
    {
        var folders = new List<string>();
        foreach (InputFile f in _inputs)
        {
            folders.Add(f.Root ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(f.Path)) ?? f.Path);
        }

        MirrorFolder ??= MirrorBase.CommonFolder(folders);
        if (DestinationRoot is not null)
        {
            CheckDestinationIsNoSource();
        }

        if (InPlace && !Force && !MyInvocation.BoundParameters.ContainsKey("WhatIf") && !ConfirmedOff())
        {
            string question = $"{ActionName}: overwrite {_inputs.Count} input file(s) in place? The originals cannot be recovered.";
            if (!ShouldContinue(question, "Overwrite the original files"))
            {
                return false;
            }
        }

        return true;
    }

    private bool ConfirmedOff() =>
        MyInvocation.BoundParameters.TryGetValue("Confirm", out object? c) && c is SwitchParameter sp && !sp.IsPresent;

    /// <summary>Stops when the destination is, or resolves into, a folder being read (symbolic links, '..', case).</summary>
    private void CheckDestinationIsNoSource()
    {
        string dest = RealPath.Resolve(DestinationRoot!);
        var walked = new HashSet<string>(PathComparison.Comparer);
        var named = new HashSet<string>(PathComparison.Comparer);
        foreach (InputFile f in _inputs)
        {
            if (f.Root is not null)
            {
                walked.Add(f.Root);
            }
            else
            {
                named.Add(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(f.Path)) ?? f.Path);
            }
        }

        foreach (string root in walked)
        {
            if (PathComparison.IsSameOrUnder(dest, RealPath.Resolve(root)))
            {
                StopDestinationIsSource(root);
            }
        }

        foreach (string folder in named)
        {
            if (string.Equals(PathComparison.Trim(dest), PathComparison.Trim(RealPath.Resolve(folder)), PathComparison.Comparison))
            {
                StopDestinationIsSource(folder);
            }
        }

        if (MirrorFolder is not null && string.Equals(PathComparison.Trim(dest), PathComparison.Trim(RealPath.Resolve(MirrorFolder)), PathComparison.Comparison))
        {
            StopDestinationIsSource(MirrorFolder);
        }
    }

    private void StopDestinationIsSource(string source) =>
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"The destination '{DestinationRoot}' is, or resolves into, the source folder '{source}': copies would land on or among the originals. Choose a destination outside the sources, or use -InPlace to overwrite the inputs on purpose."),
            ErrorIds.DestinationInsideSource, ErrorCategory.InvalidArgument, DestinationRoot));

    /// <summary>The input's path relative to the mirror base.</summary>
    private string RelativeFor(InputFile file)
    {
        if (InPlace)
        {
            return System.IO.Path.GetFileName(file.Path);
        }

        string? rel = MirrorFolder is null ? null : MirrorBase.Relative(System.IO.Path.GetFullPath(file.Path), MirrorFolder);
        if (rel is null)
        {
            throw new FileProblemException(ErrorIds.OutsideRelativeTo, ErrorCategory.InvalidArgument,
                $"'{file.Path}' is not below the -RelativeTo folder '{MirrorFolder}', so it has no name under the destination.");
        }

        return rel;
    }

    /// <summary>A full path from -Destination or -RelativeTo; other providers (Env:, HKLM:, Cert:) are refused.</summary>
    private string FileSystemPath(string value, string parameter)
    {
        string full = string.Empty;
        ProviderInfo? provider = null;
        try
        {
            full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(value, out provider, out _);
        }
        catch (Exception ex) when (ex is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSNotSupportedException or ArgumentException)
        {
            provider = null;
        }

        if (provider is null || !string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{parameter} '{value}' is not a file-system path."),
                ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, value));
        }

        return full;
    }

    protected override void StopProcessing()
    {
        _cts.Cancel();
        _readAhead?.Stop();
        _writeBehind?.Stop();
        DeleteTemps();
    }

    /// <summary>The target for a copy that mirrors the input's path relative to the mirror base.</summary>
    protected string MirrorTarget(WriteOutcome outcome) =>
        InPlace ? outcome.File.Path : System.IO.Path.Combine(DestinationRoot!, outcome.RelativePath);

    /// <summary>A temporary file next to <paramref name="target"/>, deleted unless renamed into place.</summary>
    protected string NewTempPath(string target)
    {
        string dir = System.IO.Path.GetDirectoryName(target) ?? ".";
        if (!_createdFolders.Contains(dir))
        {
            Directory.CreateDirectory(dir); // once per folder and run, not once per file
            _createdFolders.Add(dir);
        }

        RemoveStaleTempsOnce(dir);
        string temp = TempFiles.NewPath(dir);
        _temps[temp] = 0;
        return temp;
    }

    /// <summary>
    /// Removes temporary files left in <paramref name="folder"/> by a killed run of ours (once per folder and run;
    /// safe from workers). They are never taken as inputs either.
    /// </summary>
    protected void RemoveStaleTempsOnce(string folder)
    {
        if (_cleanedFolders.Add(folder))
        {
            TempFiles.RemoveStale(folder);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cts.Cancel();
        foreach (Task<WriteOutcome> t in _pending)
        {
            try
            {
                t.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // Cancelled or failed: its temporary file is deleted below.
            }
        }

        DeleteTemps();
        DisposeResources();
        _slots?.Dispose();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Release per-run resources (OCR engines ...).</summary>
    protected virtual void DisposeResources()
    {
    }

    /// <param name="deferWrite">Leave <see cref="WriteOutcome.Write"/> to the write-behind worker instead of running it here.</param>
    private WriteOutcome Run(InputFile file, string relative, ReadAheadResult? ahead, bool deferWrite, CancellationToken token)
    {
        var outcome = new WriteOutcome(file) { RelativePath = relative, ReadAhead = ahead };
        try
        {
            token.ThrowIfCancellationRequested();
            Execute(outcome, token);
            if (!deferWrite && outcome.Write is Action<WriteOutcome> write)
            {
                outcome.Write = null;
                write(outcome);
            }

            token.ThrowIfCancellationRequested();
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            outcome.Error = ex;
        }
        finally
        {
            if ((outcome.Error is not null || token.IsCancellationRequested) && outcome.TempPath is not null)
            {
                Forget(outcome.TempPath);
                outcome.TempPath = null;
            }
        }

        return outcome;
    }

    private void Drain(bool block)
    {
        while (_pending.Count > 0 && (block || _pending.Peek().IsCompleted))
        {
            Task<WriteOutcome> t = _pending.Dequeue();
            WriteOutcome outcome;
            try
            {
                outcome = t.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }

            Complete(outcome);
        }
    }

    private void Complete(WriteOutcome outcome)
    {
        _done++;
        _progress?.Report(_done, _inputs.Count > 0 ? _inputs.Count : null, outcome.File.Path);
        if (outcome.Error is null && outcome.TempPath is not null && outcome.Target is not null)
        {
            outcome.Error = Commit(outcome);
        }

        if (outcome.Error is not null)
        {
            ErrorRecord record = ToErrorRecord(outcome.Error, outcome.File.Path);
            WriteError(record);
            ReportNotWritten(outcome.File, "Failed", IdOf(record), outcome.Error.Message);
            return;
        }

        foreach (string w in outcome.Warnings)
        {
            WriteWarning(w);
        }

        Emit(outcome);
        if (outcome.ErrorAfterWrite is not null)
        {
            WriteFileError(outcome.ErrorAfterWrite, outcome.File.Path);
        }
    }

    /// <summary>
    /// Puts the temporary file in place without ever replacing a file that appeared meanwhile (unless -Force or
    /// -InPlace). A target that already holds the very same bytes counts as done: an earlier run was killed after
    /// writing it.
    /// </summary>
    private FileProblemException? Commit(WriteOutcome outcome)
    {
        string temp = outcome.TempPath!;
        string target = outcome.Target!;
        try
        {
            if (!_written.Add(target))
            {
                return new FileProblemException(ErrorIds.OutputNameCollision, ErrorCategory.WriteError,
                    $"Another input of this run was already written to '{target}'; this file was not written.");
            }

            if (NoReplaceCommit.TryCommit(temp, target, replace: InPlace || Force))
            {
                _temps.TryRemove(temp, out _);
                outcome.TempPath = null;
                return null;
            }

            if (SameBytes(temp, target))
            {
                outcome.FoundIdentical = true;
                return null;
            }

            _written.Remove(target);
            return new FileProblemException(ErrorIds.DestinationExists, ErrorCategory.ResourceExists,
                $"'{target}' already exists. Use -Force to replace it.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _written.Remove(target);
            return new FileProblemException(Core.IO.OutputFailure.ErrorIdFor(ex) ?? ErrorIds.FileWriteError, ErrorCategory.WriteError,
                $"Could not write '{target}': {ex.Message}", ex);
        }
        finally
        {
            if (outcome.TempPath is not null)
            {
                Forget(outcome.TempPath);
                outcome.TempPath = null;
            }
        }
    }

    private static bool SameBytes(string a, string b)
    {
        var fa = new FileInfo(a);
        var fb = new FileInfo(b);
        if (!fb.Exists || fa.Length != fb.Length)
        {
            return false;
        }

        using FileStream sa = fa.OpenRead();
        using FileStream sb = fb.OpenRead();
        byte[] ba = new byte[81920];
        byte[] bb = new byte[81920];
        while (true)
        {
            int na = Fill(sa, ba);
            int nb = Fill(sb, bb);
            if (na != nb)
            {
                return false;
            }

            if (na == 0)
            {
                return true;
            }

            for (int i = 0; i < na; i++)
            {
                if (ba[i] != bb[i])
                {
                    return false;
                }
            }
        }
    }

    private static int Fill(Stream s, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    private void Forget(string temp)
    {
        OwnerOnlyFile.TryDelete(temp);
        _temps.TryRemove(temp, out _);
    }

    private void DeleteTemps()
    {
        foreach (string temp in _temps.Keys)
        {
            OwnerOnlyFile.TryDelete(temp);
        }
    }
}
