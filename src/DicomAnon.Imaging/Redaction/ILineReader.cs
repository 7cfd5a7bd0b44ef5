// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Reads one prepared line crop (seam for tests; production is <see cref="TesseractLineReader"/>).</summary>
internal interface ILineReader : IDisposable
{
    /// <summary>
    /// The words of <paramref name="ink"/> (dark ink on a light background, <paramref name="width"/> x
    /// <paramref name="height"/>, letters about <paramref name="textHeight"/> px), in crop coordinates.
    /// </summary>
    IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight);
}
