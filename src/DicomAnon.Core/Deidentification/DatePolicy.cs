// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace DicomAnon.Core.Deidentification;

internal enum DatePolicy
{
    Shift,
    Keep,
    Remove,
}
