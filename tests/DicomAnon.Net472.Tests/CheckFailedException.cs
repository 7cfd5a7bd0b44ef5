// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Net472.Tests;

/// <summary>A check's expectation that did not hold.</summary>
internal sealed class CheckFailedException : Exception
{
    public CheckFailedException(string message)
        : base(message)
    {
    }

    public CheckFailedException()
    {
    }

    public CheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
