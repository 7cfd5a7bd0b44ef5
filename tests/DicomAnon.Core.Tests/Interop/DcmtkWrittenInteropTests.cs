// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>Files written by dcmtk (dcmconv in every native syntax and deflated, img2dcm, dcmodify), read by our reader
/// and compared with pydicom's reading of the same files and with our reading of the source.</summary>
public sealed class DcmtkWrittenInteropTests
{
    private static readonly string[] Sources =
    {
        "test_files/CT_small.dcm", "test_files/MR_small.dcm", "test_files/MR_small_bigendian.dcm", "test_files/rtplan.dcm",
        "test_files/test-SR.dcm", "test_files/nested_priv_SQ.dcm", "test_files/priv_SQ.dcm", "test_files/UN_sequence.dcm",
        "test_files/waveform_ecg.dcm", "test_files/rtdose.dcm", "test_files/image_dfl.dcm", "charset_files/chrSQEncoding.dcm",
    };

    private static readonly string[] Syntaxes = { "+ti", "+te", "+tb", "+td" };

    private static readonly Lazy<Dictionary<string, string>> Converted = new(Convert);

    private static readonly Lazy<Dictionary<string, (List<DumpRecord>? Records, string? Error, bool Forced)>> Dumps = new(() =>
        ElementDump.RunPydicom(Converted.Value.Values.ToList(), withText: false, PydicomReference.WorkDirectory));

    private readonly ITestOutputHelper _output;

    public DcmtkWrittenInteropTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases() =>
        from s in Sources from x in Syntaxes select new object[] { s, x };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadFile_DcmconvOutput_SameAsPydicomAndSource(string source, string syntax)
    {
        string path = Converted.Value[source + syntax];
        DicomFile ours = DicomReader.ReadFile(path, DicomReadOptions.Default);
        DicomTransferSyntax expected = syntax switch
        {
            "+ti" => DicomTransferSyntax.ImplicitVRLittleEndian,
            "+te" => DicomTransferSyntax.ExplicitVRLittleEndian,
            "+tb" => DicomTransferSyntax.ExplicitVRBigEndian,
            _ => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        };
        Assert.Equal(expected, ours.TransferSyntax);

        // 1. pydicom's reading of the dcmtk file.
        (List<DumpRecord>? theirs, string? error, _) = Dumps.Value[path];
        Assert.True(error is null, $"pydicom could not read dcmconv's output: {error}");
        DumpComparer.Outcome vsPydicom = DumpComparer.Compare(theirs!, ElementDump.Ours(ours));
        Assert.True(vsPydicom.Equal, $"{source} {syntax}: ours differs from pydicom:{Environment.NewLine}{vsPydicom.Describe()}");

        // 2. Our reading of the source: the values survive dcmtk's conversion and our reading of it
        //    (dcmtk rewrites the meta group and group lengths; implicit VR loses private VRs, hence the loose UN rule).
        DicomFile original = DicomReader.ReadFile(PydicomReference.PathOf(Path.GetFileName(source)), DicomReadOptions.Default);
        DumpComparer.Outcome vsSource = DumpComparer.Compare(ElementDump.Ours(original), ElementDump.Ours(ours), p => p.StartsWith("(0002,", StringComparison.Ordinal), groupLengthsMayDiffer: true, obOwMayDiffer: syntax == "+ti");
        foreach (string note in vsPydicom.Notes.Concat(vsSource.Notes))
        {
            _output.WriteLine("note: " + note);
        }

        Assert.True(vsSource.Equal, $"{source} {syntax}: ours differs from our reading of the source:{Environment.NewLine}{vsSource.Describe()}");
    }

    [Fact]
    public void ReadFile_Img2dcmJpeg_FragmentHoldsTheJpegStream()
    {
        string dir = Path.Combine(PydicomReference.WorkDirectory, "img2dcm");
        Directory.CreateDirectory(dir);
        string jpeg = Path.Combine(dir, "gradient.jpg");
        string dicom = Path.Combine(dir, "gradient.dcm");
        ExternalTool.Result made = ExternalTool.Run(ExternalTool.Require("convert"), new[] { "-size", "64x48", "gradient:black-white", "-quality", "90", jpeg });
        Assert.True(made.ExitCode == 0, made.All);
        ExternalTool.Result r = ExternalTool.Run(ExternalTool.Require("img2dcm"), new[] { "-i", "JPEG", jpeg, dicom });
        Assert.True(r.ExitCode == 0, r.All);

        DicomFile ours = DicomReader.ReadFile(dicom, DicomReadOptions.Default);

        Assert.Equal(DicomTransferSyntax.JpegBaseline8Bit, ours.TransferSyntax);
        var pixels = Assert.IsType<DicomFragmentSequence>(ours.Dataset[DicomTag.PixelData]);
        // dcmtk's own view of the fragments (dcmdump +W writes each item to <file>.<n>.raw; item 0 is the offset table).
        string rawDir = Path.Combine(dir, "raw");
        Directory.CreateDirectory(rawDir);
        ExternalTool.Result dump = ExternalTool.Run(ExternalTool.Require("dcmdump"), new[] { "+W", rawDir, dicom });
        Assert.True(dump.ExitCode == 0, dump.All);
        Assert.Equal(File.ReadAllBytes(Path.Combine(rawDir, "gradient.dcm.0.raw")), pixels.OffsetTable.ToArray());
        Assert.Single(pixels.Fragments);
        byte[] fragment = pixels.Fragments[0].ToArray();
        Assert.Equal(File.ReadAllBytes(Path.Combine(rawDir, "gradient.dcm.1.raw")), fragment);
        Assert.True(fragment[0] == 0xFF && fragment[1] == 0xD8, "the fragment does not start with a JPEG SOI marker");
        // img2dcm drops the JFIF APP0 segment, so the stream is the source file minus it: compare the scan data at the end.
        byte[] original = File.ReadAllBytes(jpeg);
        int tail = Math.Min(original.Length, fragment.Length) - 20;
        Assert.True(fragment.AsSpan().IndexOf(original.AsSpan(original.Length - tail)) >= 0, "the fragment does not carry the source JPEG's scan data");
        Assert.Equal((ushort)64, ours.Dataset.GetUInt16(new DicomTag(0x0028, 0x0011)));
        Assert.Equal((ushort)48, ours.Dataset.GetUInt16(new DicomTag(0x0028, 0x0010)));
        AssertSameAsPydicom(dicom, ours);
    }

    [Fact]
    public void ReadFile_DcmodifyOutput_SeesModifiedInsertedAndErasedElements()
    {
        string dir = Path.Combine(PydicomReference.WorkDirectory, "dcmodify");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "ct.dcm");
        File.Copy(PydicomReference.PathOf("CT_small.dcm"), path, overwrite: true);
        ExternalTool.Result r = ExternalTool.Run(ExternalTool.Require("dcmodify"), new[]
        {
            "-nb", "-m", "(0010,0010)=SYNTHETIC^TEST", "-i", "(0008,103E)=INSERTED BY DCMODIFY", "-e", "(0010,0030)",
            "-i", "(0040,0275)[0].(0040,0007)=STEP", path,
        });
        Assert.True(r.ExitCode == 0, r.All);

        DicomFile ours = DicomReader.ReadFile(path, DicomReadOptions.Default);

        Assert.Equal("SYNTHETIC^TEST", ours.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        Assert.Equal("INSERTED BY DCMODIFY", ours.Dataset.GetString(new DicomTag(0x0008, 0x103E)));
        Assert.False(ours.Dataset.Contains(new DicomTag(0x0010, 0x0030)));
        DicomSequence? steps = ours.Dataset.GetSequence(new DicomTag(0x0040, 0x0275));
        Assert.NotNull(steps);
        Assert.Equal("STEP", steps!.Items[0].GetString(new DicomTag(0x0040, 0x0007)));
        AssertSameAsPydicom(path, ours);
    }

    private static void AssertSameAsPydicom(string path, DicomFile ours)
    {
        (List<DumpRecord>? theirs, string? error, _) = ElementDump.RunPydicom(new[] { path }, withText: false, PydicomReference.WorkDirectory)[path];
        Assert.True(error is null, error);
        DumpComparer.Outcome outcome = DumpComparer.Compare(theirs!, ElementDump.Ours(ours));
        Assert.True(outcome.Equal, outcome.Describe());
    }

    private static Dictionary<string, string> Convert()
    {
        string dir = Path.Combine(PydicomReference.WorkDirectory, "dcmconv");
        Directory.CreateDirectory(dir);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string source in Sources)
        {
            foreach (string syntax in Syntaxes)
            {
                string target = Path.Combine(dir, syntax.TrimStart('+') + "-" + Path.GetFileName(source));
                ExternalTool.Result r = ExternalTool.Run(ExternalTool.Require("dcmconv"), new[] { syntax, Path.Combine(PydicomReference.DataDirectory, source), target });
                if (r.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dcmconv {syntax} {source} failed: {r.All}");
                }

                result[source + syntax] = target;
            }
        }

        return result;
    }
}
