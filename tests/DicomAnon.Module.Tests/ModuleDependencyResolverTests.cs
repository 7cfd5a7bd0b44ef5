// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using DicomAnon.Loading;
using Xunit;

namespace DicomAnon.Module.Tests;

/// <summary>The resolver's scope: only names in the module folder, same signer, a version at least the one asked for.</summary>
public sealed class ModuleDependencyResolverTests
{
    private static readonly Dictionary<string, string> Files =
        Net472ClosureTests.ModuleAssemblies().ToDictionary(p => p.Key, p => p.Value.Path, StringComparer.OrdinalIgnoreCase);

    private static string Shipped(string name) => AssemblyName.GetAssemblyName(Files[name]).FullName;

    [Fact]
    public void OlderVersionOfAShippedAssembly_ResolvesToTheShippedFile()
    {
        var asked = new AssemblyName(Shipped("System.Runtime.CompilerServices.Unsafe")) { Version = new Version(4, 0, 4, 1) };
        Assert.Equal(Files["System.Runtime.CompilerServices.Unsafe"], ModuleDependencyResolver.FindCandidate(asked, Files));
    }

    [Fact]
    public void NewerVersionThanShipped_IsNotAnswered()
    {
        var asked = new AssemblyName(Shipped("System.Memory")) { Version = new Version(4, 0, 9, 0) };
        Assert.Null(ModuleDependencyResolver.FindCandidate(asked, Files));
    }

    [Fact]
    public void OtherSigner_IsNotAnswered()
    {
        var asked = new AssemblyName(Shipped("System.Buffers"));
        asked.SetPublicKeyToken([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Null(ModuleDependencyResolver.FindCandidate(asked, Files));
    }

    [Fact]
    public void NameNotInTheModuleFolder_IsNotAnswered()
    {
        Assert.Null(ModuleDependencyResolver.FindCandidate(new AssemblyName("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed"), Files));
    }
}
