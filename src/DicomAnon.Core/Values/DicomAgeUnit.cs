// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Values;

/// <summary>Unit of an AS value.</summary>
internal enum DicomAgeUnit
{
    Days,
    Weeks,
    Months,
    Years,
}
