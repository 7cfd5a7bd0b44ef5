// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>
/// pydicom's real-world files de-identified with the default profile (Basic + modified dates): dcmdump and pydicom
/// read every output, and dciodvfy finds no error the input did not have (issue 3's interop requirement).
/// </summary>
public sealed class DeidentifiedFileInteropTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly Deidentifier Engine = new(new DeidentificationSettings { Key = Key });
    private readonly ITestOutputHelper _output;

    /// <summary>
    /// Sources that dciodvfy cannot read past an illegal group 0001 ("tags out of order"). De-identification removes
    /// that group, so dciodvfy reaches, and reports, the sources' own 2 bytes of Pixel Data without an Image Pixel module.
    /// </summary>
    private static readonly Dictionary<string, string> UnmaskedSourceDefects = new(StringComparer.Ordinal)
    {
        ["nested_priv_SQ.dcm"] = "Error - PixelData has incorrect value length - expected 0 dec - got 2 dec",
        ["meta_missing_tsyntax.dcm"] = "Error - PixelData has incorrect value length - expected 0 dec - got 2 dec",
    };

    public DeidentifiedFileInteropTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Names() => PydicomReference.TestFileNames().Concat(PydicomReference.CharsetFileNames());

    [Theory]
    [MemberData(nameof(Names))]
    public void Deidentify_RealFile_OthersReadItAndDciodvfyFindsNoNewErrors(string name)
    {
        string source = PydicomReference.PathOf(name);
        DicomFile file;
        try
        {
            file = DicomFile.Open(source);
        }
        catch (Exception ex) when (ex is DicomFormatException || ex is NotDicomFileException)
        {
            _output.WriteLine($"not readable, so never written: {ex.GetType().Name}");
            Assert.Contains(name, new[] { "MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm" });
            return;
        }

        Engine.Apply(file);
        string output = Path.Combine(PydicomReference.WorkDirectory, "deid-" + name);
        file.Save(output);

        ExternalTool.Result dump = ExternalTool.Run(ExternalTool.Require("dcmdump"), new[] { output }, 60_000);
        Assert.True(dump.ExitCode == 0 && !dump.All.Contains("E: ", StringComparison.Ordinal), "dcmdump: " + dump.All);

        ExternalTool.Result py = ExternalTool.Run(ExternalTool.Python, new[] { "-c", "import sys, pydicom; ds = pydicom.dcmread(sys.argv[1]); [e for e in ds.iterall()]; print(ds.PatientIdentityRemoved)", output }, 60_000);
        Assert.True(py.ExitCode == 0, "pydicom: " + py.StdErr);
        Assert.Equal("YES", py.StdOut.Trim());

        string tool = ExternalTool.Require("dciodvfy");
        HashSet<string> before = Dciodvfy.Validate(tool, source, "source", _output.WriteLine);
        HashSet<string> after = Dciodvfy.Validate(tool, output, "de-identified", _output.WriteLine);
        Assert.DoesNotContain(Dciodvfy.ReadFailed, after);
        before.Remove(Dciodvfy.ReadFailed);
        if (UnmaskedSourceDefects.TryGetValue(name, out string? unmasked))
        {
            Assert.Contains("Error - Tags out of order - trailing garbage, wrong transfer syntax, or not valid DICOM", before);
            after.Remove(unmasked);
        }

        string[] added = after.Except(before).ToArray();
        Assert.True(added.Length == 0, $"dciodvfy reports errors for the de-identified {name} that the source did not have:{Environment.NewLine}{string.Join(Environment.NewLine, added)}");
    }
}
