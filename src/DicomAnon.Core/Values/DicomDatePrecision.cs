// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Values;

/// <summary>How much of a date or time a value states (PS3.5 6.2: DA and DT values may be truncated on the right).</summary>
internal enum DicomDatePrecision
{
    /// <summary>YYYY.</summary>
    Year,

    /// <summary>YYYYMM.</summary>
    Month,

    /// <summary>YYYYMMDD.</summary>
    Day,
}
