// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Issue 10's first-pass recall: touching letters, outlined text over speckle, and no box on speckle alone.</summary>
public sealed class TextCandidateRecallTests
{
    [Fact]
    public void Find_BoldMonospaceWithTouchingLetters_IsACandidateCoveringEveryWord()
    {
        // Bold monospace at 11 px, thickened by one pixel as heavy overlay fonts are: the letters of each word touch.
        GrayTextImage image = TextImageRenderer.Render(300, 60, new Background(0), [new TextSpec("FISCHER, MARIA", 8, 20, 11, true) { Font = TextFont.SansMonoBold }]);
        byte[] px = (byte[])image.Pixels.Clone();
        for (int i = px.Length - 1; i > 0; i--)
        {
            px[i] = System.Math.Max(px[i], px[i - 1]);
        }

        PixelBox maria = image.Texts[0].Words[1].Box;
        Assert.True(Touching(px, image.Width, maria), "the test needs MARIA's letters to touch");

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(image.Width, image.Height, px));

        Assert.Contains(found, c => Covers(RectangleMath.Pad(c.Box, 1), maria));
        Assert.Contains(found, c => Covers(RectangleMath.Pad(c.Box, 1), image.Texts[0].Words[0].Box));
    }

    [Fact]
    public void Remover_OutlinedIdOverSpeckle_IsBlackedOutToItsLastOutlinePixel()
    {
        // Tuning seed 1000 draws "ID: MRN..." in Liberation Mono, outlined, inside the sector: its strokes touch the speckle.
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1000, faces: UltrasoundSceneGenerator.TuningFaces);
        SceneText id = Assert.Single(scene.Texts, t => t.InsideSector && t.Style == "outlined" && t.IsPhi);
        var frames = new SceneFrames(new[] { scene });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        remover.Apply(SceneFrames.Header(scene, withRegion: true));

        for (int y = id.Box.Y; y < id.Box.Bottom; y++)
        {
            for (int x = id.Box.X; x < id.Box.Right; x++)
            {
                Assert.True(frames.IsBlack(0, x, y), $"pixel {x},{y} of the outlined ID is left");
            }
        }
    }

    [Fact]
    public void Find_CornerLineBesideTheSector_DoesNotTakeInTheSpeckle()
    {
        // Extratuning seed 1065: "Gn 44 DR 65 FR 44" sits left of the sector's top corner; the speckle blobs at its
        // end, as bright as its ink, used to join it and stretch its box (and blackout) into the sector.
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1065, faces: UltrasoundSceneGenerator.TuningFaces);
        SceneText gain = Assert.Single(scene.Texts, t => t.Text.StartsWith("Gn ", StringComparison.Ordinal));

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(scene.Width, scene.Height, UltrasoundSceneGenerator.Luma(scene)));

        TextLineCandidate line = Assert.Single(found, c => c.Box.X < gain.Box.Right && c.Box.Right > gain.Box.X && c.Box.Y < gain.Box.Bottom && c.Box.Bottom > gain.Box.Y);
        Assert.True(Covers(new PixelRect(gain.Box.X - 2, gain.Box.Y - 2, gain.Box.Width + 4, gain.Box.Height + 4), ToBox(line.Box)), $"the line's box {line.Box} reaches beyond the text {gain.Box}");
    }

    [Fact]
    public void Find_SmallBoldLettersFusedByAntiAliasing_AreACandidate()
    {
        // Extratuning seed 1058: "ID: MRN..." in 11 px Liberation Sans Bold, grey on the black panel; the
        // anti-aliased pixels between the letters stand out by more than the threshold, so each word was one
        // dense block that was neither a letter nor letters.
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(1058, faces: UltrasoundSceneGenerator.TuningFaces);
        SceneText id = Assert.Single(scene.Texts, t => t.Text.StartsWith("ID: ", StringComparison.Ordinal));
        Assert.True(id.PixelHeight < 12 && !id.InsideSector, "the test needs the small ID line on the panel");

        List<TextLineCandidate> found = TextCandidateFinder.Find(new GrayImage(scene.Width, scene.Height, UltrasoundSceneGenerator.Luma(scene)));

        Assert.Contains(found, c => Covers(RectangleMath.Pad(c.Box, 2), id.Box));
    }

    [Fact]
    public void Remover_MonospaceIdSplitFromItsValueOnSpeckle_IsBlackedOutWhole()
    {
        // Wide tuning seed 3037: "ID: MRN6887958" in an aliased monospace face inside the sector; the wide space
        // after "ID:" splits it from the value, and two characters alone are too few to vouch for on speckle.
        AssertBlackedOut(3037, UltrasoundSceneGenerator.WideTuningFaces, t => t.Text.StartsWith("ID: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Remover_ThinShadowedDateOnSpeckle_IsBlackedOutToItsFirstColumn()
    {
        // Wide tuning seed 3029: an ExtraLight shadowed date inside the sector; its flat-ink box misses the first
        // anti-aliased column, and its last two digits come as a short candidate of their own.
        AssertBlackedOut(3029, UltrasoundSceneGenerator.WideTuningFaces, t => t.InsideSector && t.IsPhi && t.Text.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void Remover_LastLetterFusedWithTheSectorsEdge_IsBlackedOut()
    {
        // Extratuning seed 1045: the last "7" of a corner time line touches the sector's apex, so its component
        // carries speckle; the line must still reach it (its ink-level pixels on the line's rows), and no further.
        AssertBlackedOut(1045, UltrasoundSceneGenerator.TuningFaces, t => t.Text.EndsWith(":57", StringComparison.Ordinal));
    }

    [Fact]
    public void Remover_MonospaceFieldNameAndValueReadAsTwoLines_IsBlackedOutWithTheSpaceBetween()
    {
        // Extratuning seed 1050: "Birth: 1985-..." in 32 px bold monospace; "Birth:" and the date are read as two
        // lines, and the wide space between them (colon, then a space) must go too.
        AssertBlackedOut(1050, UltrasoundSceneGenerator.TuningFaces, t => t.Text.StartsWith("Birth: ", StringComparison.Ordinal), withRegion: true);
    }

    [Theory]
    [InlineData(424242, true)]
    [InlineData(424242, false)]
    [InlineData(1002, true)]
    [InlineData(1002, false)]
    public void Detect_SpeckleOnly_FindsNoText(int seed, bool withRegion)
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(seed);
        byte[] gray = UltrasoundSceneGenerator.Luma(scene);
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = scene.Sector[i] ? gray[i] : (byte)0;
        }

        // Only the sector is kept, and every text line (also a corner line reaching over the sector's edge) goes.
        foreach (SceneText t in scene.Texts)
        {
            for (int y = t.Box.Y; y < t.Box.Bottom; y++)
            {
                for (int x = t.Box.X; x < t.Box.Right; x++)
                {
                    gray[(y * scene.Width) + x] = 0;
                }
            }
        }

        PixelBox s = scene.SectorBox;
        var regions = withRegion ? new List<PixelRect> { new(s.X, s.Y, s.Width, s.Height) } : new List<PixelRect>();
        using TesseractTextFinder finder = TesseractTextFinder.Create(null, null);

        IReadOnlyList<TextWord> words = finder.Detect(new GrayImage(scene.Width, scene.Height, gray), regions);

        Assert.DoesNotContain(words, w => !w.Unconfirmed);
    }

    [Fact]
    public void BridgeWordGaps_JoinsTwoBoxesOfOneLineButNotBoxesOfTwoLines()
    {
        var boxes = new List<PixelRect> { new(10, 10, 40, 20), new(56, 12, 60, 20), new(10, 60, 40, 20) };

        List<PixelRect> bridged = TextScanner.BridgeWordGaps(boxes);

        Assert.Equal(4, bridged.Count);
        Assert.Equal(new PixelRect(50, 10, 6, 22), bridged[3]);

        // Two monospace spaces between padded boxes 41 px high: bridged; a gap wider than the boxes are high: not.
        List<PixelRect> wide = TextScanner.BridgeWordGaps(new List<PixelRect> { new(299, 31, 109, 41), new(433, 31, 203, 41), new(700, 31, 50, 41) });
        Assert.Equal(new PixelRect(408, 31, 25, 41), Assert.Single(wide.Skip(3)));
    }

    /// <summary>Runs the remover (all text) on one tuning scene and checks every pixel of the chosen line is black.</summary>
    private static void AssertBlackedOut(int seed, IReadOnlyList<string> faces, Func<SceneText, bool> which, bool withRegion = false)
    {
        UltrasoundScene scene = UltrasoundSceneGenerator.Generate(seed, faces: faces);
        SceneText text = Assert.Single(scene.Texts, t => which(t));
        var frames = new SceneFrames(new[] { scene });
        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, UseKnownLocationRules = false }, _ => frames, TesseractTextFinder.Create(null, null));

        remover.Apply(SceneFrames.Header(scene, withRegion));

        for (int y = text.Box.Y; y < text.Box.Bottom; y++)
        {
            for (int x = text.Box.X; x < text.Box.Right; x++)
            {
                Assert.True(frames.IsBlack(0, x, y), $"pixel {x},{y} of the line at {text.Box} is left");
            }
        }
    }

    private static PixelBox ToBox(PixelRect r) => new(r.X, r.Y, r.Width, r.Height);

    private static bool Covers(PixelRect r, PixelBox b) => r.X <= b.X && r.Y <= b.Y && r.Right >= b.Right && r.Bottom >= b.Bottom;

    /// <summary>No empty column between the first and last ink column of the box: the letters are one component.</summary>
    private static bool Touching(byte[] px, int width, PixelBox box)
    {
        for (int x = box.X; x < box.Right; x++)
        {
            bool ink = false;
            for (int y = box.Y; y < box.Bottom; y++)
            {
                ink |= px[(y * width) + x] >= 32;
            }

            if (!ink)
            {
                return false;
            }
        }

        return true;
    }
}
