// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>
/// The file goes over one of the reader's limits (<see cref="DicomReadOptions"/>: element count, nesting depth, decoded
/// size). Hostile or broken input, refused before it can cost more memory or time than the file justifies.
/// </summary>
/// <remarks>Error id <see cref="Id"/> (documented in about_DicomAnon). Messages name the limit, never a value.</remarks>
public sealed class DicomLimitExceededException : DicomFormatException
{
    /// <summary>The documented error id the cmdlets report for this exception.</summary>
    public const string Id = "DicomLimitExceeded";

    public DicomLimitExceededException(string limitName, string message, DicomTag? tag, long offset)
        : base(message, tag, offset)
    {
        LimitName = limitName;
    }

    /// <summary>The <see cref="DicomReadOptions"/> property whose limit was exceeded (e.g. MaxElementCount).</summary>
    public string LimitName { get; }

    /// <summary>Always <see cref="Id"/>.</summary>
    public string ErrorId => Id;
}
