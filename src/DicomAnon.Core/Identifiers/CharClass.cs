// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;

namespace DicomAnon.Core.Identifiers;

/// <summary>Word-boundary classes of folded characters.</summary>
internal enum CharClass
{
    Letter,
    Digit,
    Cjk,
}
