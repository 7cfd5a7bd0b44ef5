// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.TestSupport.TextImages;

namespace DicomAnon.Ocr.Tests;

/// <summary>
/// Synthetic burned-in annotations like those on CT/MR/US/secondary captures: invented names, IDs, dates and
/// acquisition figures in the corners and in the middle, at one font size per image, on noisy backgrounds.
/// </summary>
internal static class TextCorpus
{
    public static readonly int[] Sizes = [10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 26, 28];

    private static readonly string[] Surnames = ["DOE", "ROE", "SMITH", "KOWALSKI", "NGUYEN", "OKAFOR", "LINDQVIST", "GARCIA", "PETERSEN", "TANAKA"];
    private static readonly string[] Given = ["JANE", "JOHN", "ALEX", "MARIA", "OLE", "AKIRA", "FATIMA", "PIERRE", "NORA", "IVAN"];
    private static readonly string[] Places = ["St Elsewhere Hospital", "County General", "Riverside Imaging", "North Clinic MRI", "Lakeside Radiology"];
    private static readonly TextFont[] Fonts = [TextFont.Sans, TextFont.SansMono, TextFont.SansBold, TextFont.SansMonoBold, TextFont.SansCondensed];

    /// <summary>Every (size, polarity, variant) image of the recall set: 12 sizes x 2 polarities x 3 = 72 images.</summary>
    public static IEnumerable<GrayTextImage> RecallSet()
    {
        foreach (int size in Sizes)
        {
            foreach (bool light in new[] { true, false })
            {
                for (int variant = 0; variant < 3; variant++)
                {
                    yield return Image(640, 480, size, light, (size * 100) + (light ? 10 : 20) + variant);
                }
            }
        }
    }

    /// <summary>A 640x480-ish overlay image with 4-6 lines of one size and polarity.</summary>
    public static GrayTextImage Image(int width, int height, int size, bool lightOnDark, int seed)
    {
        var random = new Random(seed);
        Background background = lightOnDark ? Background.DarkNoisy(seed) : Background.LightNoisy(seed);
        TextFont font = Fonts[random.Next(Fonts.Length)];
        byte ink = (byte)(200 + random.Next(56));
        string[] lines = Lines(random);
        var specs = new List<TextSpec>();
        int lineHeight = (int)Math.Ceiling(size * 1.3);
        int margin = 4 + random.Next(8);

        // Top-left block (patient), top-right block (place, date), bottom-left (acquisition), one line mid-image.
        int y = margin;
        for (int i = 0; i < 3; i++)
        {
            specs.Add(new TextSpec(lines[i], margin, y, size, lightOnDark) { Font = font, InkLevel = ink });
            y += lineHeight;
        }

        int approxWidth = (int)(lines[3].Length * size * 0.7);
        specs.Add(new TextSpec(lines[3], Math.Max(margin, width - approxWidth - margin), margin, size, lightOnDark) { Font = font, InkLevel = ink });
        specs.Add(new TextSpec(lines[4], margin, height - margin - lineHeight, size, lightOnDark) { Font = font, InkLevel = ink });
        specs.Add(new TextSpec(lines[5], (width / 3) + random.Next(width / 6), (height / 2) + random.Next(height / 6), size, lightOnDark) { Font = font, InkLevel = ink });

        // Keep the specs that fit (large fonts on a narrow line may run off the right edge).
        specs.RemoveAll(s => s.X + (int)(s.Text.Length * size * 0.7) > width);
        return TextImageRenderer.Render(width, height, background, specs);
    }

    private static string[] Lines(Random random)
    {
        string name = Surnames[random.Next(Surnames.Length)] + "^" + Given[random.Next(Given.Length)];
        string id = random.Next(1000000, 99999999).ToString(CultureInfo.InvariantCulture);
        var date = new DateTime(1930, 1, 1).AddDays(random.Next(30000));
        string[] acquisition =
        [
            string.Format(CultureInfo.InvariantCulture, "kVp {0} mAs {1}", 80 + random.Next(60), 50 + random.Next(400)),
            string.Format(CultureInfo.InvariantCulture, "W {0} L {1}", 80 + random.Next(1500), random.Next(-200, 300)),
            string.Format(CultureInfo.InvariantCulture, "Se {0} Im {1}/{2}", 1 + random.Next(12), 1 + random.Next(200), 200 + random.Next(200)),
        ];
        return
        [
            name,
            "ID " + id,
            "DOB " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Places[random.Next(Places.Length)],
            acquisition[random.Next(acquisition.Length)],
            acquisition[random.Next(acquisition.Length)] + " " + date.AddYears(50).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        ];
    }
}
