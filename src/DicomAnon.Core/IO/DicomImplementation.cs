// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>Our implementation identity, written into every file meta group (0002,0012) and (0002,0013).</summary>
internal static class DicomImplementation
{
    /// <summary>A UUID-derived UID (PS3.5 B.2), generated once for DicomAnon.</summary>
    public const string ClassUid = "2.25.280714843207022814786687513554535439186";

    /// <summary>At most 16 characters (SH).</summary>
    public const string VersionName = "DICOMANON_0_1_0";
}
