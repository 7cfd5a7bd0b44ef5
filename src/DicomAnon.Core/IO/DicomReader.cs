// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.IO;

/// <summary>Reads Part 10 files and raw datasets. (Being written: see the engine issue.)</summary>
public static class DicomReader
{
    public static DicomFile ReadFile(string path, DicomReadOptions options) => throw new NotImplementedException();
}
