// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Core;

namespace DicomAnon.Commands;

/// <summary>An element found in a file, with where it sits.</summary>
internal readonly struct FoundElement
{
    public FoundElement(DicomDataset owner, DicomElement element, string itemPath, int depth)
    {
        Owner = owner;
        Element = element;
        ItemPath = itemPath;
        Depth = depth;
    }

    public DicomDataset Owner { get; }

    public DicomElement Element { get; }

    public string ItemPath { get; }

    public int Depth { get; }
}
