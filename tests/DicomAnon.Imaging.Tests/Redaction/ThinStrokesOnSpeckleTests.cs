// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10: small serif text with one-pixel anti-aliased strokes on speckle. The fixture is a 200 x 110 crop of the
/// independent exam's tuning seed 21002, us_04 frame 0 (synthetic values): "DOB 1977-08-07" and "20.08.2024" in 11 px
/// Liberation Serif, white with a dark shadow, inside the sector. The shadow lowers the top-hat's opening, so the
/// speckle inside the letters joins their components and the stroke crop reads as garbage; the flat-ink crop kept
/// only pixels within 40 of the ink, which the thin strokes (180-220) are not.
/// </summary>
public sealed class ThinStrokesOnSpeckleTests
{
    [Fact]
    public void Detect_ShadowedSerifDateInsideARegion_IsReadAndVouched()
    {
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        GrayImage image = Fixture("exam21002-us04-shadowed-dates.pgm");
        using var finder = TesseractTextFinder.Create(null, null);

        var words = finder.Detect(image, new[] { new PixelRect(0, 0, image.Width, image.Height) }).Where(w => !w.Unconfirmed).ToList();

        var dob = new PixelRect(57, 20, 84, 8);
        string read = PhiMatcher.Normalize(string.Concat(words.Where(w => RectangleMath.Intersects(w.Box, dob)).Select(w => w.Text)));
        // Read from the whole frame it is "DOB 1977-0807"; from this crop one digit may differ. Before, nothing was vouched.
        Assert.Contains("197708", read, StringComparison.Ordinal);
        PixelRect line = words.Where(w => RectangleMath.Intersects(w.LineBox, dob)).Select(w => w.LineBox).Aggregate(RectangleMath.Union);
        // Within a pixel: the blackout adds a margin that grows with the text height.
        Assert.True(line.X <= dob.X + 1 && line.Right >= dob.Right - 1, $"the line's box {line} spans the label and the date");
    }

    private static GrayImage Fixture(string name)
    {
        byte[] file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

        // Binary PGM: "P5\n<width> <height>\n255\n" then the pixels.
        int at = 0;
        string[] head = new string[4];
        for (int field = 0; field < 4; field++)
        {
            int start = at;
            while (file[at] != (byte)'\n' && file[at] != (byte)' ')
            {
                at++;
            }

            head[field] = System.Text.Encoding.ASCII.GetString(file, start, at - start);
            at++;
        }

        int width = int.Parse(head[1], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(head[2], System.Globalization.CultureInfo.InvariantCulture);
        return new GrayImage(width, height, file.AsSpan(at, width * height).ToArray());
    }
}
