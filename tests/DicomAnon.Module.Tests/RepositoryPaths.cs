// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DicomAnon.Module.Tests;

/// <summary>Paths baked in at build time (see the csproj): the repository and the 4.7.2 reference assemblies.</summary>
internal static class RepositoryPaths
{
    public static string Root => Metadata("RepositoryRoot");

    public static string ModuleFolder => Path.Combine(Root, "output", "DicomAnon");

    public static string Net472ReferenceAssemblies => Metadata("Net472ReferenceAssemblies");

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException(key + " is not set");
}
