// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DicomAnon.Net472.Tests;

/// <summary>
/// Entry point: registers the module's dependency resolver for the module folder, then runs the checks.
/// Usage: DicomAnon.Net472.Tests.exe MODULE_FOLDER
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 1 || !File.Exists(Path.Combine(args[0], "DicomAnon.dll")))
        {
            Console.Error.WriteLine("usage: DicomAnon.Net472.Tests.exe MODULE_FOLDER (the folder holding DicomAnon.dll)");
            return 2;
        }

        string folder = Path.GetFullPath(args[0]);
        Console.WriteLine("runtime: " + RuntimeDescription());

        // What Windows PowerShell does on Import-Module: load the module assembly, run its initializer (here only the
        // part that needs no PowerShell: the scoped resolver). No type of ours is touched before this.
        Assembly module = Assembly.LoadFrom(Path.Combine(folder, "DicomAnon.dll"));
        Type resolver = module.GetType("DicomAnon.Loading.ModuleDependencyResolver", throwOnError: true)!;
        resolver.GetMethod("Register")!.Invoke(null, [folder]);

        return RunChecks(folder);
    }

    // Not inlined, so that Main's JIT does not resolve Core, Imaging or Ocr before the resolver is registered.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunChecks(string folder) => new Checks(folder).RunAll();

    private static string RuntimeDescription()
    {
        Type? mono = Type.GetType("Mono.Runtime");
        string? monoVersion = mono?.GetMethod("GetDisplayName", BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, null) as string;
        return monoVersion is null ? ".NET Framework " + Environment.Version : "Mono " + monoVersion + " (CLR " + Environment.Version + ")";
    }
}
