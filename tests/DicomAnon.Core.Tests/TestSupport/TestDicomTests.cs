// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using System.Linq;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using Xunit;

namespace DicomAnon.Core.Tests.TestSupport;

/// <summary>The synthetic builder produces what it promises, in every native syntax, as judged by pydicom and dcmdump.</summary>
public sealed class TestDicomTests
{
    [Fact]
    public void AllVRs_CoversEveryValueRepresentation()
    {
        DicomDataset ds = TestDicom.AllVRs();
        var vrs = ds.SelectMany(Flatten).Select(e => e.VR).ToHashSet();
        string[] expected = { "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV" };
        string[] missing = expected.Where(code => { DicomVRInfo.TryParse(code, out DicomVR vr); return !vrs.Contains(vr); }).ToArray();
        Assert.True(missing.Length == 0, "missing VRs: " + string.Join(",", missing));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public void AllVRs_WrittenInSyntax_PydicomAndDcmdumpReadTheSameElements(string uid)
    {
        string dir = Path.Combine(PydicomReference.WorkDirectory, "testdicom");
        string path = Path.Combine(dir, uid + ".dcm");
        DicomFile file = new(new DicomDataset(), TestDicom.AllVRs(), DicomTransferSyntax.FromUid(uid));
        DicomWriter.WriteFile(file, path, new DicomWriteOptions());

        ExternalTool.Result dump = ExternalTool.Run(ExternalTool.Require("dcmdump"), new[] { path });
        Assert.True(dump.ExitCode == 0 && !dump.All.Contains("E:", System.StringComparison.Ordinal), dump.StdErr);
        var (theirs, error, _) = ElementDump.RunPydicom(new[] { path }, false, PydicomReference.WorkDirectory)[path];
        Assert.True(error is null, error);
        DicomFile ours = DicomReader.ReadFile(path, DicomReadOptions.Default);
        DumpComparer.Outcome outcome = DumpComparer.Compare(theirs!, ElementDump.Ours(ours));
        Assert.True(outcome.Equal, outcome.Describe());
        // and nothing was lost between the builder and the file
        DumpComparer.Outcome roundTrip = DumpComparer.Compare(ElementDump.Ours(file.Dataset), ElementDump.Ours(ours.Dataset), obOwMayDiffer: uid == "1.2.840.10008.1.2");
        Assert.True(roundTrip.Equal, roundTrip.Describe());
    }

    [Fact]
    public void CtImage_Written_HasCtGeometryAndPixels()
    {
        string path = Path.Combine(PydicomReference.WorkDirectory, "testdicom", "ct.dcm");
        TestDicom.WriteCt(path, seed: 3);
        DicomFile f = DicomReader.ReadFile(path, DicomReadOptions.Default);
        Assert.Equal((ushort)512, f.Dataset.GetUInt16(new DicomTag(0x0028, 0x0010)));
        Assert.Equal(512L * 512 * 2, ((DicomValueElement)f.Dataset[DicomTag.PixelData]!).Length);
        Assert.Equal(TestDicom.CtPixels(3), ((DicomValueElement)f.Dataset[DicomTag.PixelData]!).GetBytes());
    }

    private static System.Collections.Generic.IEnumerable<DicomElement> Flatten(DicomElement e)
    {
        yield return e;
        if (e is DicomSequence sq)
        {
            foreach (DicomElement inner in sq.Items.SelectMany(i => i).SelectMany(Flatten))
            {
                yield return inner;
            }
        }
    }
}
