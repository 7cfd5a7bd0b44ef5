// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Management.Automation;

namespace DicomAnon.Commands;

/// <summary>A per-file problem whose error id and category the cmdlet already knows. Messages name paths and tags only.</summary>
internal sealed class FileProblemException : Exception
{
    public FileProblemException(string errorId, ErrorCategory category, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
    }

    public string ErrorId { get; }

    public ErrorCategory Category { get; }
}
