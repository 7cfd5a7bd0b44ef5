// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace DicomAnon.Loading;

/// <summary>
/// Binds a dependency to the copy in the module folder when the loader cannot find the exact version asked for.
/// </summary>
/// <remarks>
/// Windows PowerShell 5.1 (.NET Framework) has no binding redirects for a module: ImageSharp asks for
/// System.Runtime.CompilerServices.Unsafe 5.0.0.0 while System.Memory asks for 4.0.4.1, and only one file can ship.
/// The handler is scoped so that it never changes what another module gets: it answers only for names of DLLs that
/// sit in the module folder, only with the same public key token, and only with a version at least the one asked for.
/// On PowerShell 7 the runtime already has newer versions of these assemblies, so the handler is never consulted
/// for them. Public so that the net472 test program can register the same handler without PowerShell.
/// </remarks>
internal static class ModuleDependencyResolver
{
    /// <summary>The module subfolder that holds one folder of ReadyToRun images per framework and platform.</summary>
    internal const string ReadyToRunFolder = "ReadyToRun";

    private static readonly object Gate = new();
    private static Dictionary<string, string>? _filesByName;

    /// <summary>The folder the handler answers from, or null before <see cref="Register"/>.</summary>
    public static string? Folder { get; private set; }

    /// <summary>Registers the handler once for the process; later calls with any folder do nothing.</summary>
    public static void Register(string moduleFolder)
    {
        if (moduleFolder is null)
        {
            throw new ArgumentNullException(nameof(moduleFolder));
        }

        lock (Gate)
        {
            if (_filesByName is not null)
            {
                return;
            }

            var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string folder in SearchFolders(moduleFolder))
            {
                foreach (string path in Directory.GetFiles(folder, "*.dll"))
                {
                    string name = Path.GetFileNameWithoutExtension(path);
                    if (!files.ContainsKey(name))
                    {
                        files[name] = path;
                    }
                }
            }

            _filesByName = files;
            Folder = moduleFolder;
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        }
    }

    /// <summary>
    /// The folder the module's assemblies were loaded from, then, when that is a folder of ReadyToRun images
    /// (ReadyToRun/&lt;framework&gt;-&lt;rid&gt;, picked by DicomAnon.psm1 on PowerShell 7), the module folder two levels
    /// up: the images folder holds only our precompiled assemblies, and the rest (ImageSharp) binds from there.
    /// </summary>
    internal static IEnumerable<string> SearchFolders(string assemblyFolder)
    {
        yield return assemblyFolder;
        string? parent = Path.GetDirectoryName(assemblyFolder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (parent is not null && string.Equals(Path.GetFileName(parent), ReadyToRunFolder, StringComparison.Ordinal))
        {
            string? moduleFolder = Path.GetDirectoryName(parent);
            if (moduleFolder is not null && Directory.Exists(moduleFolder))
            {
                yield return moduleFolder;
            }
        }
    }

    /// <summary>The module-folder file that may stand in for <paramref name="requested"/>, or null.</summary>
    public static string? FindCandidate(AssemblyName requested, IReadOnlyDictionary<string, string> filesByName)
    {
        if (requested is null || filesByName is null)
        {
            return null;
        }

        if (requested.Name is null || !filesByName.TryGetValue(requested.Name, out string? path))
        {
            return null;
        }

        AssemblyName found;
        try
        {
            found = AssemblyName.GetAssemblyName(path);
        }
        catch (BadImageFormatException)
        {
            return null;
        }

        bool versionOk = requested.Version is null || (found.Version is not null && found.Version >= requested.Version);
        return versionOk && SameToken(requested.GetPublicKeyToken(), found.GetPublicKeyToken()) ? path : null;
    }

    private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        Dictionary<string, string>? files = _filesByName;
        if (files is null)
        {
            return null;
        }

        string? path = FindCandidate(new AssemblyName(args.Name), files);

        // LoadFrom returns the already loaded assembly for a path it has loaded before.
        return path is null ? null : Assembly.LoadFrom(path);
    }

    private static bool SameToken(byte[]? requested, byte[]? found)
    {
        // A request without a token (a simple name) accepts any; a strong-named request needs the same signer.
        if (requested is null || requested.Length == 0)
        {
            return true;
        }

        if (found is null || found.Length != requested.Length)
        {
            return false;
        }

        for (int i = 0; i < requested.Length; i++)
        {
            if (requested[i] != found[i])
            {
                return false;
            }
        }

        return true;
    }
}
