// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Commands;

/// <summary>One file to process: its full path, whether the user named it, and the folder it was found under.</summary>
public readonly struct InputFile
{
    public InputFile(string path, bool named, string? root)
    {
        Path = path;
        Named = named;
        Root = root;
    }

    /// <summary>Full file-system path.</summary>
    public string Path { get; }

    /// <summary>True when the user named this file (not found by walking a folder).</summary>
    public bool Named { get; }

    /// <summary>The folder the user named that this file was found under (null for a named file).</summary>
    public string? Root { get; }

    /// <summary>Path relative to <see cref="Root"/>, or the file name for a named file.</summary>
    public string RelativePath => Root is null
        ? System.IO.Path.GetFileName(Path)
        : Path.Substring(Root.Length).TrimStart(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
}
