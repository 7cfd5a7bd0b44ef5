// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace DicomAnon.Commands;

/// <summary>The outcome of one file's work, made on a worker and reported on the pipeline thread.</summary>
public sealed class WriteOutcome
{
    internal WriteOutcome(InputFile file) => File = file;

    public InputFile File { get; }

    /// <summary>Where the file is to be written (null when nothing is written).</summary>
    internal string? Target { get; set; }

    /// <summary>The finished temporary file, renamed to <see cref="Target"/> by the pipeline thread.</summary>
    internal string? TempPath { get; set; }

    internal Exception? Error { get; set; }

    /// <summary>An error reported after the file is written (e.g. text still readable).</summary>
    internal Exception? ErrorAfterWrite { get; set; }

    internal object? Result { get; set; }

    internal object? State { get; set; }

    internal List<string> Warnings { get; } = new();
}

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
    private readonly HashSet<string> _written = new(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private SemaphoreSlim? _slots;
    private ThrottledProgress? _progress;
    private int _done;
    private bool _disposed;

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

    /// <summary>Files processed at once (1-64, default 1: in order, on the pipeline thread).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>The full destination folder (null with -InPlace).</summary>
    protected string? DestinationRoot { get; private set; }

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
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
            if (File.Exists(full))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The destination '{full}' is a file; give a folder."),
                    ErrorIds.DestinationIsFile, ErrorCategory.InvalidArgument, full));
            }

            DestinationRoot = full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        }

        _slots = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);
        _progress = new ThrottledProgress(this, 2, ProgressActivity);
    }

    protected sealed override void ProcessFile(InputFile file)
    {
        if (!file.Named && IsUnderDestination(file.Path))
        {
            // A destination inside the tree being walked: never process our own output again.
            WriteVerbose($"Skipping '{file.Path}': it is inside the destination folder.");
            return;
        }

        string what = InPlace ? file.Path : file.Path + " -> " + DestinationRoot;
        if (!ShouldProcess(what, ActionName))
        {
            return;
        }

        if (ThrottleLimit == 1)
        {
            Complete(Run(file, _cts.Token));
            return;
        }

        CancellationToken token = _cts.Token;
        SemaphoreSlim slots = _slots!;
        _pending.Enqueue(Task.Run(() =>
        {
            slots.Wait(token);
            try
            {
                return Run(file, token);
            }
            finally
            {
                slots.Release();
            }
        }));
        Drain(block: _pending.Count >= ThrottleLimit * 4);
    }

    protected override void EndProcessing()
    {
        Drain(block: true);
        _progress?.Complete();
    }

    protected override void StopProcessing()
    {
        _cts.Cancel();
        DeleteTemps();
    }

    private bool IsUnderDestination(string path)
    {
        if (DestinationRoot is null)
        {
            return false;
        }

        StringComparison cmp = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(DestinationRoot + System.IO.Path.DirectorySeparatorChar, cmp)
            || path.StartsWith(DestinationRoot + System.IO.Path.AltDirectorySeparatorChar, cmp);
    }

    /// <summary>The target for a copy that mirrors the input's path relative to the folder it was found in.</summary>
    protected string MirrorTarget(InputFile file) =>
        InPlace ? file.Path : System.IO.Path.Combine(DestinationRoot!, file.RelativePath);

    /// <summary>A temporary file next to <paramref name="target"/>, deleted unless renamed into place.</summary>
    protected string NewTempPath(string target)
    {
        string dir = System.IO.Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = System.IO.Path.Combine(dir, "." + Guid.NewGuid().ToString("N") + ".dicomanon.tmp");
        _temps[temp] = 0;
        return temp;
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

    private WriteOutcome Run(InputFile file, CancellationToken token)
    {
        var outcome = new WriteOutcome(file);
        try
        {
            token.ThrowIfCancellationRequested();
            Execute(outcome, token);
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
        _progress?.Report(_done, null, outcome.File.Path);
        if (outcome.Error is null && outcome.TempPath is not null && outcome.Target is not null)
        {
            outcome.Error = Commit(outcome);
        }

        if (outcome.Error is not null)
        {
            WriteFileError(outcome.Error, outcome.File.Path);
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

    private Exception? Commit(WriteOutcome outcome)
    {
        string temp = outcome.TempPath!;
        string target = outcome.Target!;
        try
        {
            if (!_written.Add(target))
            {
                return new FileProblemException(ErrorIds.OutputNameCollision, ErrorCategory.WriteError,
                    $"Another input of this run was already written to '{target}'; this file was not written. Use -Layout Uid to name copies by their UIDs.");
            }

            bool exists = File.Exists(target);
            if (exists && !InPlace && !Force)
            {
                _written.Remove(target);
                return new FileProblemException(ErrorIds.DestinationExists, ErrorCategory.ResourceExists,
                    $"'{target}' already exists. Use -Force to replace it.");
            }

            if (exists)
            {
                File.Replace(temp, target, null);
            }
            else
            {
                File.Move(temp, target);
            }

            _temps.TryRemove(temp, out _);
            outcome.TempPath = null;
            return null;
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
