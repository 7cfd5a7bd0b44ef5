// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>Every prefix of real files (every byte through the header): a result or a DicomFormatException/NotDicomFileException.</summary>
public sealed class TruncationTests
{
    private readonly ITestOutputHelper _output;

    public TruncationTests(ITestOutputHelper output) => _output = output;

    public static System.Collections.Generic.IEnumerable<object[]> Names() => RobustnessInputs.NameData();

    [Theory]
    [MemberData(nameof(Names))]
    public void Read_EveryTruncation_ResultOrFormatException(string name)
    {
        byte[] data = RobustnessInputs.Load(name);
        Assert.Null(FuzzHarness.RunOne(data, out bool ok));
        Assert.True(ok, $"{name} itself does not read");

        FuzzHarness.Report report = FuzzHarness.Run(RobustnessInputs.Truncations(name, data));

        _output.WriteLine($"{name}: {report.Cases} truncations, {report.Parsed} read, {report.Rejected} rejected");
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} of {report.Cases} truncations broke the contract:{Environment.NewLine}{string.Join(Environment.NewLine, report.Failures.Take(30))}");
    }

    /// <summary>The same through ReadFile with a 256-byte bulk threshold, so values are deferred to the (truncated) file
    /// and read back from it by the walk: every 7th prefix through the header, then about 150 prefixes of the rest.</summary>
    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    public void ReadFile_TruncatedFilesWithDeferredValues_ResultOrFormatException(string name)
    {
        byte[] data = RobustnessInputs.Load(name);
        string scratch = System.IO.Path.Combine(Interop.PydicomReference.WorkDirectory, "robustness", "truncated-" + name);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(scratch)!);
        int header = Math.Min(data.Length, FuzzHarness.HeaderEnd(data) + 64);
        int step = Math.Max(1, (data.Length - header) / 150);
        var lengths = Enumerable.Range(0, (header / 7) + 1).Select(i => i * 7).Concat(Enumerable.Range(0, 151).Select(i => header + (i * step))).Where(n => n <= data.Length).Distinct();
        var cases = lengths.Select(n => new FuzzHarness.Case($"{name} truncated to {n} bytes (ReadFile)", data.AsSpan(0, n).ToArray()));

        FuzzHarness.Report report = FuzzHarness.Run(cases, scratch);

        _output.WriteLine($"{name}: {report.Cases} truncated files, {report.Parsed} read, {report.Rejected} rejected");
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} of {report.Cases} truncated files broke the contract:{Environment.NewLine}{string.Join(Environment.NewLine, report.Failures.Take(30))}");
    }
}
