// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon;

/// <summary>
/// One element of one file, as Get-DicomTag reports it. There is deliberately no <c>Path</c> property:
/// one file yields many elements, and a Path would bind into the next cmdlet's -Path once per element.
/// </summary>
public sealed class DicomElementInfo
{
    internal DicomElementInfo(string filePath, string itemPath, int depth, string tag, string? keyword, string vr, string? value, long? length, string? privateCreator)
    {
        FilePath = filePath;
        ItemPath = itemPath;
        Depth = depth;
        Tag = tag;
        Keyword = keyword;
        VR = vr;
        Value = value;
        Length = length;
        PrivateCreator = privateCreator;
    }

    /// <summary>The file the element was read from.</summary>
    public string FilePath { get; }

    /// <summary>Where the element sits, e.g. <c>(0008,1115)[0].(0020,000E)</c>; the tag alone at the top level.</summary>
    public string ItemPath { get; }

    /// <summary>Sequence nesting depth (0 at the top level).</summary>
    public int Depth { get; }

    /// <summary>The tag as (gggg,eeee).</summary>
    public string Tag { get; }

    /// <summary>The dictionary keyword, or null for private and unknown tags.</summary>
    public string? Keyword { get; }

    /// <summary>The value representation (two letters).</summary>
    public string VR { get; }

    /// <summary>The value as text: decoded in the file's character set; numbers in invariant culture; bulk data as "&lt;N bytes&gt;".</summary>
    public string? Value { get; }

    /// <summary>Value length in bytes (null for sequences).</summary>
    public long? Length { get; }

    /// <summary>For private elements, the creator of their block.</summary>
    public string? PrivateCreator { get; }

    public override string ToString() => ItemPath;
}
