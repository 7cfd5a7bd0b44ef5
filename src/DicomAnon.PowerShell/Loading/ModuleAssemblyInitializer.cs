// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using System.Management.Automation;

namespace DicomAnon.Loading;

/// <summary>Runs when PowerShell imports the module: registers the scoped dependency resolver.</summary>
public sealed class ModuleAssemblyInitializer : IModuleAssemblyInitializer
{
    /// <inheritdoc />
    public void OnImport()
    {
        string? folder = Path.GetDirectoryName(typeof(ModuleAssemblyInitializer).Assembly.Location);
        if (!string.IsNullOrEmpty(folder))
        {
            ModuleDependencyResolver.Register(folder!);
        }
    }
}
