// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace DicomAnon.TestSupport.TextImages;

/// <summary>One line of burned-in text in a scene: its words, whether it is PHI, and the box of every pixel it touched (glyphs, outline, shadow, halo).</summary>
public sealed record SceneText(string Text, bool IsPhi, PixelBox Box, int PixelHeight, bool InsideSector, string Face, string Style);

/// <summary>A synthetic ultrasound frame (RGB) with its sector mask and every text line drawn on it. Never real patient data.</summary>
public sealed record UltrasoundScene(int Width, int Height, byte[] Rgb, bool[] Sector, PixelBox SectorBox, IReadOnlyList<SceneText> Texts, IReadOnlyDictionary<string, string> Header);

/// <summary>
/// Generates ultrasound-like test frames for the burned-in text benchmark (issue 10, item 7): curved, phased or
/// linear sectors of blurred Rayleigh speckle with depth attenuation, cysts, bright specular reflectors and fascia
/// bands (oblique, straight or curved: not text), colour Doppler blobs, a depth scale; PHI and
/// label lines, 9-32 px, white, yellow, green or cyan, plain, outlined or shadowed, outside and sometimes inside
/// the sector. Faces come in two sets: <see cref="TuningFaces"/> (DejaVu, its "bitmap" variants drawn aliased and
/// enlarged 2x, and Liberation) and <see cref="Faces"/> (those plus FreeFont, Terminus bitmap, Noto Mono and
/// Inconsolata, families the tuning set never draws). A seed and a face set give the same scene every time.
/// </summary>
public static class UltrasoundSceneGenerator
{
    public const string FontFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>Font files of the families only the held-out set draws (Debian packages fonts-freefont-ttf, fonts-terminus-otb, fonts-noto-mono, fonts-inconsolata).</summary>
    private static readonly string[] HeldOutOnlyFolders = { "/usr/share/fonts/truetype/freefont", "/usr/share/fonts/opentype/terminus", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/inconsolata" };

    private static readonly string[] Families = { "DOE", "SMITH", "NGUYEN", "KOWALSKI", "OKAFOR", "LINDQVIST", "MORENO", "TANAKA", "FISCHER", "HALVORSEN", "ABERNATHY", "QUIGLEY" };
    private static readonly string[] Givens = { "JANE", "JOHN", "MARIA", "PETER", "AIKO", "LUCAS", "FATIMA", "ERIK", "Wanda", "Yusuf" };
    private static readonly string[] Institutions = { "RIVERSIDE HOSPITAL", "St. Mary Clinic", "NORTHGATE MEDICAL", "Lakeview Imaging" };
    private static readonly string[] Months = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
    private static readonly (byte R, byte G, byte B)[] Colours = { (255, 255, 255), (255, 230, 0), (60, 255, 60), (0, 230, 255), (200, 200, 200) };
    private static readonly string[] Styles = { "plain", "outlined", "shadowed" };

    /// <summary>Faces a tuning set may draw (font file paths): every DejaVu .ttf, "bitmap:" variants of three of them, and Liberation 2 (fonts-liberation2).</summary>
    public static IReadOnlyList<string> TuningFaces { get; } = LoadTuningFaces();

    /// <summary>Every face (the held-out set's): <see cref="TuningFaces"/> plus FreeFont, Terminus (bitmap .otb), Noto Mono and Inconsolata.</summary>
    public static IReadOnlyList<string> Faces { get; } = LoadAllFaces();

    /// <summary>
    /// A wider tuning set, still without the held-out-only families: <see cref="TuningFaces"/> plus Bitstream Vera
    /// (ttf-bitstream-vera), "bitmap:" variants of Liberation Mono and Sans, and "aliased:" variants (drawn aliased at
    /// their own size, one-pixel strokes like a terminal font) of DejaVu Sans Mono, Liberation Mono and Vera Sans Mono.
    /// </summary>
    public static IReadOnlyList<string> WideTuningFaces { get; } = LoadWideTuningFaces();

    /// <summary>
    /// One scene; <paramref name="speckleSeed"/> (default: the seed) varies only the speckle, for the frames of a
    /// clip; <paramref name="faces"/> (default <see cref="Faces"/>) is the set the lines draw their faces from;
    /// <paramref name="reflectors"/> adds specular reflectors and fascia bands to the speckle (the benchmark's sets
    /// have them; without them a seed gives the scene it gave before they existed, which fixed-seed tests rely on).
    /// </summary>
    public static UltrasoundScene Generate(int seed, int width = 640, int height = 480, int? speckleSeed = null, IReadOnlyList<string>? faces = null, bool reflectors = false)
    {
        faces ??= Faces;
        var rng = new Random(seed);
        var rgb = new byte[width * height * 3];
        var sector = new bool[width * height];
        PixelBox sectorBox = DrawSector(new Random(seed), new Random(speckleSeed ?? seed), width, height, rgb, sector, reflectors);
        rng.Next();

        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        string family = Families[rng.Next(Families.Length)], given = Givens[rng.Next(Givens.Length)];
        var birth = new DateTime(1930, 1, 1).AddDays(rng.Next(0, 30000));
        var study = new DateTime(2015, 1, 1).AddDays(rng.Next(0, 3500));
        var time = TimeSpan.FromSeconds(rng.Next(6 * 3600, 20 * 3600));
        string id = "MRN" + rng.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture);
        string institution = Institutions[rng.Next(Institutions.Length)];
        header["PatientName"] = family + "^" + given;
        header["PatientID"] = id;
        header["PatientBirthDate"] = birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        header["StudyDate"] = study.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        header["ContentTime"] = time.ToString("hhmmss", CultureInfo.InvariantCulture);
        header["InstitutionName"] = institution;

        var lines = new List<(string Text, bool Phi)>
        {
            (rng.Next(2) == 0 ? family + ", " + given : given + " " + family, true),
            ((rng.Next(2) == 0 ? "ID: " : "PID ") + id, true),
            ((rng.Next(2) == 0 ? "DOB " : "Birth: ") + FormatDate(birth, rng.Next(7)), true),
            (FormatDate(study, rng.Next(7)) + " " + time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), true),
            (institution, true),
            (new[] { "C5-1", "L12-3", "P4-2", "C1-6" }[rng.Next(4)] + " " + new[] { "Abd", "Renal", "OB", "Vasc" }[rng.Next(4)], false),
            ("TIS " + (rng.Next(1, 15) / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + " MI " + (rng.Next(2, 14) / 10.0).ToString("0.0", CultureInfo.InvariantCulture), false),
            ("Gn " + rng.Next(30, 80).ToString(CultureInfo.InvariantCulture) + " DR " + rng.Next(40, 90).ToString(CultureInfo.InvariantCulture) + " FR " + rng.Next(10, 60).ToString(CultureInfo.InvariantCulture), false),
            (rng.Next(8, 20).ToString(CultureInfo.InvariantCulture) + "cm", false),
        };

        var texts = new List<SceneText>();
        var occupied = new List<PixelBox> { sectorBox };
        int leftY = 6, rightY = 6;
        foreach ((string text, bool phi) in lines)
        {
            string face = faces[rng.Next(faces.Count)];
            int px = rng.Next(0, 4) == 0 ? rng.Next(9, 12) : rng.Next(12, 33);
            (byte r, byte g, byte b) colour = Colours[rng.Next(Colours.Length)];
            string style = Styles[rng.Next(Styles.Length)];
            bool inside = rng.Next(0, 6) == 0;
            byte[] cover = Coverage(width, height, text, face, px, 0, 0, out PixelBox probe);
            int tw = probe.Width + 4, th = probe.Height + 4;
            int x, y;
            x = y = 0;
            if (inside && sectorBox.Width > tw + 20)
            {
                // Overlays do not overwrite each other: a line that would touch one already drawn goes to a corner.
                inside = false;
                for (int attempt = 0; attempt < 8 && !inside; attempt++)
                {
                    x = sectorBox.X + rng.Next(10, sectorBox.Width - tw - 10);
                    y = sectorBox.Y + (sectorBox.Height / 3) + rng.Next(0, Math.Max(1, sectorBox.Height / 2));
                    var place = new PixelBox(x - 4, y - 4, tw + 8, th + 8);
                    inside = y + th < height && !occupied.Skip(1).Any(o => o.IntersectionArea(place) > 0);
                }
            }

            if (!inside)
            {
                inside = false;
                bool left = rng.Next(2) == 0 ? leftY < rightY : leftY <= rightY;
                x = left ? 6 : Math.Max(6, width - tw - 8);
                y = left ? leftY : rightY;
                if (left)
                {
                    leftY += th + 6;
                }
                else
                {
                    rightY += th + 6;
                }

                if (y + th >= height)
                {
                    continue;
                }
            }

            cover = Coverage(width, height, text, face, px, x - probe.X, y - probe.Y, out PixelBox box);
            if (box.Width == 0)
            {
                continue;
            }

            PixelBox all = Draw(rgb, width, height, cover, box, colour, style);
            texts.Add(new SceneText(text, phi, all, px, inside, ShortName(face), style));
            occupied.Add(all);
        }

        return new UltrasoundScene(width, height, rgb, sector, sectorBox, texts, header);
    }

    /// <summary>A date in one of seven forms: YYYYMMDD, YYYY-MM-DD, DD-MMM-YYYY, MM/DD/YYYY, DD/MM/YYYY, YYYY/MM/DD, DD.MM.YYYY.</summary>
    public static string FormatDate(DateTime d, int form) => form switch
    {
        0 => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        1 => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        2 => d.ToString("dd", CultureInfo.InvariantCulture) + "-" + Months[d.Month - 1] + "-" + d.ToString("yyyy", CultureInfo.InvariantCulture),
        3 => d.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
        4 => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        5 => d.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
        _ => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>Luma (BT.601) of the scene, as the remover renders RGB.</summary>
    public static byte[] Luma(UltrasoundScene scene)
    {
        var g = new byte[scene.Width * scene.Height];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = (byte)(((299 * scene.Rgb[3 * i]) + (587 * scene.Rgb[(3 * i) + 1]) + (114 * scene.Rgb[(3 * i) + 2]) + 500) / 1000);
        }

        return g;
    }

    /// <summary>Glyph coverage (0-255 per pixel) of one line in <paramref name="face"/> (a font path, "bitmap:" or "aliased:" as in <see cref="Faces"/>) drawn with its ink box's top-left at <paramref name="x"/>, <paramref name="y"/>.</summary>
    public static byte[] LineCoverage(int width, int height, string text, string face, int px, int x, int y, out PixelBox box)
    {
        Coverage(width, height, text, face, px, 0, 0, out PixelBox probe);
        return Coverage(width, height, text, face, px, x - probe.X, y - probe.Y, out box);
    }

    /// <summary>The face's file name, with its "bitmap:" prefix: what a diagnostic line prints.</summary>
    private static string ShortName(string face) =>
        face.StartsWith("bitmap:", StringComparison.Ordinal) ? "bitmap:" + Path.GetFileName(face.Substring(7))
        : face.StartsWith("aliased:", StringComparison.Ordinal) ? "aliased:" + Path.GetFileName(face.Substring(8))
        : Path.GetFileName(face);

    private static List<string> LoadTuningFaces()
    {
        var faces = FontFiles(FontFolder).Where(f => !f.Contains("Math", StringComparison.Ordinal)).ToList();
        faces.Add("bitmap:" + Path.Combine(FontFolder, "DejaVuSansMono.ttf"));
        faces.Add("bitmap:" + Path.Combine(FontFolder, "DejaVuSans-Bold.ttf"));
        faces.Add("bitmap:" + Path.Combine(FontFolder, "DejaVuSerif.ttf"));
        faces.AddRange(FontFiles("/usr/share/fonts/truetype/liberation2"));
        return faces;
    }

    private static List<string> LoadWideTuningFaces()
    {
        const string Vera = "/usr/share/fonts/truetype/ttf-bitstream-vera", Liberation = "/usr/share/fonts/truetype/liberation2";
        var faces = new List<string>(TuningFaces);
        faces.AddRange(FontFiles(Vera));
        faces.Add("bitmap:" + Path.Combine(Liberation, "LiberationMono-Regular.ttf"));
        faces.Add("bitmap:" + Path.Combine(Liberation, "LiberationSans-Regular.ttf"));
        faces.Add("aliased:" + Path.Combine(FontFolder, "DejaVuSansMono.ttf"));
        faces.Add("aliased:" + Path.Combine(Liberation, "LiberationMono-Regular.ttf"));
        faces.Add("aliased:" + Path.Combine(Vera, "VeraMono.ttf"));
        faces.Add("aliased:" + Path.Combine(Vera, "VeraMoBd.ttf"));
        return faces;
    }

    private static List<string> LoadAllFaces()
    {
        var faces = new List<string>(TuningFaces);
        foreach (string folder in HeldOutOnlyFolders)
        {
            faces.AddRange(FontFiles(folder));
        }

        return faces;
    }

    /// <summary>The font files of a folder that Skia can draw, sorted by name (a missing folder gives none).</summary>
    private static IEnumerable<string> FontFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return Enumerable.Empty<string>();
        }

        return Directory.GetFiles(folder)
            .Where(f => f.EndsWith(".ttf", StringComparison.Ordinal) || f.EndsWith(".otf", StringComparison.Ordinal) || f.EndsWith(".otb", StringComparison.Ordinal))
            .Where(Drawable)
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static bool Drawable(string file)
    {
        using var typeface = SKTypeface.FromFile(file);
        return typeface is not null && typeface.GlyphCount > 0;
    }

    private static PixelBox DrawSector(Random rng, Random noise, int width, int height, byte[] rgb, bool[] sector, bool withReflectors)
    {
        int kind = rng.Next(3); // 0 curved, 1 phased, 2 linear
        double cx = width * (0.45 + (rng.NextDouble() * 0.1)), top = height * 0.12, bottom = height * 0.92;
        double apexY = kind == 0 ? top - (height * 0.25) : top;
        double half = kind == 2 ? width * 0.22 : 0.55 + (rng.NextDouble() * 0.2);
        double rMin = top - apexY, rMax = bottom - apexY;

        // Rayleigh speckle on a coarse grid, blurred, with depth attenuation and a few dark "vessels".
        var plane = new double[width * height];
        double sigma = 45 + (rng.NextDouble() * 25);
        for (int i = 0; i < plane.Length; i++)
        {
            double u = Math.Max(1e-9, noise.NextDouble());
            plane[i] = sigma * Math.Sqrt(-2 * Math.Log(u));
        }

        double blur = 0.8 + (rng.NextDouble() * 1.2);
        plane = Blur(plane, width, height, blur);
        var cysts = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => (X: cx + ((rng.NextDouble() - 0.5) * width * 0.3), Y: top + (rng.NextDouble() * (bottom - top)), R: 10 + (rng.NextDouble() * 30))).ToList();
        var doppler = rng.Next(2) == 0 ? cysts.Take(1).ToList() : new List<(double X, double Y, double R)>();
        List<Reflector> reflectors = withReflectors ? Reflectors(rng, cx, top, bottom, kind == 2 ? half : (bottom - apexY) * Math.Sin(half), height) : new List<Reflector>();
        int x0 = width, y0 = height, x1 = 0, y1 = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool inside;
                if (kind == 2)
                {
                    inside = Math.Abs(x - cx) <= half && y >= top && y <= bottom;
                }
                else
                {
                    double dx = x - cx, dy = y - apexY, r = Math.Sqrt((dx * dx) + (dy * dy));
                    inside = dy > 0 && r >= rMin && r <= rMax && Math.Abs(Math.Atan2(dx, dy)) <= half;
                }

                if (!inside)
                {
                    continue;
                }

                int i = (y * width) + x;
                sector[i] = true;
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x);
                y1 = Math.Max(y1, y);
                double depth = (y - top) / (bottom - top);
                double v = plane[i] * (1.15 - (0.6 * depth));
                foreach (Reflector f in reflectors)
                {
                    v = f.Apply(x, y, v);
                }

                foreach (var c in cysts)
                {
                    double d = Math.Sqrt(((x - c.X) * (x - c.X)) + ((y - c.Y) * (y - c.Y)));
                    if (d < c.R)
                    {
                        v *= 0.15 + (0.85 * d / c.R);
                    }
                }

                byte level = (byte)Math.Max(0, Math.Min(255, v));
                rgb[3 * i] = level;
                rgb[(3 * i) + 1] = level;
                rgb[(3 * i) + 2] = level;
                foreach (var c in doppler)
                {
                    double d = Math.Sqrt(((x - c.X) * (x - c.X)) + ((y - c.Y) * (y - c.Y)));
                    if (d < c.R * 0.9)
                    {
                        bool red = ((x + y) / 7) % 3 != 0;
                        double f = 1 - (d / c.R);
                        rgb[3 * i] = red ? (byte)(120 + (135 * f)) : (byte)20;
                        rgb[(3 * i) + 1] = (byte)(40 * f);
                        rgb[(3 * i) + 2] = red ? (byte)20 : (byte)(120 + (135 * f));
                    }
                }
            }
        }

        // Depth scale: small ticks right of the sector (not text).
        int scaleX = Math.Min(width - 4, x1 + 8);
        for (int y = y0; y <= y1; y += 40)
        {
            for (int x = scaleX; x < Math.Min(width, scaleX + 4); x++)
            {
                int i = (y * width) + x;
                rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = 200;
            }
        }

        return new PixelBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>
    /// Bright structures of the speckle that are not text: one to five thin specular reflectors (vessel walls,
    /// needle-like, straight or curved, up to 35 degrees off horizontal, speckled or continuous) and fascia bands
    /// (long, wide, gently curved). Half the scenes put one through the band where in-sector text lines go.
    /// </summary>
    private static List<Reflector> Reflectors(Random rng, double cx, double top, double bottom, double halfWidth, int height)
    {
        var list = new List<Reflector>();
        int count = rng.Next(1, 6);
        bool nearText = rng.Next(2) == 0;
        for (int k = 0; k < count; k++)
        {
            bool fascia = rng.Next(3) == 0;
            double length = fascia ? 2 * halfWidth : 40 + (rng.NextDouble() * Math.Max(1, (2 * halfWidth) - 40));
            double xc = cx + ((rng.NextDouble() - 0.5) * ((2 * halfWidth) - length));
            double yc = k == 0 && nearText
                ? top + ((bottom - top) / 4) + (rng.NextDouble() * (bottom - top) / 2) // where in-sector text goes
                : top + 15 + (rng.NextDouble() * (bottom - top - 30));
            double slope = Math.Tan((rng.NextDouble() - 0.5) * (fascia ? 0.4 : 1.2));
            double curve = rng.Next(3) == 0 ? 0 : (rng.NextDouble() - 0.5) * (fascia ? 0.0015 : 0.003);
            double thickness = fascia ? 2 + (rng.NextDouble() * 2.5) : 0.7 + (rng.NextDouble() * 2);
            bool continuous = !fascia && rng.Next(3) == 0;
            double strength = continuous ? 90 + (rng.NextDouble() * 140) : fascia ? 1.6 + (rng.NextDouble() * 1.4) : 2.2 + (rng.NextDouble() * 2.8);
            list.Add(new Reflector(xc, Math.Min(height - 1, yc), length / 2, slope, curve, thickness, continuous, strength));
        }

        return list;
    }

    /// <summary>One bright reflector: y = yc + slope*(x-xc) + curve*(x-xc)^2 over xc +- halfLength, Gaussian across, tapered at the ends.</summary>
    private sealed record Reflector(double Xc, double Yc, double HalfLength, double Slope, double Curve, double Thickness, bool Continuous, double Strength)
    {
        /// <summary>The level at (x, y) with the reflector: speckled ones multiply the speckle, continuous ones add a smooth ridge.</summary>
        public double Apply(int x, int y, double v)
        {
            double u = x - Xc;
            double along = HalfLength - Math.Abs(u);
            if (along <= 0)
            {
                return v;
            }

            double dy = y - (Yc + (Slope * u) + (Curve * u * u)), local = Slope + (2 * Curve * u);
            double d = dy / Math.Sqrt(1 + (local * local));
            if (Math.Abs(d) > 4 * Thickness)
            {
                return v;
            }

            double profile = Math.Exp(-(d * d) / (2 * Thickness * Thickness)) * Math.Min(1, along / 12);
            return Continuous ? v + (Strength * profile) : v * (1 + ((Strength - 1) * profile));
        }
    }

    private static double[] Blur(double[] src, int w, int h, double sigma)
    {
        int r = (int)Math.Ceiling(sigma * 2.5);
        var k = new double[(2 * r) + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++)
        {
            k[i + r] = Math.Exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }

        for (int i = 0; i < k.Length; i++)
        {
            k[i] /= sum;
        }

        var tmp = new double[src.Length];
        var dst = new double[src.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double a = 0;
                for (int j = -r; j <= r; j++)
                {
                    a += src[(y * w) + Math.Min(w - 1, Math.Max(0, x + j))] * k[j + r];
                }

                tmp[(y * w) + x] = a;
            }
        }

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double a = 0;
                for (int j = -r; j <= r; j++)
                {
                    a += tmp[(Math.Min(h - 1, Math.Max(0, y + j)) * w) + x] * k[j + r];
                }

                dst[(y * w) + x] = a * 1.3; // keep the speckle's brightness after smoothing
            }
        }

        return dst;
    }

    /// <summary>Glyph coverage of one line; "bitmap:" faces are drawn aliased at half size and enlarged 2x (nearest), "aliased:" ones aliased at their size.</summary>
    private static byte[] Coverage(int width, int height, string text, string face, int px, int dx, int dy, out PixelBox box)
    {
        bool bitmap = face.StartsWith("bitmap:", StringComparison.Ordinal);
        bool aliased = face.StartsWith("aliased:", StringComparison.Ordinal);
        string file = bitmap ? face.Substring(7) : aliased ? face.Substring(8) : face; // a path
        int scale = bitmap ? 2 : 1;
        bitmap |= aliased;
        int w = ((width + 800) / scale) + 1, h = ((height + 100) / scale) + 1; // room for a probe that runs past the frame
        var info = new SKImageInfo(w, h, SKColorType.Alpha8, SKAlphaType.Premul);
        using var bmp = new SKBitmap(info);
        using (var canvas = new SKCanvas(bmp))
        {
            canvas.Clear(SKColors.Transparent);
            using var typeface = SKTypeface.FromFile(file);
            using var font = new SKFont(typeface, (float)px / scale) { Edging = bitmap ? SKFontEdging.Alias : SKFontEdging.Antialias, Hinting = SKFontHinting.Full };
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = !bitmap };
            canvas.DrawText(text, (float)(40 + dx) / scale, ((float)(40 + dy) / scale) - font.Metrics.Ascent, SKTextAlign.Left, font, paint);
        }

        byte[] raw = bmp.Bytes;
        int rowBytes = bmp.RowBytes;
        var cover = new byte[width * height];
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Drawn 40 px in so that probing at 0,0 keeps the whole line; shifted back here.
                int sx = (x + 40) / scale, sy = (y + 40) / scale;
                if (sx >= w || sy >= h)
                {
                    continue;
                }

                byte a = raw[(sy * rowBytes) + sx];
                cover[(y * width) + x] = a;
                if (a != 0)
                {
                    minX = Math.Min(minX, x);
                    minY = Math.Min(minY, y);
                    maxX = Math.Max(maxX, x);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        box = maxX < 0 ? default : new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        return cover;
    }

    /// <summary>Composites the glyphs (with outline or shadow) and returns the box of every pixel changed.</summary>
    private static PixelBox Draw(byte[] rgb, int width, int height, byte[] cover, PixelBox box, (byte R, byte G, byte B) colour, string style)
    {
        var under = new byte[cover.Length];
        if (style != "plain")
        {
            int reach = style == "outlined" ? 1 : 2;
            for (int y = Math.Max(0, box.Y - 3); y < Math.Min(height, box.Bottom + 3); y++)
            {
                for (int x = Math.Max(0, box.X - 3); x < Math.Min(width, box.Right + 3); x++)
                {
                    int best = 0;
                    for (int oy = -reach; oy <= reach; oy++)
                    {
                        for (int ox = -reach; ox <= reach; ox++)
                        {
                            if (style == "shadowed" && (ox != -reach || oy != -reach) && (ox != -1 || oy != -1))
                            {
                                continue; // shadow: the glyph shifted down-right only
                            }

                            int sx = x + ox, sy = y + oy;
                            if (sx >= 0 && sy >= 0 && sx < width && sy < height)
                            {
                                best = Math.Max(best, cover[(sy * width) + sx]);
                            }
                        }
                    }

                    under[(y * width) + x] = (byte)best;
                }
            }
        }

        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int i = 0; i < cover.Length; i++)
        {
            int a = cover[i], u = under[i];
            if (a == 0 && u == 0)
            {
                continue;
            }

            int x = i % width, y = i / width;
            minX = Math.Min(minX, x);
            minY = Math.Min(minY, y);
            maxX = Math.Max(maxX, x);
            maxY = Math.Max(maxY, y);
            for (int c = 0; c < 3; c++)
            {
                int p = (3 * i) + c;
                int v = rgb[p] * (255 - u) / 255; // black outline or shadow first
                byte ink = c == 0 ? colour.R : c == 1 ? colour.G : colour.B;
                rgb[p] = (byte)(((v * (255 - a)) + (ink * a) + 127) / 255);
            }
        }

        return new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
