// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// UI attributes that name a class, a transfer syntax or a coding resource rather than an instance: they say what
/// kind of thing the data is, never whose, so they are kept as written, registered or not (a private SOP Class UID
/// stays a valid class). Attributes Table E.1-1 lists with U (e.g. Manufacturer's Device Class UID) are not here.
/// </summary>
internal static class ClassUidAttributes
{
    private static readonly HashSet<uint> Tags = new()
    {
        0x00020002, // Media Storage SOP Class UID
        0x00020010, // Transfer Syntax UID
        0x00020012, // Implementation Class UID
        0x00020032, // RTV Communication SOP Class UID
        0x00041510, // Referenced SOP Class UID in File
        0x00041512, // Referenced Transfer Syntax UID in File
        0x0004151A, // Referenced Related General SOP Class UID in File
        0x00080016, // SOP Class UID
        0x0008001A, // Related General SOP Class UID
        0x0008001B, // Original Specialized SOP Class UID
        0x00080062, // SOP Classes in Study
        0x0008010C, // Coding Scheme UID
        0x0008010D, // Context Group Extension Creator UID
        0x00080117, // Context UID
        0x00080118, // Mapping Resource UID
        0x0008040E, // Stored Instance Transfer Syntax UID
        0x00081150, // Referenced SOP Class UID
        0x0008115A, // SOP Classes Supported
        0x00083002, // Available Transfer Syntax UID
        0x00340003, // Flow Transfer Syntax UID
        0x04000010, // MAC Calculation Transfer Syntax UID
        0x04000510, // Encrypted Content Transfer Syntax UID
        0x30100052, // Pertinent SOP Classes in Study
        0x30100053, // Pertinent SOP Classes in Series
    };

    public static bool Contains(DicomTag tag) => Tags.Contains(tag.Value);
}
