// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>One rendered word at a known place: <see cref="Box"/> is the tight box of its ink.</summary>
internal sealed record TextItem(string Text, bool IsPhi, PixelRect Box);

/// <summary>A synthetic ultrasound / secondary-capture image with burned-in text at known boxes. Never real patient data.</summary>
internal sealed class SyntheticImage
{
    public required string Name { get; init; }

    public required int Columns { get; init; }

    public required int Rows { get; init; }

    public required bool Colour { get; init; }

    /// <summary>"native", "rle", "jpeg-baseline" or "jpeg-lossless".</summary>
    public required string Syntax { get; init; }

    public required string Modality { get; init; }

    /// <summary>Gray: Rows*Columns bytes; colour: Rows*Columns*3 interleaved RGB.</summary>
    public required byte[][] Frames { get; init; }

    public required List<TextItem>[] Text { get; init; }

    public required (string Keyword, string Value)[] Header { get; init; }

    public int FontPixels { get; init; }

    public bool LightOnDark { get; init; }

    /// <summary>The frame as 8-bit luminance (BT.601, as RenderGray does for colour).</summary>
    public GrayImage Gray(int frame)
    {
        if (!Colour)
        {
            return new GrayImage(Columns, Rows, (byte[])Frames[frame].Clone());
        }

        byte[] rgb = Frames[frame];
        var g = new byte[Columns * Rows];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = (byte)Math.Round((0.299 * rgb[3 * i]) + (0.587 * rgb[(3 * i) + 1]) + (0.114 * rgb[(3 * i) + 2]));
        }

        return new GrayImage(Columns, Rows, g);
    }

    /// <summary>A native (Explicit VR Little Endian) file in memory.</summary>
    public DicomFile ToNativeFile()
    {
        var ds = new DicomDataset();
        foreach ((string k, string v) in Header)
        {
            TestHeaders.Set(ds, k, v);
        }

        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, Modality == "US" ? "1.2.840.10008.5.1.4.1.1.3.1" : "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25." + unchecked((uint)Name.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture));
        ds.SetUInt16(new DicomTag(0x0028, 0x0002), (ushort)(Colour ? 3 : 1));
        ds.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, Colour ? "RGB" : "MONOCHROME2");
        if (Colour)
        {
            ds.SetUInt16(new DicomTag(0x0028, 0x0006), 0);
        }

        if (Frames.Length > 1)
        {
            ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, Frames.Length.ToString(CultureInfo.InvariantCulture));
        }

        ds.SetUInt16(new DicomTag(0x0028, 0x0010), (ushort)Rows);
        ds.SetUInt16(new DicomTag(0x0028, 0x0011), (ushort)Columns);
        ds.SetUInt16(new DicomTag(0x0028, 0x0100), 8);
        ds.SetUInt16(new DicomTag(0x0028, 0x0101), 8);
        ds.SetUInt16(new DicomTag(0x0028, 0x0102), 7);
        ds.SetUInt16(new DicomTag(0x0028, 0x0103), 0);
        if (!Colour)
        {
            // A fixed, near-identity window: rendering must not depend on the frame's own min/max,
            // or a blackout would change the rendering of every other pixel.
            ds.SetString(new DicomTag(0x0028, 0x1050), DicomVR.DS, "128");
            ds.SetString(new DicomTag(0x0028, 0x1051), DicomVR.DS, "256");
        }

        ds.SetString(new DicomTag(0x0028, 0x0301), DicomVR.CS, "YES");
        byte[] pixels = Frames.SelectMany(f => f).ToArray();
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OB, DicomDataset.PadToEven(pixels, DicomVR.OB)));

        var meta = new DicomDataset();
        meta.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, ds.GetString(new DicomTag(0x0008, 0x0016))!);
        meta.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, ds.GetString(new DicomTag(0x0008, 0x0018))!);
        meta.SetString(DicomTag.TransferSyntaxUid, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        meta.SetString(new DicomTag(0x0002, 0x0012), DicomVR.UI, "2.25.1");
        return new DicomFile(meta, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public override string ToString() => Name;
}

/// <summary>
/// Builds the accuracy test set: text rendered with ImageMagick <c>convert</c> in DejaVu TrueType fonts
/// (10-28 px), read back with ImageSharp, composited onto noisy synthetic ultrasound-like backgrounds,
/// light-on-dark and dark-on-light, gray and colour, single and multi-frame.
/// </summary>
internal static class SyntheticImages
{
    public const string FontFolder = "/usr/share/fonts/truetype/dejavu/";

    private static readonly string[] Families = { "DOE", "SMITH", "NGUYEN", "KOWALSKI", "OKAFOR", "LINDQVIST", "MORENO", "TANAKA", "FISCHER", "HALVORSEN" };
    private static readonly string[] Givens = { "JANE", "JOHN", "MARIA", "PETER", "AIKO", "LUCAS", "FATIMA", "ERIK" };
    private static readonly string[] Fonts = { "DejaVuSans.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansCondensed.ttf" };
    private static readonly int[] Sizes = { 10, 12, 14, 16, 18, 20, 22, 24, 26, 28 };
    private static readonly string[] Syntaxes = { "native", "rle", "jpeg-baseline", "jpeg-lossless" };
    private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    private static readonly ConcurrentDictionary<string, (int W, int H, byte[] Alpha)> LabelCache = new();

    public static bool ConvertAvailable =>
        File.Exists(Path.Combine(FontFolder, "DejaVuSans.ttf")) && Run("convert", "-version", out _);

    /// <summary>The test set: <paramref name="count"/> images, every 8th one a 12-frame clip.</summary>
    public static List<SyntheticImage> Build(int count = 64) => Enumerable.Range(0, count).Select(BuildOne).ToList();

    public static SyntheticImage BuildOne(int index)
    {
        var rng = new Random(1000 + index);
        bool colour = index % 2 == 1;
        bool lightOnDark = index % 4 < 2 || index % 7 == 0;
        int px = Sizes[index % Sizes.Length];
        string font = Fonts[index % Fonts.Length];
        int frames = index % 8 == 7 ? 12 : 1;
        int cols = 640, rows = 480;
        string family = Families[index % Families.Length], given = Givens[index % Givens.Length];
        string id = "MRN" + (3000000 + (index * 7919)).ToString(CultureInfo.InvariantCulture);
        var birth = new DateTime(1940 + (index % 60), 1 + (index % 12), 1 + (index % 28), 0, 0, 0, DateTimeKind.Utc);
        var study = new DateTime(2020 + (index % 5), 1 + ((index * 5) % 12), 1 + ((index * 3) % 28), 0, 0, 0, DateTimeKind.Utc);
        string accession = "A" + (700000 + (index * 131)).ToString(CultureInfo.InvariantCulture);
        string modality = index % 3 == 2 ? "OT" : "US";

        // Lines of words: (text, isPhi). Labels such as "L KIDNEY" are not PHI.
        var lines = new List<(string Text, bool Phi)[]>
        {
            index % 3 == 0 ? new[] { (family + "^" + given, true) }
                : index % 3 == 1 ? new[] { (given, true), (family, true) }
                : new[] { (family + ",", true), (given, true) },
            new[] { ("ID:", false), (id, true) },
            DateWords(birth, index, "DOB:"),
            DateWords(study, index + 3, null),
            new[] { ("Acc", false), (accession, true) },
            new[] { ("L", false), ("KIDNEY", false), ("TIS0.4", false), ("MI1.2", false) },
            new[] { ("5MHz", false), ("12cm", false) },
        };

        var baseFrames = new byte[frames][];
        var text = new List<TextItem>[frames];
        var gray = new byte[frames][];
        var tint = new byte[frames][]; // colour: per-pixel colour index: 0 gray, 1 yellow text, 2 cyan text, 3 reddish anatomy
        for (int f = 0; f < frames; f++)
        {
            gray[f] = Background(rng, cols, rows, lightOnDark, f);
            tint[f] = new byte[cols * rows];
            text[f] = new List<TextItem>();
        }

        // Static text, placed in the top-left panel and the right column, outside the sector.
        int lineHeight = (px * 3 / 2) + 4;
        int y = 8;
        foreach (var line in lines.Take(5))
        {
            int x = 8;
            foreach ((string word, bool phi) in line)
            {
                (int w, int h, byte[] alpha) = Label(word, font, px);
                if (x + w >= SectorLeft(cols, rows, y + h))
                {
                    break;
                }

                for (int f = 0; f < frames; f++)
                {
                    PixelRect box = Stamp(gray[f], tint[f], cols, rows, alpha, w, h, x, y, lightOnDark, (byte)1);
                    text[f].Add(new TextItem(word, phi, box));
                }

                x += w + Math.Max(6, px / 2);
            }

            y += lineHeight;
        }

        int ry = rows - (2 * lineHeight) - 8;
        foreach (var line in lines.Skip(5))
        {
            int x = cols - 8;
            var placed = new List<(string Word, bool Phi, int W, int H, byte[] Alpha)>();
            foreach ((string word, bool phi) in line)
            {
                (int w, int h, byte[] alpha) = Label(word, font, Math.Max(10, px - 2));
                placed.Add((word, phi, w, h, alpha));
            }

            int total = placed.Sum(p => p.W + 8);
            x -= total;
            foreach (var p in placed)
            {
                if (x < cols / 2)
                {
                    x += p.W + 8;
                    continue;
                }

                for (int f = 0; f < frames; f++)
                {
                    PixelRect box = Stamp(gray[f], tint[f], cols, rows, p.Alpha, p.W, p.H, x, ry, lightOnDark, (byte)2);
                    text[f].Add(new TextItem(p.Word, p.Phi, box));
                }

                x += p.W + 8;
            }

            ry += lineHeight;
        }

        // Clips: a running clock at the top right that changes every frame (not PHI).
        if (frames > 1)
        {
            for (int f = 0; f < frames; f++)
            {
                string clock = string.Format(CultureInfo.InvariantCulture, "10:4{0}:{1:00}", f / 10, f * 7 % 60);
                (int w, int h, byte[] alpha) = Label(clock, font, Math.Max(12, px));
                PixelRect box = Stamp(gray[f], tint[f], cols, rows, alpha, w, h, cols - w - 12, 10, lightOnDark, (byte)2);
                text[f].Add(new TextItem(clock, false, box));
            }
        }

        for (int f = 0; f < frames; f++)
        {
            baseFrames[f] = colour ? ToRgb(gray[f], tint[f]) : gray[f];
        }

        return new SyntheticImage
        {
            Name = string.Format(CultureInfo.InvariantCulture, "syn{0:00}-{1}-{2}-{3}px-{4}-{5}f", index, colour ? "rgb" : "gray", lightOnDark ? "light" : "dark", px, Syntaxes[(index / 2) % 4], frames),
            Columns = cols,
            Rows = rows,
            Colour = colour,
            Syntax = Syntaxes[(index / 2) % 4],
            Modality = modality,
            Frames = baseFrames,
            Text = text,
            FontPixels = px,
            LightOnDark = lightOnDark,
            Header = new[]
            {
                ("Modality", modality),
                ("PatientName", family + "^" + given),
                ("PatientID", id),
                ("PatientBirthDate", birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                ("StudyDate", study.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                ("AccessionNumber", accession),
                ("InstitutionName", "RIVERSIDE GENERAL"),
                ("Manufacturer", "ACME SYNTHETIC"),
            },
        };
    }

    private const double SectorHalfAngle = 0.5;

    private static int SectorApexX(int cols) => cols * 6 / 10;

    private static int SectorApexY(int rows) => rows / 6;

    /// <summary>Leftmost sector column at row <paramref name="y"/>: the left text panel stays clear of the moving speckle.</summary>
    private static int SectorLeft(int cols, int rows, int y) =>
        SectorApexX(cols) - (int)(Math.Max(0, y - SectorApexY(rows)) * Math.Tan(SectorHalfAngle)) - 40;

    private static (string, bool)[] DateWords(DateTime d, int style, string? label)
    {
        string s = (style % 6) switch
        {
            0 => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            1 => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            2 => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            3 => d.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
            4 => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
            _ => d.Day.ToString("00", CultureInfo.InvariantCulture) + "-" + Months[d.Month - 1] + "-" + d.Year.ToString(CultureInfo.InvariantCulture),
        };
        return label is null ? new[] { (s, true) } : new[] { (label, false), (s, true) };
    }

    private static byte[] Background(Random rng, int cols, int rows, bool lightOnDark, int frame)
    {
        var p = new byte[cols * rows];
        var frameRng = new Random(rng.Next() + frame);
        int cx = SectorApexX(cols), cy = SectorApexY(rows);
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < cols; x++)
            {
                int v;
                double dx = x - cx, dy = y - cy, r = Math.Sqrt((dx * dx) + (dy * dy));
                double angle = Math.Atan2(dx, dy);
                bool sector = r > 40 && r < rows * 0.8 && Math.Abs(angle) < SectorHalfAngle;
                if (sector)
                {
                    v = 40 + frameRng.Next(0, 110); // speckle that changes every frame
                }
                else if (lightOnDark)
                {
                    v = frameRng.Next(0, 45) < 40 ? rng.Next(0, 35) / 2 : 0; // dark noisy panel, static
                }
                else
                {
                    v = 200 + (rng.Next(0, 40) / 2); // light noisy panel, static
                }

                p[(y * cols) + x] = (byte)v;
            }
        }

        return p;
    }

    /// <summary>Draws a label; returns the tight box of its ink (alpha &gt;= 96).</summary>
    private static PixelRect Stamp(byte[] gray, byte[] tint, int cols, int rows, byte[] alpha, int w, int h, int x0, int y0, bool lightOnDark, byte colourIndex)
    {
        int bx0 = int.MaxValue, by0 = int.MaxValue, bx1 = -1, by1 = -1;
        for (int y = 0; y < h && y0 + y < rows; y++)
        {
            for (int x = 0; x < w && x0 + x < cols; x++)
            {
                int a = alpha[(y * w) + x];
                if (a == 0)
                {
                    continue;
                }

                int i = ((y0 + y) * cols) + x0 + x;
                int bg = gray[i];
                int fg = lightOnDark ? 240 : 15;
                gray[i] = (byte)(((bg * (255 - a)) + (fg * a)) / 255);
                if (a >= 96)
                {
                    tint[i] = colourIndex;
                    bx0 = Math.Min(bx0, x0 + x);
                    by0 = Math.Min(by0, y0 + y);
                    bx1 = Math.Max(bx1, x0 + x);
                    by1 = Math.Max(by1, y0 + y);
                }
            }
        }

        return bx1 < 0 ? default : new PixelRect(bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1);
    }

    private static byte[] ToRgb(byte[] gray, byte[] tint)
    {
        var rgb = new byte[gray.Length * 3];
        for (int i = 0; i < gray.Length; i++)
        {
            int g = gray[i];
            (int r, int gg, int b) = tint[i] switch
            {
                1 => (g, g, g / 3), // yellowish text
                2 => (g / 3, g, g), // cyan text
                _ => (g, g, g),
            };
            rgb[3 * i] = (byte)r;
            rgb[(3 * i) + 1] = (byte)gg;
            rgb[(3 * i) + 2] = (byte)b;
        }

        return rgb;
    }

    /// <summary>Renders one word with ImageMagick and reads its coverage back with ImageSharp.</summary>
    private static (int W, int H, byte[] Alpha) Label(string text, string font, int px) =>
        LabelCache.GetOrAdd(font + "|" + px.ToString(CultureInfo.InvariantCulture) + "|" + text, _ =>
        {
            string png = Path.Combine(Path.GetTempPath(), "dicomanon-label-" + Guid.NewGuid().ToString("N") + ".png");
            try
            {
                // label: escapes '\' and '@'; our words use neither. Pointsize in pixels at 72 dpi.
                string args = string.Format(CultureInfo.InvariantCulture, "-background black -fill white -density 72 -font \"{0}\" -pointsize {1} label:\"{2}\" -depth 8 \"{3}\"", FontFolder + font, px, text.Replace("\"", "\\\"", StringComparison.Ordinal), png);
                if (!Run("convert", args, out string error))
                {
                    throw new InvalidOperationException("ImageMagick convert failed: " + error);
                }

                using Image<L8> img = Image.Load<L8>(png);
                var a = new byte[img.Width * img.Height];
                for (int y = 0; y < img.Height; y++)
                {
                    for (int x = 0; x < img.Width; x++)
                    {
                        a[(y * img.Width) + x] = img[x, y].PackedValue;
                    }
                }

                return (img.Width, img.Height, a);
            }
            finally
            {
                File.Delete(png);
            }
        });

    internal static bool Run(string file, string args, out string error)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            using Process p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            _ = stdout;
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
