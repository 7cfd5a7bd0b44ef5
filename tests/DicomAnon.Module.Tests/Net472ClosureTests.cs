// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using DicomAnon.Loading;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Module.Tests;

/// <summary>
/// Every assembly reference of every DLL in output/DicomAnon, compared by exact version, is either in the module
/// folder or part of .NET Framework 4.7.2; a reference to an older version of a module-folder assembly is allowed
/// only where the module's scoped resolver answers it. Mono binds loosely, so this is the check that stands in for
/// Windows PowerShell 5.1's strict binder.
/// </summary>
public sealed class Net472ClosureTests
{
    // Supplied by the host: Windows PowerShell 5.1 loads System.Management.Automation 3.0.0.0 before any module.
    private static readonly Dictionary<string, Version> HostAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Management.Automation"] = new Version(3, 0, 0, 0),
    };

    private readonly ITestOutputHelper _output;

    public Net472ClosureTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryReference_IsInTheModuleFolderOrNet472_ByExactVersionOrThroughTheResolver()
    {
        Dictionary<string, AssemblyInfo> module = ModuleAssemblies();
        Dictionary<string, Version> framework = FrameworkAssemblies();
        Dictionary<string, string> files = module.ToDictionary(p => p.Key, p => p.Value.Path, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();

        foreach (AssemblyInfo dll in module.Values.OrderBy(m => m.Name.Name, StringComparer.Ordinal))
        {
            foreach (AssemblyName reference in dll.References)
            {
                string name = reference.Name!;
                string how;
                if (module.TryGetValue(name, out AssemblyInfo? local) && local.Name.Version == reference.Version)
                {
                    how = "module folder";
                }
                else if (framework.TryGetValue(name, out Version? inBox) && inBox == reference.Version)
                {
                    how = ".NET Framework 4.7.2";
                }
                else if (HostAssemblies.TryGetValue(name, out Version? host) && host == reference.Version)
                {
                    how = "Windows PowerShell 5.1";
                }
                else if (local is not null && ModuleDependencyResolver.FindCandidate(reference, files) == local.Path)
                {
                    how = $"resolver -> {local.Name.Version}";
                }
                else
                {
                    how = "MISSING";
                    string inFramework = framework.TryGetValue(name, out Version? v) ? $"4.7.2 has {v}" : "4.7.2 has none";
                    string inModule = local is null ? "module folder has none" : $"module folder has {local.Name.Version}";
                    problems.Add($"{dll.Name.Name} -> {name} {reference.Version}: {inFramework}, {inModule}");
                }

                _output.WriteLine($"{dll.Name.Name} {dll.Name.Version} -> {name} {reference.Version}: {how}");
            }
        }

        Assert.True(problems.Count == 0, "Unresolvable on .NET Framework 4.7.2:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void ModuleFolder_ShipsImageSharpsDependencies()
    {
        // What issue 12 found missing; ImageSharp's closure (above) is the rule, this names the expected outcome.
        Dictionary<string, AssemblyInfo> module = ModuleAssemblies();
        foreach (string name in new[] { "SixLabors.ImageSharp", "System.Memory", "System.Buffers", "System.Numerics.Vectors", "System.Runtime.CompilerServices.Unsafe", "System.Text.Encoding.CodePages" })
        {
            Assert.True(module.ContainsKey(name), name + ".dll is not in output/DicomAnon");
        }
    }

    [Fact]
    public void FrameworkList_HasNetstandardFacade()
    {
        // Guards the list itself: the netstandard2.0 DLLs bind to this facade (4.7.1 and later).
        Assert.Equal(new Version(2, 0, 0, 0), FrameworkAssemblies()["netstandard"]);
        Assert.Equal(new Version(4, 0, 0, 0), FrameworkAssemblies()["mscorlib"]);
    }

    internal static Dictionary<string, AssemblyInfo> ModuleAssemblies()
    {
        string folder = RepositoryPaths.ModuleFolder;
        Assert.True(File.Exists(Path.Combine(folder, "DicomAnon.dll")), $"{folder} holds no built module: run build.ps1 -Task Build first");
        return AssemblyInfo.ReadFolder(folder);
    }

    private static Dictionary<string, Version> FrameworkAssemblies()
    {
        string root = RepositoryPaths.Net472ReferenceAssemblies;
        Assert.True(Directory.Exists(root), $"{root} is missing (restore Microsoft.NETFramework.ReferenceAssemblies.net472)");
        var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (string folder in new[] { root, Path.Combine(root, "Facades") })
        {
            foreach (AssemblyInfo info in AssemblyInfo.ReadFolder(folder).Values)
            {
                result[info.Name.Name!] = info.Name.Version!;
            }
        }

        return result;
    }
}
