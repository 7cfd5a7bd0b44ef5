// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using BenchmarkDotNet.Running;

namespace DicomAnon.Benchmarks;

internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
