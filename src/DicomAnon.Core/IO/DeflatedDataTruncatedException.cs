// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>
/// A deflated file whose compressed stream ends before its final block: the file was cut short. Raised even when the
/// cut falls on an element boundary, where the inflated data alone would look like a complete (but shorter) dataset.
/// </summary>
/// <remarks>Error id <see cref="Id"/> (documented in about_DicomAnon).</remarks>
public sealed class DeflatedDataTruncatedException : DicomFormatException
{
    /// <summary>The documented error id the cmdlets report for this exception.</summary>
    public const string Id = "DeflatedDataTruncated";

    public DeflatedDataTruncatedException(string message, DicomTag? tag)
        : base(message, tag, -1)
    {
    }

    /// <summary>Always <see cref="Id"/>.</summary>
    public string ErrorId => Id;
}
