// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Reads the text of an attribute, following a chain of sequences (first item of each); "" when absent.</summary>
internal delegate string AttributeLookup(IReadOnlyList<DicomTag> path, out bool isBinaryNumber);
