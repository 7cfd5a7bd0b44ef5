// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Values;

/// <summary>The three component groups of a PN value (PS3.5 6.2.1.1).</summary>
internal enum PersonNameGroup
{
    Alphabetic = 0,
    Ideographic = 1,
    Phonetic = 2,
}
