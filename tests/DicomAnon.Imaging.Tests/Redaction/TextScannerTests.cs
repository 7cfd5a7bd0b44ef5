// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

public sealed class TextScannerTests
{
    [Fact]
    public void Scan_ExaminesEveryFrameAndPassesTheImagingRegions()
    {
        var frames = new FakeFrames(200, 160, 5, 20);
        var finder = new ColourCodedFinder(new Dictionary<byte, string>());
        var regions = new[] { new PixelRect(10, 10, 100, 100) };
        var scanner = new TextScanner(finder, (_, words) => words.Select(w => w.Box), regions);

        List<PixelRect>[] boxes = scanner.Scan(frames);

        Assert.Equal(5, boxes.Length);
        Assert.Equal(5, finder.Calls);
        Assert.Equal(5, scanner.OcrCalls);
        Assert.All(finder.Regions, r => Assert.Equal(regions, r));
    }
}
