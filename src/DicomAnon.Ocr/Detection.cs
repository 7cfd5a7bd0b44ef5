// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Ocr;

/// <summary>A word from one pass, and whether that pass read bright ink (light text) or dark ink.</summary>
internal readonly record struct Detection(OcrWord Word, bool BrightInk);
