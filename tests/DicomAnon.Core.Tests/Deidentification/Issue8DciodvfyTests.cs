// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using DicomAnon.Core.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>
/// Issue 8, validity: with Retain Safe Private and every Clean option, and with date shifting opted out (Type 1 dates
/// then get dummies), dciodvfy finds no error in pydicom's test files that their sources did not have. The default
/// options are checked by <see cref="DeidentifiedFileInteropTests"/>.
/// </summary>
public sealed class Issue8DciodvfyTests
{
    private static readonly Dictionary<string, DeidentificationSettings> Settings = new(StringComparer.Ordinal)
    {
        ["safe-private-clean"] = new()
        {
            Key = DeidTestData.Key,
            Options = new[]
            {
                DeidentificationOption.RetainSafePrivate, DeidentificationOption.CleanDescriptors,
                DeidentificationOption.CleanStructuredContent, DeidentificationOption.CleanGraphics,
            },
        },
        ["dates-removed"] = new() { Key = DeidTestData.Key, RemoveTemporalInformation = true },
    };

    /// <summary>Sources whose illegal group 0001 hides their own Pixel Data defect from dciodvfy (see DeidentifiedFileInteropTests).</summary>
    private static readonly Dictionary<string, string> UnmaskedSourceDefects = new(StringComparer.Ordinal)
    {
        ["nested_priv_SQ.dcm"] = "Error - PixelData has incorrect value length - expected 0 dec - got 2 dec",
        ["meta_missing_tsyntax.dcm"] = "Error - PixelData has incorrect value length - expected 0 dec - got 2 dec",
    };

    private readonly ITestOutputHelper _output;

    public Issue8DciodvfyTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Cases() =>
        Settings.Keys.SelectMany(k => PydicomReference.TestFileNames().Select(n => new object[] { k, n[0] }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Deidentify_WithOptions_DciodvfyFindsNoNewErrors(string settings, string name)
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
            return;
        }

        new Deidentifier(Settings[settings]).Apply(file);
        string output = Path.Combine(PydicomReference.WorkDirectory, "issue8-" + settings + "-" + name);
        file.Save(output, new DicomWriteOptions { Overwrite = true });

        string tool = ExternalTool.Require("dciodvfy");
        HashSet<string> before = Dciodvfy.Validate(tool, source, "source", _output.WriteLine);
        HashSet<string> after = Dciodvfy.Validate(tool, output, "de-identified", _output.WriteLine);
        Assert.DoesNotContain(Dciodvfy.ReadFailed, after);
        before.Remove(Dciodvfy.ReadFailed);
        if (UnmaskedSourceDefects.TryGetValue(name, out string? unmasked))
        {
            after.Remove(unmasked);
        }

        string[] added = after.Except(before).ToArray();
        Assert.True(added.Length == 0, $"dciodvfy reports errors for {name} de-identified with {settings} that the source did not have:{Environment.NewLine}{string.Join(Environment.NewLine, added)}");
    }
}
