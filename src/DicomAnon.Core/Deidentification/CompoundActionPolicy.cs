// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

/// <summary>How compound action codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) are resolved.</summary>
internal enum CompoundActionPolicy
{
    /// <summary>
    /// By the attribute's Type in the IOD of the file's SOP Class (see <see cref="IodAttributeTypes"/>): Type 1/1C → D
    /// (U for X/Z/U*), 2/2C → Z (D for X/D, U for X/Z/U*), 3 or absent → X (Z for Z/D). Files whose SOP Class has no known IOD
    /// fall back to <see cref="PreserveConformance"/>. With this policy the engine also keeps the IOD valid where
    /// removal would break it: a Type 2 attribute is emptied rather than removed, a Type 1 date is shifted (or
    /// dummied) rather than emptied, and removing Overlay Data removes its whole overlay group. This is the default.
    /// </summary>
    ByIodType,

    /// <summary>
    /// The least destructive alternative, which keeps Type 1 and Type 2 attributes present whatever the IOD:
    /// X/Z → Z, X/D → D, Z/D → D, X/Z/D → D, X/Z/U* → U. Safe because Z and D carry no original value and U
    /// replaces every UID.
    /// </summary>
    PreserveConformance,

    /// <summary>The first alternative (X, or Z for Z/D): removes the most, at the risk of leaving Type 1/2 attributes out.</summary>
    PreferRemoval,
}
