// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.Batch;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>
/// Issue 13: the folder's identifier pre-pass parses each file once for both itself and the read-ahead; names and
/// read results stay exactly what two separate reads gave.
/// </summary>
public sealed class PreReadFilesTests
{
    private const string TrailingUid = "1.2.826.0.1.3680043.2.1125.99.7";
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    private static readonly SecretKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void PrePass_HandsEachFileToTheReadAhead_WithTheResultsAndNamesOfSeparateReads()
    {
        using var folder = new BatchTestFolder();
        var paths = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            string p = folder.File($"IM{i:D2}.dcm");
            TestDicom.WriteCt(p, seed: i + 1);
            paths.Add(p);
        }

        // Bad files among them: truncated (the check passes, the parse fails), text, empty.
        File.WriteAllBytes(paths[3], File.ReadAllBytes(paths[3]).AsSpan(0, 700).ToArray());
        File.WriteAllText(paths[5], "not dicom at all, just some text that is long enough to sniff at byte 128 ..........................................................................");
        File.WriteAllBytes(paths[7], Array.Empty<byte>());

        // A UID after the pixel data: a header-only read never sees it, so it must not be taken for an identifier.
        DicomFile trailing = TestDicom.CtImage(seed: 42);
        trailing.Dataset.SetString(new DicomTag(0x7FE1, 0x0010), DicomVR.LO, "TEST");
        trailing.Dataset.SetString(new DicomTag(0x7FE1, 0x1001), DicomVR.UI, TrailingUid);
        trailing.Save(paths[8]);

        var deidentifier = new Deidentifier(new DeidentificationSettings { Key = Key.ToArray() });
        var plain = new PathComponentPolicy(deidentifier);
        var folded = new PathComponentPolicy(deidentifier);
        var store = new PreReadFiles();
        folded.KeepParsed(store, DicomReadOptions.Default);

        List<ReadAheadResult> expected = ReadAll(paths, plain.Prepare, null);
        int keptByPrePass = -1;
        List<ReadAheadResult> actual = ReadAll(paths, p =>
        {
            folded.Prepare(p);
            keptByPrePass = Math.Max(keptByPrePass, store.Count);
        }, store);

        Assert.Equal(paths.Count, keptByPrePass); // the pre-pass parsed the whole folder before the first file was opened
        Assert.Equal(0, store.Count); // every file handed over, none read twice by the read-ahead
        Assert.Equal(0, store.HeldBytes);
        for (int i = 0; i < paths.Count; i++)
        {
            ReadAheadResult e = expected[i];
            ReadAheadResult a = actual[i];
            Assert.Equal(paths[i], a.Path);
            Assert.Equal(e.Completed, a.Completed);
            Assert.Equal(e.Length, a.Length);
            Assert.Equal(e.LastWriteTicksUtc, a.LastWriteTicksUtc);
            Assert.Equal(e.LooksLikeDicom, a.LooksLikeDicom);
            Assert.Equal(e.CheckError?.GetType(), a.CheckError?.GetType());
            Assert.Equal(e.ReadError?.GetType(), a.ReadError?.GetType());
            Assert.Equal(e.ReadError?.Message, a.ReadError?.Message);
            Assert.Equal(e.File?.Dataset.GetString(SopInstanceUid), a.File?.Dataset.GetString(SopInstanceUid));
            Assert.Equal(e.File?.SourcePath, a.File?.SourcePath);
        }

        Assert.NotNull(actual[3].ReadError);
        Assert.Null(actual[5].File);
        Assert.Equal(0, actual[7].Length);

        // Names: the same as the header-only pre-pass gives, the trailing UID included (left as it is).
        DicomDataset header = DicomFile.Open(paths[0]).Dataset;
        string patientId = header.GetString(new DicomTag(0x0010, 0x0020))!;
        foreach (string relative in new[] { Path.Combine("s", TrailingUid + ".dcm"), Path.Combine(patientId, "IM00.dcm"), Path.Combine("s", "IM01.dcm") })
        {
            string expectedName = new PathComponentPolicy(deidentifier).Scrub(relative, paths[0], header);
            Assert.Equal(expectedName, folded.Scrub(relative, paths[0], header));
        }

        Assert.Equal(Path.Combine("s", TrailingUid + ".dcm"), folded.Scrub(Path.Combine("s", TrailingUid + ".dcm"), paths[0], header));
        Assert.DoesNotContain(patientId, folded.Scrub(Path.Combine(patientId, "IM00.dcm"), paths[0], header), StringComparison.Ordinal);
    }

    [Fact]
    public void Store_KeepsNoMoreThanItsBudget_AndFreesWhatIsTaken()
    {
        using var folder = new BatchTestFolder();
        var reads = new List<ReadAheadResult>();
        for (int i = 0; i < 4; i++)
        {
            string p = folder.File($"IM{i}.dcm");
            TestDicom.WriteCt(p, seed: i + 1);
            reads.Add(ReadAheadResult.Read(Path.GetFullPath(p), DicomReadOptions.Default));
        }

        long one = PreReadFiles.WeightOf(reads[0]);
        Assert.True(one < reads[0].Length / 4, "the deferred pixel data weighs nothing"); // 512x512x2 bytes of pixels stay on disk
        var store = new PreReadFiles(maxHeldBytes: (2 * one) + (one / 2));
        Assert.True(store.TryKeep(reads[0]));
        Assert.True(store.TryKeep(reads[1]));
        Assert.False(store.TryKeep(reads[2])); // over budget: read again later
        Assert.False(store.TryKeep(reads[0])); // kept already
        Assert.Equal(2, store.Count);

        Assert.Same(reads[0], store.TryTake(reads[0].Path));
        Assert.Null(store.TryTake(reads[0].Path)); // taken once
        Assert.Null(store.TryTake(reads[2].Path));
        Assert.True(store.TryKeep(reads[2]));

        store.DropFolder(Path.GetFullPath(folder.Path));
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.HeldBytes);
    }

    private static List<ReadAheadResult> ReadAll(List<string> paths, Action<string> beforeRead, PreReadFiles? store)
    {
        var results = new List<ReadAheadResult>();
        using var ahead = new HeaderReadAhead(DicomReadOptions.Default, depth: 3, beforeRead: beforeRead, preRead: store);
        int posted = 0;
        foreach (string unused in paths)
        {
            while (posted < paths.Count && !ahead.IsFull)
            {
                ahead.Post(paths[posted++]);
            }

            results.Add(ahead.Take());
        }

        return results;
    }
}
