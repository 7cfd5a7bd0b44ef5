// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

/// <summary>The Type of an attribute in an IOD (PS3.3 7.4): what the conditional actions of Table E.1-1 depend on.</summary>
internal enum IodAttributeType
{
    /// <summary>Type 3, or not in the IOD at all: may be left out.</summary>
    Optional,

    /// <summary>Type 2 or 2C: present, possibly empty.</summary>
    Required,

    /// <summary>Type 1 or 1C: present with a value.</summary>
    RequiredWithValue,
}
