// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The one place that decides what an output path may keep of its source's folder and file names. Every component
/// of a mirrored path goes through <see cref="Scrub"/>: a component that carries an identifier of the file, or of any
/// DICOM file beside it in its source folder, is replaced by <see cref="PathScrubber"/> (new UID, pseudonym or keyed
/// token), so a presentation state without demographics in a folder named after its patient is covered too.
/// </summary>
/// <remarks>
/// The replacement depends only on the component, what it matched and the key, so partitions and resumed runs name
/// alike. Each source folder's identifiers are read (headers only) and compiled into one matcher, shared by the
/// workers while files of the folder are left (<see cref="Expect"/>). Only regular, non-empty files are opened (never
/// a FIFO or device); files that do not parse are ignored.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
internal sealed class PathComponentPolicy
{
    // Headers only, and of them only the values that can give an identifier: most of a header is skipped, not copied.
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true, KeepValue = IdentifierSet.NeedsValue };
    private readonly PathScrubber _scrubber;
    private readonly ConcurrentDictionary<string, Lazy<IdentifierMatcher>> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _filesLeft = new(StringComparer.Ordinal);

    public PathComponentPolicy(Deidentifier deidentifier) => _scrubber = new PathScrubber(deidentifier);

    /// <summary>
    /// <paramref name="relativePath"/> with every component that may reveal who a file of <paramref name="sourcePath"/>'s
    /// folder is about replaced; unchanged when none does.
    /// </summary>
    /// <param name="relativePath">The mirrored path below the destination ('/' or '\' separated).</param>
    /// <param name="sourcePath">The source file: its folder's DICOM files (itself included) give the identifiers.</param>
    /// <param name="dataset">The source file's own (original) dataset, searched too in case the folder cannot be listed.</param>
    public string Scrub(string relativePath, string sourcePath, DicomDataset dataset)
    {
        IdentifierMatcher matcher = MatcherFor(FolderOf(sourcePath)).Value;
        if (matcher.PatternCount == 0)
        {
            matcher = IdentifierSet.FromDataset(dataset).Compile(); // the folder could not be read: the file's own identifiers
        }

        return _scrubber.ScrubRelativePath(relativePath, matcher);
    }

    /// <summary>Reads the identifiers of <paramref name="sourcePath"/>'s folder now, if not done yet (e.g. on a read-ahead worker).</summary>
    public void Prepare(string sourcePath)
    {
        try
        {
            _ = MatcherFor(FolderOf(sourcePath)).Value;
        }
#pragma warning disable CA1031 // the same Lazy throws the same exception to Scrub, which reports it for its file
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The number of folders whose matchers are held.</summary>
    internal int HeldFolders => _folders.Count;

    /// <summary>
    /// Announces a file that will be scrubbed (or reported) later. A folder's matcher holds the forms of every file in
    /// it (about 2 KB a file): once every announced file of the folder is <see cref="Finished"/>, it is dropped, so a
    /// run holds the matchers of the folders in flight only, not of every folder it has seen.
    /// </summary>
    public void Expect(string sourcePath)
    {
        string folder = FolderOf(sourcePath);
        lock (_filesLeft)
        {
            _filesLeft[folder] = (_filesLeft.TryGetValue(folder, out int n) ? n : 0) + 1;
        }
    }

    /// <summary>An announced file is done (scrubbed, failed or skipped); the last one of its folder drops the folder's matcher.</summary>
    public void Finished(string sourcePath)
    {
        string folder = FolderOf(sourcePath);
        lock (_filesLeft)
        {
            if (!_filesLeft.TryGetValue(folder, out int n))
            {
                return; // not announced: kept, as before
            }

            if (n > 1)
            {
                _filesLeft[folder] = n - 1;
                return;
            }

            _filesLeft.Remove(folder);
        }

        _folders.TryRemove(folder, out _);
    }

    private static string FolderOf(string sourcePath) => Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".";

    private Lazy<IdentifierMatcher> MatcherFor(string folder) =>
        _folders.GetOrAdd(folder, f => new Lazy<IdentifierMatcher>(() => ReadFolder(f).Compile()));

    /// <summary>
    /// The identifiers of the DICOM files directly in <paramref name="folder"/> (headers only, one open per file),
    /// read in batches on two threads and added in name order, so the set is the same as read one by one.
    /// </summary>
    private static IdentifierSet ReadFolder(string folder)
    {
        var set = new IdentifierSet();
        string[] files;
        try
        {
            files = Directory.GetFiles(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return set;
        }

        const int Batch = 128;
        var batch = new IdentifierSet?[Batch];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) };
        for (int start = 0; start < files.Length; start += Batch)
        {
            int count = Math.Min(Batch, files.Length - start);
            int first = start;
            try
            {
                Parallel.For(0, count, parallel, i => batch[i] = ReadIdentifiers(files[first + i]));
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw(); // as read one by one: the first failure
            }

            for (int i = 0; i < count; i++)
            {
                if (batch[i] is IdentifierSet one)
                {
                    set.UnionWith(one);
                }

                batch[i] = null;
            }
        }

        return set;
    }

    /// <summary>One file's identifiers; null when it is empty, not a regular file, one of our temporary files, or not DICOM.</summary>
    private static IdentifierSet? ReadIdentifiers(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length == 0 || TempFiles.IsOurs(info.Name))
            {
                return null; // empty also means FIFO, socket or device: never opened
            }

            bool sniffed = false;
            DicomFile? file = DicomReader.ReadFileIfDicom(path, HeaderOnly, ref sniffed, regularNonEmpty: true);
            return file is null ? null : IdentifierSet.FromDataset(file.Dataset);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomFormatException or NotDicomFileException or InvalidOperationException or ArgumentException)
        {
            // A file that does not parse is reported when it is processed itself; here it only adds nothing.
            return null;
        }
    }
}
