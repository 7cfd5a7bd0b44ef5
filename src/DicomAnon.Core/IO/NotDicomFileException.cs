// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core.IO;

/// <summary>The file is not DICOM at all (no 'DICM' marker and no recognisable dataset), as opposed to malformed DICOM.</summary>
public sealed class NotDicomFileException : Exception
{
    public NotDicomFileException(string message)
        : base(message)
    {
    }
}
