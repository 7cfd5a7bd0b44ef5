// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Imaging.Redaction;

/// <summary>Finds words in a gray frame (seam for tests; production is <see cref="TesseractTextFinder"/>).</summary>
internal interface ITextFinder : IDisposable
{
    /// <summary>Text found in <paramref name="image"/>; inside <paramref name="imagingRegions"/> (ultrasound regions) it needs stronger evidence.</summary>
    IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions);
}
