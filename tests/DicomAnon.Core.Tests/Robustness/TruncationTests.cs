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
}
