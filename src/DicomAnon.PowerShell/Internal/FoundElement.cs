// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;

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
