// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DicomAnon.Core.Batch;
using DicomAnon.Core.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>Issue 7: the engine side of unattended runs.</summary>
public sealed class BatchTests
{
    private static readonly SecretKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void MirrorBase_CommonFolder_IsTheDeepestFolderHoldingAll()
    {
        string root = Path.GetTempPath();
        string a = Path.Combine(root, "share", "p1");
        string b = Path.Combine(root, "share", "p2", "x");
        Assert.Equal(PathComparison.Trim(Path.Combine(root, "share")), MirrorBase.CommonFolder(new[] { a, b }));
        Assert.Equal(PathComparison.Trim(a), MirrorBase.CommonFolder(new[] { a, a }));
        Assert.Equal(PathComparison.Trim(a), MirrorBase.CommonFolder(new[] { a, Path.Combine(a, "sub") }));
    }

    [Fact]
    public void MirrorBase_Relative_GivesDistinctNamesForRepeatedFileNames()
    {
        string share = Path.Combine(Path.GetTempPath(), "share");
        string[] files = { Path.Combine(share, "p1", "IM1.dcm"), Path.Combine(share, "p2", "IM1.dcm") };
        string baseFolder = MirrorBase.CommonFolder(files.Select(f => Path.GetDirectoryName(f)!))!;
        string[] rel = files.Select(f => MirrorBase.Relative(f, baseFolder)!).ToArray();
        Assert.Equal(Path.Combine("p1", "IM1.dcm"), rel[0]);
        Assert.Equal(Path.Combine("p2", "IM1.dcm"), rel[1]);
        Assert.Null(MirrorBase.Relative(Path.Combine(Path.GetTempPath(), "elsewhere", "a.dcm"), share));
        Assert.Null(MirrorBase.Relative(Path.Combine(Path.GetTempPath(), "share2", "a.dcm"), share));
    }

    [Fact]
    public void PathComparison_IsSameOrUnder_NeedsAWholeComponent()
    {
        string s = Path.Combine(Path.GetTempPath(), "src");
        Assert.True(PathComparison.IsSameOrUnder(s, s));
        Assert.True(PathComparison.IsSameOrUnder(Path.Combine(s, "out"), s + Path.DirectorySeparatorChar));
        Assert.False(PathComparison.IsSameOrUnder(s + "-out", s));
    }

    [Fact]
    public void RealPath_ResolvesLinksDotDotAndMissingTails()
    {
        using var t = new BatchTestFolder();
        string real = Directory.CreateDirectory(t.File("real")).FullName;
        string resolvedReal = RealPath.Resolve(real);
        Assert.Equal(resolvedReal, RealPath.Resolve(Path.Combine(t.Path, "real", "..", "real")));
        Assert.Equal(Path.Combine(resolvedReal, "not", "yet"), RealPath.Resolve(Path.Combine(real, "not", "yet")));
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Directory.CreateSymbolicLink(t.File("link"), real);
            Assert.Equal(resolvedReal, RealPath.Resolve(t.File("link")));
            Assert.Equal(Path.Combine(resolvedReal, "x"), RealPath.Resolve(Path.Combine(t.File("link"), "x")));
        }
    }

    [Fact]
    public void NoReplaceCommit_NeverReplacesWithoutBeingAsked()
    {
        using var t = new BatchTestFolder();
        string target = t.File("out.dcm");
        File.WriteAllText(target, "first");
        string temp = t.File("temp1");
        File.WriteAllText(temp, "second");
        Assert.False(NoReplaceCommit.TryCommit(temp, target, replace: false));
        Assert.Equal("first", File.ReadAllText(target));
        Assert.True(File.Exists(temp));
        Assert.True(NoReplaceCommit.TryCommit(temp, target, replace: true));
        Assert.Equal("second", File.ReadAllText(target));
        Assert.False(File.Exists(temp));

        string fresh = t.File("fresh.dcm");
        File.WriteAllText(temp, "third");
        Assert.True(NoReplaceCommit.TryCommit(temp, fresh, replace: false));
        Assert.Equal("third", File.ReadAllText(fresh));
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public void NoReplaceCommit_ManyWritersOneName_ExactlyOneWins()
    {
        using var t = new BatchTestFolder();
        string target = t.File("race.dcm");
        for (int round = 0; round < 20; round++)
        {
            File.Delete(target);
            string[] temps = Enumerable.Range(0, 8).Select(i => t.File($"t{round}-{i}")).ToArray();
            for (int i = 0; i < temps.Length; i++)
            {
                File.WriteAllText(temps[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            bool[] won = new bool[temps.Length];
            Parallel.For(0, temps.Length, i => won[i] = NoReplaceCommit.TryCommit(temps[i], target, replace: false));
            Assert.Equal(1, won.Count(w => w));
            Assert.Equal(Array.IndexOf(won, true).ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(target));
        }
    }

    [Fact]
    public void SecretKey_Fingerprint_IsKeyedStableAndNotAPlainHash()
    {
        byte[] bytes = Key.ToArray();
        var same = new SecretKey(bytes);
        var other = new SecretKey(bytes.Select(b => (byte)(b ^ 0xFF)).ToArray());
        Assert.Equal(Key.Fingerprint, same.Fingerprint);
        Assert.NotEqual(Key.Fingerprint, other.Fingerprint);
        Assert.Matches("^[0-9a-f]{32}$", Key.Fingerprint);
        string plain = SecretKey.ToHex(SHA256.HashData(bytes), 16);
        Assert.NotEqual(plain, Key.Fingerprint);
        Assert.DoesNotContain(Convert.ToBase64String(bytes), Key.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretKey_IsImmutable()
    {
        byte[] bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var key = new SecretKey(bytes);
        string fp = key.Fingerprint;
        bytes[0] = 99;
        key.ToArray()[1] = 99;
        Assert.Equal(0, key.ToArray()[0]);
        Assert.Equal(1, key.ToArray()[1]);
        Assert.Equal(fp, new SecretKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).Fingerprint);
        Assert.Throws<ArgumentException>(() => new SecretKey(new byte[4]));
    }

    [Fact]
    public void SecretKey_TryParse_TakesKeyTextAndLongPassphrasesOnly()
    {
        Assert.NotNull(SecretKey.TryParse(Convert.ToBase64String(Key.ToArray())));
        Assert.NotNull(SecretKey.TryParse("correct horse battery staple"));
        Assert.Null(SecretKey.TryParse("short"));
    }

    [Fact]
    public void CsvCodec_RoundTripsQuotesCommasAndLineBreaks()
    {
        string text = CsvCodec.Line("OriginalPatientId", "PseudonymPatientId") + CsvCodec.Line("A,\"B\"\nC", "x");
        List<Dictionary<string, string>> rows = CsvCodec.ReadRows(text);
        Assert.Single(rows);
        Assert.Equal("A,\"B\"\nC", rows[0]["originalpatientid"]);
        Assert.Equal("x", rows[0]["PseudonymPatientId"]);
    }

    [Fact]
    public void CrosswalkFile_ConcurrentWriters_KeepEveryRowOnce()
    {
        using var t = new BatchTestFolder();
        string path = t.File("xw/crosswalk.csv");
        Parallel.For(0, 10, w =>
        {
            var xw = new CrosswalkFile(path, _ => { });
            for (int i = 0; i < 20; i++)
            {
                // Every writer also repeats a shared patient: it must appear once.
                xw.Append(new[] { ($"P{w}-{i}", $"S{w}-{i}", i), ("SHARED", "S-SHARED", 0) });
            }
        });
        List<Dictionary<string, string>> rows = CsvCodec.ReadRows(File.ReadAllText(path));
        Assert.Equal(201, rows.Count);
        Assert.Equal(201, rows.Select(r => r["OriginalPatientId"]).Distinct().Count());
        Assert.Single(rows, r => r["OriginalPatientId"] == "SHARED");
    }

    [Fact]
    public void CrosswalkFile_RepairsALineCutByAKilledWriter()
    {
        using var t = new BatchTestFolder();
        string path = t.File("crosswalk.csv");
        File.WriteAllText(path, "OriginalPatientId,PseudonymPatientId,DateOffsetDays\nA,SA,1\nB,S");
        new CrosswalkFile(path, _ => { }).Append(new[] { ("C", "SC", 3) });
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("C,SC,3", lines[^1]);
        Assert.Equal("B,S", lines[^2]);
    }

    [Fact]
    public void ResumeState_FinishedOnlyWithSameSizeTimeSettingsAndOutput()
    {
        using var t = new BatchTestFolder();
        string dest = t.Path;
        File.WriteAllText(t.File("a.dcm"), "x");
        using (ResumeState s = ResumeState.Load(dest))
        {
            s.Add(new ResumeRecord("id1", 10, 100, "h1", "a.dcm"));
            s.Add(new ResumeRecord("id2", 10, 100, "h1", "gone.dcm"));
        }

        using ResumeState again = ResumeState.Load(dest);
        Assert.Equal(2, again.Count);
        Assert.True(again.IsFinished("id1", 10, 100, "h1", dest, out string output));
        Assert.Equal(t.File("a.dcm"), output);
        Assert.False(again.IsFinished("id1", 11, 100, "h1", dest, out _));
        Assert.False(again.IsFinished("id1", 10, 101, "h1", dest, out _));
        Assert.False(again.IsFinished("id1", 10, 100, "h2", dest, out _));
        Assert.False(again.IsFinished("id2", 10, 100, "h1", dest, out _));
        Assert.False(again.IsFinished("id3", 10, 100, "h1", dest, out _));
    }

    [Fact]
    public void ResumeState_IgnoresRecordsPointingOutsideTheDestination()
    {
        using var t = new BatchTestFolder();
        Directory.CreateDirectory(t.File(ResumeState.FolderName));
        File.WriteAllText(t.File("secret.dcm"), "x");
        string dest = Directory.CreateDirectory(t.File("dest")).FullName;
        Directory.CreateDirectory(Path.Combine(dest, ResumeState.FolderName));
        File.WriteAllText(Path.Combine(dest, ResumeState.FolderName, "x.tsv"), "id\t1\t1\th\t../secret.dcm\ngarbage\n");
        using ResumeState s = ResumeState.Load(dest);
        Assert.Equal(0, s.Count);
    }

    [Fact]
    public void StudyPartition_KeepsStudiesWholeAndCoversEveryStudyOnce()
    {
        string[] studies = Enumerable.Range(0, 400).Select(i => "1.2.3." + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var parts = Enumerable.Range(1, 4).Select(i => new StudyPartition(i, 4, Key)).ToArray();
        foreach (string s in studies)
        {
            Assert.Equal(1, parts.Count(p => p.Contains(s)));
            Assert.Equal(parts[0].ShareOf(s), parts[3].ShareOf(s));
        }

        // Roughly even, and keyed: another key splits differently.
        int[] sizes = parts.Select(p => studies.Count(p.Contains)).ToArray();
        Assert.All(sizes, n => Assert.InRange(n, 60, 140));
        var otherKey = new SecretKey(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        Assert.Contains(studies, s => new StudyPartition(1, 4, otherKey).ShareOf(s) != parts[0].ShareOf(s));
    }

    [Theory]
    [InlineData("2/8", true)]
    [InlineData("1/1", true)]
    [InlineData("0/4", false)]
    [InlineData("5/4", false)]
    [InlineData("2", false)]
    [InlineData("-1/4", false)]
    [InlineData("a/b", false)]
    public void StudyPartition_TryParse(string text, bool ok) => Assert.Equal(ok, StudyPartition.TryParse(text, out _, out _));

    [Fact]
    public void RunLog_WritesOneJsonObjectPerLineWithEscapes()
    {
        using var t = new BatchTestFolder();
        string path = t.File("logs/run.jsonl");
        string? restricted = null;
        using (var log = new RunLog(path, p => restricted = p))
        {
            log.Write(new KeyValuePair<string, object?>[] { new("type", "file"), new("source", "a\"b\\c\nd"), new("n", 3), new("ok", true), new("none", null) });
            log.Write(new KeyValuePair<string, object?>[] { new("type", "summary"), new("counts", new KeyValuePair<string, object?>[] { new("Failed", 1) }) });
        }

        Assert.Equal(path, restricted);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using System.Text.Json.JsonDocument first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal("a\"b\\c\nd", first.RootElement.GetProperty("source").GetString());
        Assert.Equal(3, first.RootElement.GetProperty("n").GetInt32());
        using System.Text.Json.JsonDocument second = System.Text.Json.JsonDocument.Parse(lines[1]);
        Assert.Equal(1, second.RootElement.GetProperty("counts").GetProperty("Failed").GetInt32());
    }

    [Fact]
    public void TempFiles_StaleOnesOfDeadProcessesAreRemovedLiveOnesKept()
    {
        using var t = new BatchTestFolder();
        string mine = TempFiles.NewPath(t.Path);
        File.WriteAllText(mine, "live");
        string host = Path.GetFileName(mine).Substring(1).Split('-')[0];
        string dead = t.File("." + host + "-999999-abc" + TempFiles.Suffix);
        File.WriteAllText(dead, "dead");
        string unrelated = t.File("IM1.dcm");
        File.WriteAllText(unrelated, "data");
        Assert.Equal(1, TempFiles.RemoveStale(t.Path));
        Assert.True(File.Exists(mine));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(unrelated));
        Assert.True(TempFiles.IsOurs(Path.GetFileName(mine)));
        Assert.False(TempFiles.IsOurs("IM1.dcm"));
    }

    [Fact]
    public void RuleFileReader_ReadsDataFromAPathWithQuotesAndSemicolons()
    {
        using var t = new BatchTestFolder();
        string dir = Directory.CreateDirectory(t.File("it's \u2018x\u2019; Remove-Item -Recurse ~; \u2019")).FullName;
        string path = Path.Combine(dir, "rules.json");
        File.WriteAllText(path, "{ \"Keep\": [ \"StudyDescription\" ] }", Encoding.UTF8);
        var data = Assert.IsAssignableFrom<System.Collections.IDictionary>(RuleFileReader.ReadJson(path));
        Assert.True(data.Contains("Keep"));
    }

    [Fact]
    public void PathComponentPolicy_ReplacesComponentsThatCarryIdentifiersOfTheFolder()
    {
        using var t = new BatchTestFolder();
        string patientFolder = Directory.CreateDirectory(t.File(Path.Combine("x", "DOE_JANE"))).FullName;
        DicomDataset image = Header("PID123", "DOE^JANE", "1.2.826.0.1.3680043.2.1125.77.1");
        DicomDataset presentation = Header(null, null, "1.2.826.0.1.3680043.2.1125.77.2"); // no demographics
        string imagePath = Save(image, Path.Combine(patientFolder, "PID123.dcm"));
        string prPath = Save(presentation, Path.Combine(patientFolder, "PR1.dcm"));
        string other = Save(Header("OTHER9", "ROE^RICHARD", "1.2.826.0.1.3680043.2.1125.77.3"), t.File(Path.Combine("study1", "IM1.dcm")));
        var deidentifier = new Deidentifier(new DeidentificationSettings { Key = Key.ToArray() });

        string pr = new PathComponentPolicy(deidentifier).Scrub(Path.Combine("x", "DOE_JANE", "PR1.dcm"), prPath, presentation);
        string[] parts = pr.Split(Path.DirectorySeparatorChar);
        Assert.Equal("x", parts[0]);
        Assert.DoesNotContain("DOE", parts[1], StringComparison.OrdinalIgnoreCase); // the folder of the patient's other files
        Assert.Equal("PR1.dcm", parts[2]);

        string img = new PathComponentPolicy(deidentifier).Scrub(Path.Combine("x", "DOE_JANE", "PID123.dcm"), imagePath, image);
        Assert.DoesNotContain("PID123", img, StringComparison.Ordinal);
        Assert.EndsWith(".dcm", img, StringComparison.Ordinal);
        Assert.Equal(parts[1], img.Split(Path.DirectorySeparatorChar)[1]); // one component, one name, whichever file asks

        Assert.Equal(Path.Combine("study1", "IM1.dcm"), new PathComponentPolicy(deidentifier).Scrub(Path.Combine("study1", "IM1.dcm"), other, Header("OTHER9", "ROE^RICHARD", "1.2.3")));
    }

    [Fact]
    public void PathComponentPolicy_DropsAFoldersMatcherWhenItsLastAnnouncedFileIsDone()
    {
        // Issue 13: every folder's matcher was held to the end of the run (memory grew with the file count).
        using var t = new BatchTestFolder();
        var deidentifier = new Deidentifier(new DeidentificationSettings { Key = Key.ToArray() });
        var policy = new PathComponentPolicy(deidentifier);
        var files = new List<(string Relative, string Path, DicomDataset Header)>();
        for (int i = 0; i < 20; i++)
        {
            string folder = "PID" + (1000 + (i / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string relative = Path.Combine(folder, "IM" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".dcm");
            DicomDataset ds = Header(folder, "DOE^JANE", "1.2.826.0.1.3680043.2.1125.78." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            files.Add((relative, Save(ds, t.File(relative)), ds));
        }

        var before = files.Select(f => new PathComponentPolicy(deidentifier).Scrub(f.Relative, f.Path, f.Header)).ToList();
        foreach (var f in files)
        {
            policy.Expect(f.Path);
        }

        for (int i = 0; i < files.Count; i++)
        {
            Assert.Equal(before[i], policy.Scrub(files[i].Relative, files[i].Path, files[i].Header)); // same names as without dropping
            Assert.DoesNotContain("PID", before[i], StringComparison.Ordinal);
            Assert.Equal(1, policy.HeldFolders); // two files a folder: held after the first, dropped after the second
            policy.Finished(files[i].Path);
            Assert.Equal(i % 2 == 0 ? 1 : 0, policy.HeldFolders);
        }

        // A file that was never announced keeps its folder's matcher, as before.
        Assert.Equal(before[0], policy.Scrub(files[0].Relative, files[0].Path, files[0].Header));
        policy.Finished(files[0].Path);
        Assert.Equal(1, policy.HeldFolders);
    }

    private static DicomDataset Header(string? patientId, string? name, string sopInstance)
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, sopInstance);
        if (name is not null)
        {
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, name);
        }

        if (patientId is not null)
        {
            ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, patientId);
        }

        return ds;
    }

    private static string Save(DicomDataset ds, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
        return path;
    }

    [Fact]
    public void PriorDeidentification_RecognisesOurMarkOnly()
    {
        var ds = new DicomDataset();
        Assert.False(PriorDeidentification.IsOurs(ds));
        ds.SetString(new DicomTag(0x0012, 0x0062), DicomVR.CS, "YES");
        ds.SetStrings(new DicomTag(0x0012, 0x0063), DicomVR.LO, new[] { "Other tool" });
        Assert.False(PriorDeidentification.IsOurs(ds));
        ds.SetStrings(new DicomTag(0x0012, 0x0063), DicomVR.LO, new[] { "DicomAnon 2026c Annex E", "Retain Longitudinal" });
        Assert.True(PriorDeidentification.IsOurs(ds));
    }
}
