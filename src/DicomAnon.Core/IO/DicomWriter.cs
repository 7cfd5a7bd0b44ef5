// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.IO;

/// <summary>Writes Part 10 files. (Being written: see the engine issue.)</summary>
public static class DicomWriter
{
    public static void WriteFile(DicomFile file, string path, DicomWriteOptions options) => throw new NotImplementedException();
}
