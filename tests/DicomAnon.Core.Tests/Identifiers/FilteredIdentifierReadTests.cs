// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core.Identifiers;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

/// <summary>
/// The folder pre-pass of path scrubbing reads only the values that can give an identifier
/// (<see cref="DicomReadOptions.KeepValue"/> with <see cref="IdentifierSet.NeedsValue"/>): its identifiers must be
/// exactly those of a full header read, in the same order, on every real-world file (charsets in items, private
/// sequences, UN sequences, big endian, deflated).
/// </summary>
public sealed class FilteredIdentifierReadTests
{
    private static readonly DicomReadOptions Full = new() { StopBeforePixelData = true };
    private static readonly DicomReadOptions Filtered = new() { StopBeforePixelData = true, KeepValue = IdentifierSet.NeedsValue };

    public static IEnumerable<object[]> AllNames() => PydicomReference.TestFileNames().Concat(PydicomReference.CharsetFileNames());

    [Theory]
    [MemberData(nameof(AllNames))]
    public void FilteredReadGivesTheSameIdentifiers(string name)
    {
        string path = PydicomReference.PathOf(name);
        (List<string>? full, Type? fullError) = Identifiers(path, Full);
        (List<string>? filtered, Type? filteredError) = Identifiers(path, Filtered);

        Assert.Equal(fullError, filteredError);
        Assert.Equal(full, filtered);
    }

    [Fact]
    public void FilteredReadSkipsTheOtherValues()
    {
        string path = PydicomReference.PathOf("CT_small.dcm");
        DicomFile full = DicomReader.ReadFile(path, Full);
        DicomFile filtered = DicomReader.ReadFile(path, Filtered);

        Assert.True(filtered.Dataset.Count < full.Dataset.Count / 2, $"{filtered.Dataset.Count} of {full.Dataset.Count} elements kept");
        Assert.True(filtered.Dataset.Contains(new DicomTag(0x0010, 0x0010)));
        Assert.True(filtered.Dataset.Contains(new DicomTag(0x0008, 0x0018)));
        Assert.False(filtered.Dataset.Contains(new DicomTag(0x0028, 0x0010)));
        Assert.Equal(full.FileMetaInformation.Count, filtered.FileMetaInformation.Count); // the file meta group is never filtered
    }

    private static (List<string>? Items, Type? Error) Identifiers(string path, DicomReadOptions options)
    {
        try
        {
            DicomFile file = DicomReader.ReadFile(path, options);
            return (IdentifierSet.FromDataset(file.Dataset).Select(i => $"{i.Kind}|{i.Tag}|{i.Value}|{string.Join("/", i.Patterns)}|{string.Join("/", i.Exact)}").ToList(), null);
        }
        catch (Exception ex) when (ex is DicomFormatException or NotDicomFileException or InvalidOperationException or ArgumentException)
        {
            return (null, ex.GetType());
        }
    }
}
