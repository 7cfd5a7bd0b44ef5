// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Xunit;

namespace DicomAnon.Ocr.Tests;

public sealed class WordMergerTests
{
    [Fact]
    public void Merge_SameWordFromTwoPasses_OneWordWithUnionBoxAndBestText()
    {
        var words = new List<OcrWord>
        {
            new("D0E", 55, 10, 10, 30, 12),
            new("DOE", 90, 11, 9, 30, 12),
        };

        IReadOnlyList<OcrWord> merged = WordMerger.Merge(words);

        OcrWord only = Assert.Single(merged);
        Assert.Equal("DOE", only.Text);
        Assert.Equal(90, only.Confidence);
        Assert.Equal((10, 9, 31, 13), (only.X, only.Y, only.Width, only.Height));
    }

    [Fact]
    public void Merge_NeighbouringWords_StaySeparateInReadingOrder()
    {
        var words = new List<OcrWord>
        {
            new("B", 80, 50, 10, 30, 12),
            new("A", 70, 10, 10, 30, 12),
            new("C", 95, 10, 40, 30, 12),
        };

        IReadOnlyList<OcrWord> merged = WordMerger.Merge(words);

        Assert.Equal(new[] { "A", "B", "C" }, new[] { merged[0].Text, merged[1].Text, merged[2].Text });
    }

    [Fact]
    public void Merge_SmallWordInsideLargerDetection_IsAbsorbed()
    {
        // One pass reads "Se 3" as one word, another reads "3" alone.
        var words = new List<OcrWord>
        {
            new("Se3", 80, 100, 100, 40, 12),
            new("3", 60, 130, 100, 10, 12),
        };

        OcrWord only = Assert.Single(WordMerger.Merge(words));
        Assert.Equal("Se3", only.Text);
    }

    [Fact]
    public void Merge_HaloFromOtherPolarity_StaysSeparateAndDoesNotGrowTheWord()
    {
        var detections = new List<Detection>
        {
            new(new OcrWord("PATIENT", 96, 7, 9, 67, 12), BrightInk: false),
            new(new OcrWord("103", 71, 5, 5, 80, 21), BrightInk: true),
        };

        IReadOnlyList<OcrWord> merged = WordMerger.Merge(detections);

        Assert.Equal(2, merged.Count);
        OcrWord word = Assert.Single(merged, w => w.Text == "PATIENT");
        Assert.Equal((7, 9, 67, 12), (word.X, word.Y, word.Width, word.Height));
    }
}
