// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

internal enum DatePolicy
{
    Shift,
    Keep,
    Remove,
}
