// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>The re-check's reader for frames whose only text is <see cref="ColourCodedFinder"/>'s coded blocks: it reads no words in noise, as that finder does not.</summary>
internal sealed class SilentLineReader : ILineReader
{
    public int Calls { get; private set; }

    public IReadOnlyList<TextWord> ReadLine(byte[] ink, int width, int height, int textHeight)
    {
        Calls++;
        return Array.Empty<TextWord>();
    }

    public void Dispose()
    {
    }
}
