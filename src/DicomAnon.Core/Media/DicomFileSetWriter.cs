// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Media;

/// <summary>Lays a built file-set out under a folder: each instance at its File ID, then the DICOMDIR.</summary>
/// <remarks>
/// Instances are copied byte for byte (files without a Part 10 header are written with one, as a file-set requires).
/// Every write goes to a temporary file that is renamed into place, never over an existing file unless
/// <c>overwrite</c>. The DICOMDIR is written last and only when every instance is in place, so it never references a
/// file that is not there.
/// </remarks>
internal static class DicomFileSetWriter
{
    public const string DirectoryFileName = "DICOMDIR";

    /// <summary>Copies the instances and writes the DICOMDIR; returns its path, or null when an instance failed.</summary>
    /// <param name="onError">Called for each instance that could not be written (with the target path).</param>
    public static string? Write(DicomDirectoryBuilder builder, DicomFile dicomdir, string root, bool overwrite, Action<MediaInstance, string, Exception> onError)
    {
        string full = Path.GetFullPath(root);
        string directoryPath = Path.Combine(full, DirectoryFileName);
        if (!overwrite && File.Exists(directoryPath))
        {
            throw new IOException($"'{directoryPath}' already exists.");
        }

        bool complete = true;
        foreach (MediaInstance instance in builder.Instances)
        {
            string target = Path.Combine(full, Path.Combine(instance.FileId.ToArray()));
            try
            {
                Place(instance.SourcePath, target, overwrite);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomFormatException)
            {
                complete = false;
                onError(instance, target, ex);
            }
        }

        if (!complete)
        {
            return null;
        }

        DicomWriter.WriteFile(dicomdir, directoryPath, new DicomWriteOptions { Overwrite = overwrite });
        return directoryPath;
    }

    private static void Place(string source, string target, bool overwrite)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!overwrite && File.Exists(target))
        {
            throw new IOException($"'{target}' already exists.");
        }

        var file = DicomFile.Open(source, new DicomReadOptions { StopBeforePixelData = true });
        if (file.HadNoPart10Header)
        {
            DicomFile.Open(source).Save(target, new DicomWriteOptions { Overwrite = overwrite });
            return;
        }

        string temp = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".dicomanon-tmp");
        try
        {
            File.Copy(source, temp);
            if (overwrite && File.Exists(target))
            {
                File.Replace(temp, target, null);
            }
            else
            {
                File.Move(temp, target);
            }
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    /// <summary>Counts of the records a DICOMDIR holds, by directory record type.</summary>
    public static IReadOnlyDictionary<string, int> CountRecords(DicomFile dicomdir) =>
        (dicomdir.Dataset.GetSequence(DicomTags.DirectoryRecordSequence)?.Items ?? (IEnumerable<DicomDataset>)Array.Empty<DicomDataset>())
            .GroupBy(r => r.GetString(DicomTags.DirectoryRecordType)?.Trim() ?? string.Empty)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
