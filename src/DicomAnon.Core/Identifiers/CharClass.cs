// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Identifiers;

/// <summary>Word-boundary classes of folded characters.</summary>
internal enum CharClass
{
    Letter,
    Digit,
    Cjk,
}
