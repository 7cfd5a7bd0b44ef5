// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using DicomAnon.Core;
using DicomAnon.Core.Batch;

namespace DicomAnon.Commands;

/// <summary>-Path/-LiteralPath/-Recurse handling shared by every cmdlet that reads DICOM files.</summary>
/// <remarks>
/// Get-FileHash semantics: a wildcard that matches nothing is silent, a missing literal path is an error.
/// A folder means its files; -Recurse means the whole tree, walked here so that an unreadable folder is
/// reported and the walk goes on (Directory.EnumerateFiles stops at the first one on .NET Framework).
/// </remarks>
public abstract class DicomFileCmdlet : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    private string[] _paths = Array.Empty<string>();
    private bool _expandWildcards;
    private ReadAheadResult? _ahead;
    private ManagedHeapBound? _heap;

    /// <summary>Files or folders; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet,
               ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path
    {
        get => _paths;
        set
        {
            _paths = value;
            _expandWildcards = true;
        }
    }

    /// <summary>Files or folders, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet,
               ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath
    {
        get => _paths;
        set
        {
            _paths = value;
            _expandWildcards = false;
        }
    }

    /// <summary>Walk sub-folders of the folders given.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Files processed so far (for progress).</summary>
    protected int FilesSeen { get; private set; }

    /// <summary>When true (the default), files that are not DICOM are skipped (walked) or reported (named) before <see cref="ProcessFile"/>.</summary>
    protected virtual bool RequireDicom => true;

    /// <summary>The error id for an unexpected failure while processing one file.</summary>
    protected virtual string FallbackErrorId => ErrorIds.DicomParseFailed;

    /// <summary>Handle one file. Throw to report a per-file error.</summary>
    protected abstract void ProcessFile(InputFile file);

    protected override void ProcessRecord()
    {
        foreach (InputFile file in ResolveFiles())
        {
            ProcessOne(file);
        }
    }

    /// <summary>After each input collected or file processed: a long batch's heap stays near what it holds alive.</summary>
    private protected void BoundHeap() => (_heap ??= new ManagedHeapBound()).Check();

    /// <summary>Checks one input and hands it to <see cref="ProcessFile"/>, reporting a failure for that file alone.</summary>
    protected void ProcessOne(InputFile file)
    {
        FilesSeen++;
        BoundHeap();
        try
        {
            if (TryFinishWithoutReading(file))
            {
                return;
            }

            if (RequireDicom && !CheckIsDicom(file))
            {
                return;
            }

            ProcessFile(file);
        }
        catch (Exception ex) when (IsPerFileException(ex))
        {
            ErrorRecord record = ToErrorRecord(ex, file.Path);
            WriteError(record);
            OnNotProcessed(file, failed: true, IdOf(record), ex.Message);
        }
    }

    /// <summary>
    /// <see cref="ProcessOne(InputFile)"/> with what a <see cref="HeaderReadAhead"/> already learnt about the file
    /// (its size, the DICOM check and the parse), so the file is opened once; reported exactly as if read now.
    /// </summary>
    private protected void ProcessOne(InputFile file, ReadAheadResult? ahead)
    {
        _ahead = ahead is { Completed: true } && string.Equals(ahead.Path, file.Path, StringComparison.Ordinal) ? ahead : null;
        try
        {
            ProcessOne(file);
        }
        finally
        {
            _ahead = null;
        }
    }

    /// <summary>What the read-ahead learnt about the file being processed; null when it was not read ahead (or off the pipeline thread).</summary>
    private protected ReadAheadResult? ReadAhead => _ahead;

    /// <summary>
    /// The file parsed with <paramref name="options"/>: the read-ahead's parse (or its exception) when there is one,
    /// which the caller made with the same options; otherwise read now.
    /// </summary>
    private protected static DicomFile ReadInput(string path, Core.IO.DicomReadOptions options, ReadAheadResult? ahead)
    {
        if (ahead is { Completed: true, LooksLikeDicom: true } && string.Equals(ahead.Path, path, StringComparison.Ordinal))
        {
            if (ahead.ReadError is not null)
            {
                ExceptionDispatchInfo.Capture(ahead.ReadError).Throw();
            }

            if (ahead.File is not null)
            {
                return ahead.File;
            }
        }

        return DicomFile.Open(path, options);
    }

    /// <summary>Handles an input without opening it (e.g. finished by an earlier run); true when it is done.</summary>
    protected virtual bool TryFinishWithoutReading(InputFile file) => false;

    /// <summary>
    /// Called for an input that gets no normal output: failed (an error was written) or skipped (a message was
    /// written). Writers turn it into a result, so that every input is accounted for.
    /// </summary>
    protected virtual void OnNotProcessed(InputFile file, bool failed, string id, string message)
    {
    }

    /// <summary>The error id part of a record's FullyQualifiedErrorId.</summary>
    protected static string IdOf(ErrorRecord record)
    {
        string fq = record.FullyQualifiedErrorId ?? string.Empty;
        int comma = fq.IndexOf(',');
        return comma < 0 ? fq : fq.Substring(0, comma);
    }

    /// <summary>True for exceptions that concern one file (never PowerShell's own flow control: Ctrl+C, -ErrorAction Stop).</summary>
    protected static bool IsPerFileException(Exception ex) =>
        ex is not RuntimeException and not OutOfMemoryException and not OperationCanceledException;

    /// <summary>Writes the non-terminating error for a failure on <paramref name="path"/>; the target object is always the path.</summary>
    protected void WriteFileError(Exception ex, string path) => WriteError(ToErrorRecord(ex, path));

    protected ErrorRecord ToErrorRecord(Exception ex, string path)
    {
        (string id, ErrorCategory category) = ex switch
        {
            FileProblemException p => (p.ErrorId, p.Category),
            Imaging.Pixels.UnsupportedPixelDataException => (ErrorIds.UnsupportedPixelData, ErrorCategory.NotImplemented),
            Core.IO.DicomLimitExceededException => (ErrorIds.DicomLimitExceeded, ErrorCategory.LimitsExceeded),
            Core.IO.DeflatedDataTruncatedException => (ErrorIds.DeflatedDataTruncated, ErrorCategory.InvalidData),
            DicomFormatException => (ErrorIds.DicomParseFailed, ErrorCategory.InvalidData),
            FileNotFoundException or DirectoryNotFoundException => (ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound),
            UnauthorizedAccessException => (ErrorIds.AccessDenied, ErrorCategory.PermissionDenied),
            EndOfStreamException => (ErrorIds.DicomParseFailed, ErrorCategory.InvalidData),
            IOException when Core.IO.OutputFailure.ErrorIdFor(ex) is string writeId => (writeId, ErrorCategory.WriteError),
            IOException => (ErrorIds.FileReadError, ErrorCategory.ReadError),
            NotSupportedException or NotImplementedException => (FallbackErrorId, ErrorCategory.NotImplemented),
            _ => (FallbackErrorId, ErrorCategory.InvalidOperation),
        };
        return new ErrorRecord(ex, id, category, path);
    }

    /// <summary>Named non-DICOM files are errors; files met while walking are skipped with a message.</summary>
    /// <remarks>
    /// A FIFO, socket or device reports a length of 0, like an empty file: neither can be DICOM, so such a file is
    /// never opened (opening a FIFO would wait for a writer for ever).
    /// </remarks>
    private bool CheckIsDicom(InputFile file)
    {
        long length;
        if (_ahead is not null)
        {
            length = _ahead.Length;
        }
        else
        {
            try
            {
                length = new FileInfo(file.Path).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                length = -1; // reported by the open below
            }
        }

        if (length == 0)
        {
            string message = $"'{file.Path}' is empty or not a regular file (a FIFO, socket or device); it was not opened.";
            if (file.Named)
            {
                WriteError(new ErrorRecord(new InvalidDataException(message), ErrorIds.NotRegularFile, ErrorCategory.InvalidData, file.Path));
                OnNotProcessed(file, failed: true, ErrorIds.NotRegularFile, message);
            }
            else
            {
                WriteWarning("Skipping " + message);
                OnNotProcessed(file, failed: false, ErrorIds.NotRegularFile, message);
            }

            return false;
        }

        if (_ahead?.CheckError is Exception checkError)
        {
            ExceptionDispatchInfo.Capture(checkError).Throw();
        }

        if (_ahead?.LooksLikeDicom ?? DicomSniffer.LooksLikeDicom(file.Path))
        {
            return true;
        }

        string text = $"'{file.Path}' is not a DICOM file (no 'DICM' marker at byte 128 and no recognisable dataset).";
        if (file.Named)
        {
            WriteError(new ErrorRecord(new InvalidDataException(text), ErrorIds.NotDicomFile, ErrorCategory.InvalidData, file.Path));
            OnNotProcessed(file, failed: true, ErrorIds.NotDicomFile, text);
        }
        else
        {
            WriteVerbose($"Skipping '{file.Path}': not a DICOM file.");
            OnNotProcessed(file, failed: false, ErrorIds.NotDicomFile, text);
        }

        return false;
    }

    /// <summary>Expands -Path/-LiteralPath into files, reporting bad paths and unreadable folders as non-terminating errors.</summary>
    protected IEnumerable<InputFile> ResolveFiles()
    {
        foreach (string input in _paths)
        {
            Collection<string> resolved;
            ProviderInfo provider;
            try
            {
                if (_expandWildcards)
                {
                    resolved = GetResolvedProviderPathFromPSPath(input, out provider);
                }
                else
                {
                    resolved = new Collection<string> { SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _) };
                }
            }
            catch (ItemNotFoundException ex)
            {
                // A name with brackets that exists as written is taken literally (objects with a Path property bind to -Path).
                string? literal = TryLiteral(input);
                if (literal is not null)
                {
                    resolved = new Collection<string> { literal };
                    provider = SessionState.Path.CurrentFileSystemLocation.Provider;
                }
                else
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(input))
                    {
                        WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
                        OnNotProcessed(new InputFile(input, named: true, root: null), failed: true, ErrorIds.PathNotFound, $"Cannot find path '{input}' because it does not exist.");
                    }

                    continue;
                }
            }
            catch (Exception ex) when (ex is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSNotSupportedException or ArgumentException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, input));
                continue;
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"'{input}' is not a file-system path."),
                    ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, input));
                continue;
            }

            if (_expandWildcards && resolved.Count == 0 && TryLiteral(input) is string lit)
            {
                resolved.Add(lit);
            }

            foreach (string path in resolved)
            {
                if (Directory.Exists(path))
                {
                    foreach (string f in Walk(path))
                    {
                        yield return new InputFile(f, named: false, root: path.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar));
                    }
                }
                else if (File.Exists(path))
                {
                    yield return new InputFile(path, named: true, root: null);
                }
                else
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."),
                        ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
                    OnNotProcessed(new InputFile(path, named: true, root: null), failed: true, ErrorIds.PathNotFound, $"Cannot find path '{path}' because it does not exist.");
                }
            }
        }
    }

    private string? TryLiteral(string input)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(input))
        {
            return null;
        }

        try
        {
            string p = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input);
            return File.Exists(p) || Directory.Exists(p) ? p : null;
        }
        catch (Exception ex) when (ex is not RuntimeException || ex is ItemNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The files under <paramref name="root"/>, each real folder visited once (a symbolic link back up the tree is
    /// a cycle), our own temporary files and resume records left out.
    /// </summary>
    private IEnumerable<string> Walk(string root)
    {
        var visited = new HashSet<string>(PathComparison.Comparer);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            string real = RealPath.TryResolveExisting(dir) ?? System.IO.Path.GetFullPath(dir);
            if (!visited.Add(real))
            {
                WriteWarning($"Skipping '{dir}': it leads to a folder already walked (a link cycle or a second link to it).");
                continue;
            }

            string[] files, subdirs;
            try
            {
                files = Directory.GetFiles(dir);
                subdirs = Recurse ? Directory.GetDirectories(dir) : Array.Empty<string>();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.DirectoryAccessDenied, ErrorCategory.PermissionDenied, dir));
                continue;
            }

            Array.Sort(files, StringComparer.Ordinal);
            Array.Sort(subdirs, StringComparer.Ordinal);
            foreach (string f in files)
            {
                if (!TempFiles.IsOurs(System.IO.Path.GetFileName(f)))
                {
                    yield return f;
                }
            }

            for (int i = subdirs.Length - 1; i >= 0; i--)
            {
                if (!string.Equals(System.IO.Path.GetFileName(subdirs[i]), ResumeState.FolderName, StringComparison.Ordinal))
                {
                    pending.Push(subdirs[i]);
                }
            }
        }
    }
}
