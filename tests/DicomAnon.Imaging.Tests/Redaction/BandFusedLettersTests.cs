// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 safety: PHI laid along a bright fascia band or beside a specular line, whose letters the top-hat fuses
/// with the band into one block far taller than they are (diagnosis file 0 ended Burned In Annotation NO with the
/// PHI readable: no candidate line covered it). The block is split at six tenths of its contrast, where the
/// letters stand apart from the band, so they become a candidate line of their own (OCR must still vouch for it).
/// </summary>
public sealed class BandFusedLettersTests
{
    /// <summary>
    /// File 0 (seed 7500): "PID MRN..." 12 px, white, beside a specular line on a faint band, fused with both into a
    /// block 69 px tall. (File 91, "Birth: ..." 10 px along a fascia band and across a specular line, is not found
    /// yet: at six tenths of its block's contrast only the line's end stands out.)
    /// </summary>
    [Theory]
    [InlineData(0, "PID ")]
    public void PhiFusedWithABand_IsACandidateLine(int index, string prefix)
    {
        (List<UltrasoundScene> scenes, _) = BurnedTextBenchmark.BuildFile(BurnedTextBenchmark.DiagnosisSeed, index, UltrasoundSceneGenerator.Faces);
        SceneText phi = Assert.Single(scenes[0].Texts, t => t.IsPhi && t.InsideSector && t.Text.StartsWith(prefix, System.StringComparison.Ordinal));
        var box = new PixelRect(phi.Box.X, phi.Box.Y, phi.Box.Width, phi.Box.Height);

        List<TextLineCandidate> lines = TextCandidateFinder.Find(new SceneFrames(scenes).RenderGray(0));

        // A line of the text's own height over most of its width, not a block of band and letters.
        var over = lines.Where(l => RectangleMath.IntersectionArea(l.Box, box) * 2 >= box.Area && l.Box.Height <= box.Height * 2).ToList();
        Assert.True(over.Count > 0, "no candidate line covers the PHI; candidates near it: " + string.Join(" ", lines.Where(l => RectangleMath.Intersects(l.Box, box)).Select(l => l.Box.ToString())));
        Assert.All(over, l => Assert.True(l.NoisyBackground, "a line on a band must still be vouched for by OCR"));
    }

    [Fact]
    public void FiveLettersOnABaseline_ShorterThanTheBlock_AreARow() =>
        Assert.True(BandFusedLetters.IsRow(new[] { (100, 109), (100, 109), (101, 109), (100, 108), (100, 109) }, 30));

    [Fact]
    public void LettersAsTallAsTheBlock_AreNotARowFusedWithABand() =>
        Assert.False(BandFusedLetters.IsRow(new[] { (100, 109), (100, 109), (101, 109), (100, 108), (100, 109) }, 12));

    /// <summary>Bright speckle split at a higher contrast: peaks of all heights at all rows.</summary>
    [Fact]
    public void PeaksOfAllHeights_AreNotARow() =>
        Assert.False(BandFusedLetters.IsRow(new[] { (100, 105), (103, 112), (97, 104), (108, 113), (101, 110), (95, 99) }, 30));

    [Fact]
    public void ThreeLetters_AreTooFew() =>
        Assert.False(BandFusedLetters.IsRow(new[] { (100, 109), (100, 109), (100, 109) }, 30));
}
