// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using Xunit;

namespace DicomAnon.Core.Tests.IO;

/// <summary>Real-world files shipped with Debian's python3-pydicom (CI installs it): read, write, compare bytes.</summary>
public sealed class PydicomCorpusRoundTripTests
{
    public const string Root = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>Files whose rewrite differs from the input by a documented normalisation (see DicomWriter remarks).</summary>
    private static readonly Dictionary<string, string> Normalised = new(StringComparer.Ordinal)
    {
        ["693_J2KI.dcm"] = "stale group lengths recomputed (values match dcmtk's dcmconv +g)",
        ["chrJapMulti.dcm"] = "stale group lengths recomputed",
        ["chrKoreanMulti.dcm"] = "stale group lengths recomputed",
        ["meta_missing_tsyntax.dcm"] = "odd-length value padded",
        ["nested_priv_SQ.dcm"] = "odd-length value padded",
        ["rtdose_rle.dcm"] = "public elements sent as UN written with their dictionary VR",
        ["rtdose_rle_1frame.dcm"] = "public elements sent as UN written with their dictionary VR",
        ["SC_rgb_jpeg.dcm"] = "says explicit VR but is implicit: written as the syntax says",
        ["UN_sequence.dcm"] = "sequence inside a UN value written as SQ",
        ["image_dfl.dcm"] = "deflate output differs byte-wise from the source's deflater",
    };

    private static readonly Dictionary<string, Type> Malformed = new(StringComparer.Ordinal)
    {
        ["MR_truncated.dcm"] = typeof(DicomFormatException),
        ["rtplan_truncated.dcm"] = typeof(DicomFormatException),
        ["no_meta.dcm"] = typeof(NotDicomFileException),
    };

    public static IEnumerable<object[]> Files()
    {
        foreach (string dir in new[] { "test_files", "charset_files" })
        {
            foreach (string f in Directory.GetFiles(Path.Combine(Root, dir), "*.dcm").OrderBy(f => f, StringComparer.Ordinal))
            {
                yield return new object[] { Path.Combine(dir, Path.GetFileName(f)) };
            }
        }
    }

    [Fact]
    public void Corpus_IsInstalled()
    {
        Assert.True(Directory.Exists(Root), "python3-pydicom is not installed: .ci/run installs it.");
        Assert.True(Files().Count() >= 80);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadWrite_RealFile_DatasetBytesIdenticalUnlessNormalised(string relative)
    {
        string path = Path.Combine(Root, relative);
        string name = Path.GetFileName(path);
        if (Malformed.TryGetValue(name, out Type? expected))
        {
            Exception ex = Assert.ThrowsAny<Exception>(() => DicomFile.Open(path));
            Assert.IsType(expected, ex);
            return;
        }

        DicomFile file = DicomFile.Open(path);
        using var ms = new MemoryStream();
        DicomWriter.Write(file, ms, DicomWriteOptions.Default);
        byte[] written = ms.ToArray();

        // Whatever the normalisations, what we write reads back to the same content.
        DicomFile back = DicomReader.Read(new MemoryStream(written), DicomReadOptions.Default);
        ReaderWriterRoundTripTests.AssertSameContent(file.Dataset, back.Dataset, compareVR: true);

        byte[] original = File.ReadAllBytes(path);
        byte[] sourceBody = original.Skip(DatasetStart(original, !file.HadNoPart10Header)).ToArray();
        byte[] ourBody = written.Skip(DatasetStart(written, true)).ToArray();
        if (Normalised.ContainsKey(name))
        {
            Assert.NotEqual(sourceBody, ourBody); // if this fails, the normalisation note is stale: remove it
        }
        else
        {
            Assert.Equal(sourceBody, ourBody);
        }
    }

    private static int DatasetStart(byte[] b, bool part10)
    {
        if (!part10)
        {
            return 0;
        }

        int p = 132;
        while (p + 8 <= b.Length && b[p] == 2 && b[p + 1] == 0)
        {
            string vr = System.Text.Encoding.ASCII.GetString(b, p + 4, 2);
            p += DicomVRInfo.TryParse(vr, out DicomVR v) && DicomVRInfo.HasLongLength(v)
                ? 12 + (int)LittleEndian.ReadUInt32(b, p + 8)
                : 8 + LittleEndian.ReadUInt16(b, p + 6);
        }

        return p;
    }
}
