// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using BenchmarkDotNet.Running;

namespace DicomAnon.Benchmarks;

internal static class Program
{
    /// <summary>BenchmarkDotNet by default; the verbs of <see cref="BenchTool"/> (corpus, headers, peak, copy, multiframe)
    /// serve the whole-run script tests/bench/Invoke-HeaderBenchmark.ps1.</summary>
    private static int Main(string[] args)
    {
        if (BenchTool.Handles(args))
        {
            return BenchTool.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
