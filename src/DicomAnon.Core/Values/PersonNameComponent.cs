// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Values;

/// <summary>The five components of a PN component group, in value order.</summary>
internal enum PersonNameComponent
{
    FamilyName = 0,
    GivenName = 1,
    MiddleName = 2,
    NamePrefix = 3,
    NameSuffix = 4,
}
