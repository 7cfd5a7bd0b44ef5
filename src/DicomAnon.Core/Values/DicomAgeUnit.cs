// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Values;

/// <summary>Unit of an AS value.</summary>
public enum DicomAgeUnit
{
    Days,
    Weeks,
    Months,
    Years,
}
