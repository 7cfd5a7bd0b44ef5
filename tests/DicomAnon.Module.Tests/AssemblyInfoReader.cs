// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DicomAnon.Module.Tests;

/// <summary>An assembly's identity and references, read from its metadata without loading it.</summary>
internal sealed record AssemblyInfo(string Path, AssemblyName Name, IReadOnlyList<AssemblyName> References)
{
    /// <summary>The assembly in <paramref name="path"/>, or null for a DLL that is not one (native code or a bare module).</summary>
    public static AssemblyInfo? Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        MetadataReader md = pe.GetMetadataReader();
        if (!md.IsAssembly)
        {
            return null;
        }

        AssemblyName name = md.GetAssemblyDefinition().GetAssemblyName();
        var references = new List<AssemblyName>();
        foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
        {
            references.Add(md.GetAssemblyReference(handle).GetAssemblyName());
        }

        return new AssemblyInfo(path, name, references);
    }

    /// <summary>Simple name to version for every DLL in <paramref name="folder"/> (not recursive).</summary>
    public static Dictionary<string, AssemblyInfo> ReadFolder(string folder)
    {
        var result = new Dictionary<string, AssemblyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in Directory.GetFiles(folder, "*.dll"))
        {
            if (Read(path) is { } info)
            {
                result[info.Name.Name!] = info;
            }
        }

        return result;
    }
}
