// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core.Tests.Batch;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class BatchTestFolder : IDisposable
{
    public BatchTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dicomanon-batch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
