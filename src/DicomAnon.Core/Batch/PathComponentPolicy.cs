// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.IO;
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
/// alike. Each source folder's identifiers are read once (headers only) and compiled into one matcher, shared by the
/// workers. Only regular, non-empty files are opened (never a FIFO or device); files that do not parse are ignored.
/// </remarks>
/// <threadsafety>Thread-safe.</threadsafety>
internal sealed class PathComponentPolicy
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private readonly PathScrubber _scrubber;
    private readonly ConcurrentDictionary<string, Lazy<IdentifierMatcher>> _folders = new(StringComparer.Ordinal);

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
        string folder = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".";
        IdentifierMatcher matcher = _folders.GetOrAdd(folder, f => new Lazy<IdentifierMatcher>(() => ReadFolder(f).Compile())).Value;
        if (matcher.PatternCount == 0)
        {
            matcher = IdentifierSet.FromDataset(dataset).Compile(); // the folder could not be read: the file's own identifiers
        }

        return _scrubber.ScrubRelativePath(relativePath, matcher);
    }

    /// <summary>The identifiers of the DICOM files directly in <paramref name="folder"/> (headers only).</summary>
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

        foreach (string path in files)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Length == 0 || TempFiles.IsOurs(info.Name))
                {
                    continue; // empty also means FIFO, socket or device: never opened
                }

                if (DicomReader.LooksLikeDicom(path))
                {
                    set.AddDataset(DicomFile.Open(path, HeaderOnly).Dataset);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomFormatException or NotDicomFileException or InvalidOperationException or ArgumentException)
            {
                // A file that does not parse is reported when it is processed itself; here it only adds nothing.
            }
        }

        return set;
    }
}
