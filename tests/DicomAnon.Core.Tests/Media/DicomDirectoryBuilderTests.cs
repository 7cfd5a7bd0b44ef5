// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.IO;
using DicomAnon.Core.Media;
using DicomAnon.Core.Tests.Interop;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Core.Tests.Media;

/// <summary>A DICOMDIR over a mixed set (CT, MR, RT dose/plan/structure set, SR, waveform), checked by its offsets,
/// by pydicom's FileSet and by dciodvfy.</summary>
public sealed class DicomDirectoryBuilderTests : IDisposable
{
    private static readonly string[] Corpus =
    {
        "CT_small.dcm", "MR_small.dcm", "rtdose.dcm", "rtplan.dcm", "rtstruct.dcm", "test-SR.dcm", "waveform_ecg.dcm", "JPEG2000.dcm",
    };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "dicomanon-dicomdir-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void RecordOffsetsPointAtItemsAndLinkTheHierarchy()
    {
        string dicomdir = WriteFileSet();
        byte[] bytes = File.ReadAllBytes(dicomdir);
        DicomFile read = DicomFile.Open(dicomdir);
        DicomSequence records = read.Dataset.GetSequence(DicomTags.DirectoryRecordSequence)!;
        Assert.Equal(Corpus.Length, records.Items.Count(r => IsLeaf(r)));

        uint first = (uint)read.Dataset.GetInteger(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity)!;
        var seen = new HashSet<uint>();
        int leaves = 0;
        Walk(first, "PATIENT");
        Assert.Equal(Corpus.Length, leaves);
        Assert.Equal(records.Items.Count, seen.Count);

        void Walk(uint offset, string level)
        {
            for (uint at = offset; at != 0;)
            {
                Assert.True(seen.Add(at), "a record is reached twice");
                Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }, bytes.Skip((int)at).Take(4).ToArray());
                DicomDataset record = records.Items[seen.Count - 1];
                string type = record.GetString(DicomTags.DirectoryRecordType)!.Trim();
                string expected = level == "LEAF" ? type : level;
                Assert.Equal(expected, type);
                uint lower = (uint)record.GetInteger(DicomTags.OffsetOfReferencedLowerLevelDirectoryEntity)!;
                if (level == "LEAF")
                {
                    leaves++;
                    Assert.Equal(0u, lower);
                    string[] fileId = record.GetStrings(DicomTags.ReferencedFileID);
                    Assert.True(MediaFileId.IsConformant(fileId));
                    Assert.True(File.Exists(Path.Combine(_root, Path.Combine(fileId))));
                }
                else
                {
                    Walk(lower, level switch { "PATIENT" => "STUDY", "STUDY" => "SERIES", _ => "LEAF" });
                }

                at = (uint)record.GetInteger(DicomTags.OffsetOfTheNextDirectoryRecord)!;
            }
        }
    }

    [Fact]
    public void PydicomFileSetReadsEveryInstance()
    {
        string dicomdir = WriteFileSet();
        const string Script = """
            import sys
            from pydicom import dcmread
            from pydicom.fileset import FileSet
            fs = FileSet(dcmread(sys.argv[1]))
            n = 0
            for inst in fs:
                ds = inst.load()
                assert ds.SOPInstanceUID == inst.ReferencedSOPInstanceUIDInFile
                n += 1
            print(n)
            """;
        ExternalTool.Result r = ExternalTool.Run(ExternalTool.Python, new[] { "-c", Script, dicomdir });
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(Corpus.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), r.StdOut.Trim());
    }

    [Fact]
    public void DciodvfyFindsNoError()
    {
        string dicomdir = WriteFileSet();
        ExternalTool.Result r = ExternalTool.Run(ExternalTool.Require("dciodvfy"), new[] { dicomdir });
        string[] errors = r.All.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors));
    }

    [Fact]
    public void SameInstancesInAnyOrderGiveTheSameBytes()
    {
        string a = WriteFileSet();
        byte[] first = File.ReadAllBytes(a);
        Directory.Delete(_root, recursive: true);
        string b = WriteFileSet(reverse: true);
        Assert.Equal(first, File.ReadAllBytes(b));
    }

    [Fact]
    public void EmptyType1KeysGetFallbacksNotEmptyValues()
    {
        // The profile empties Study ID (Z); a STUDY record needs one.
        DicomFile file = DicomFile.Open(PydicomReference.PathOf("CT_small.dcm"), new DicomReadOptions { StopBeforePixelData = true });
        file.Dataset.SetString(DicomTags.StudyID, DicomVR.SH, string.Empty);
        var builder = new DicomDirectoryBuilder();
        builder.Add("x", file);
        DicomFile dir = builder.Build();
        DicomDataset study = dir.Dataset.GetSequence(DicomTags.DirectoryRecordSequence)!.Items
            .Single(r => r.GetString(DicomTags.DirectoryRecordType)!.Trim() == "STUDY");
        Assert.Equal("1", study.GetString(DicomTags.StudyID)!.Trim());
    }

    [Fact]
    public void AFileWithoutSeriesUidIsRefusedByName()
    {
        DicomFile file = DicomFile.Open(PydicomReference.PathOf("CT_small.dcm"), new DicomReadOptions { StopBeforePixelData = true });
        file.Dataset.Remove(DicomTags.SeriesInstanceUID);
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => new DicomDirectoryBuilder().Add("x", file));
        Assert.Contains("SeriesInstanceUID", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "PT000000", "ST000000" }, true)]
    [InlineData(new[] { "pt000000" }, false)]
    [InlineData(new[] { "IM0000001" }, false)]
    [InlineData(new[] { "A.DCM" }, false)]
    [InlineData(new[] { "A", "B", "C", "D", "E", "F", "G", "H", "I" }, false)]
    public void FileIdRulesOfPart10(string[] components, bool conformant) =>
        Assert.Equal(conformant, MediaFileId.IsConformant(components));

    private static bool IsLeaf(DicomDataset record) =>
        record.GetString(DicomTags.DirectoryRecordType)!.Trim() is not ("PATIENT" or "STUDY" or "SERIES");

    private string WriteFileSet(bool reverse = false)
    {
        Directory.CreateDirectory(_root);
        var builder = new DicomDirectoryBuilder();
        IEnumerable<string> names = reverse ? Corpus.Reverse() : Corpus;
        foreach (string name in names)
        {
            string path = PydicomReference.PathOf(name);
            builder.Add(path, DicomFile.Open(path, new DicomReadOptions { StopBeforePixelData = true }));
        }

        DicomFile dicomdir = builder.Build("DICOMANON");
        foreach (MediaInstance instance in builder.Instances)
        {
            string target = Path.Combine(_root, Path.Combine(instance.FileId.ToArray()));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            DicomFile source = DicomFile.Open(instance.SourcePath);
            if (source.HadNoPart10Header)
            {
                source.Save(target); // a file-set holds Part 10 files
            }
            else
            {
                File.Copy(instance.SourcePath, target);
            }
        }

        string path2 = Path.Combine(_root, "DICOMDIR");
        dicomdir.Save(path2);
        return path2;
    }
}
