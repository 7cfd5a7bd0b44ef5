// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>Seeded random mutations of real files (600 per file): a result or a DicomFormatException/NotDicomFileException.</summary>
public sealed class MutationTests
{
    private const int PerFile = 600;

    private readonly ITestOutputHelper _output;

    public MutationTests(ITestOutputHelper output) => _output = output;

    public static System.Collections.Generic.IEnumerable<object[]> Names() => RobustnessInputs.NameData();

    [Theory]
    [MemberData(nameof(Names))]
    public void Read_RandomMutations_ResultOrFormatException(string name)
    {
        byte[] data = RobustnessInputs.Load(name);
        int seed = 20260 + Array.IndexOf(RobustnessInputs.Names, name);

        FuzzHarness.Report report = FuzzHarness.Run(RobustnessInputs.Mutations(name, data, PerFile, seed));

        _output.WriteLine($"{name}: {report.Cases} mutations, {report.Parsed} read, {report.Rejected} rejected");
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} of {report.Cases} mutations broke the contract:{Environment.NewLine}{string.Join(Environment.NewLine, report.Failures.Take(30))}");
    }
}
