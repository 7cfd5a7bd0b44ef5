// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Accuracy of one redaction, or of a whole test set (sums).</summary>
internal sealed class AccuracyFigures
{
    public int PhiBoxes { get; set; }

    public int PhiBoxesRedacted { get; set; }

    public int LabelBoxes { get; set; }

    public int LabelBoxesRedacted { get; set; }

    public long NonTextPixels { get; set; }

    public long NonTextPixelsBlacked { get; set; }

    /// <summary>Pixels outside the claimed blackout (with a codec margin) that changed: must be 0.</summary>
    public long PixelsChangedOutside { get; set; }

    /// <summary>Claimed blackout pixels that are not black after: must be 0.</summary>
    public long ClaimedButNotBlack { get; set; }

    public List<string> Missed { get; } = new();

    public double PhiRecall => PhiBoxes == 0 ? 1 : (double)PhiBoxesRedacted / PhiBoxes;

    public double FalseBlackoutPercent => NonTextPixels == 0 ? 0 : 100.0 * NonTextPixelsBlacked / NonTextPixels;

    public void Add(AccuracyFigures o)
    {
        PhiBoxes += o.PhiBoxes;
        PhiBoxesRedacted += o.PhiBoxesRedacted;
        LabelBoxes += o.LabelBoxes;
        LabelBoxesRedacted += o.LabelBoxesRedacted;
        NonTextPixels += o.NonTextPixels;
        NonTextPixelsBlacked += o.NonTextPixelsBlacked;
        PixelsChangedOutside += o.PixelsChangedOutside;
        ClaimedButNotBlack += o.ClaimedButNotBlack;
        Missed.AddRange(o.Missed);
    }

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "PHI boxes {0}/{1} redacted (recall {2:P1}); labels {3}/{4} redacted; false blackout {5:F2}% of non-text area; changed outside {6}; claimed-not-black {7}",
        PhiBoxesRedacted, PhiBoxes, PhiRecall, LabelBoxesRedacted, LabelBoxes, FalseBlackoutPercent, PixelsChangedOutside, ClaimedButNotBlack);
}

/// <summary>
/// Scores a redaction against the known text boxes. A box counts as redacted when at least 90 % of its pixels
/// are blacked out (inside a region the remover reports AND dark after). False blackout is blacked area outside
/// every text box (padded by <see cref="TextMargin"/>) as a share of that area. Pixels outside the reported
/// regions (grown by <paramref name="codecMargin"/> for lossy JPEG blocks) must be identical.
/// </summary>
internal static class AccuracyHarness
{
    public const int TextMargin = 6;
    public const int BlackLevel = 24;

    public static AccuracyFigures Score(SyntheticImage image, IReadOnlyList<GrayImage> before, IReadOnlyList<GrayImage> after, RedactionReport report, int codecMargin, int codecTolerance)
    {
        var fig = new AccuracyFigures();
        int w = image.Columns, h = image.Rows;
        for (int f = 0; f < before.Count; f++)
        {
            var claimed = new bool[w * h];
            foreach (PixelRect r in report.PerFrame[f].Regions)
            {
                Mark(claimed, w, h, r, 0);
            }

            var nearClaimed = new bool[w * h];
            foreach (PixelRect r in report.PerFrame[f].Regions)
            {
                Mark(nearClaimed, w, h, r, codecMargin);
            }

            var text = new bool[w * h];
            foreach (TextItem t in image.Text[f])
            {
                Mark(text, w, h, t.Box, TextMargin);
            }

            byte[] b = before[f].Pixels, a = after[f].Pixels;
            var blacked = new bool[w * h];
            for (int i = 0; i < w * h; i++)
            {
                blacked[i] = claimed[i] && a[i] <= BlackLevel;
                if (claimed[i] && a[i] > BlackLevel)
                {
                    fig.ClaimedButNotBlack++;
                }

                if (!nearClaimed[i] && Math.Abs(a[i] - b[i]) > codecTolerance)
                {
                    fig.PixelsChangedOutside++;
                }

                if (!text[i])
                {
                    fig.NonTextPixels++;
                    if (claimed[i])
                    {
                        fig.NonTextPixelsBlacked++;
                    }
                }
            }

            foreach (TextItem t in image.Text[f])
            {
                long inside = 0;
                for (int y = t.Box.Y; y < t.Box.Bottom; y++)
                {
                    for (int x = t.Box.X; x < t.Box.Right; x++)
                    {
                        inside += blacked[(y * w) + x] ? 1 : 0;
                    }
                }

                bool redacted = inside * 10 >= t.Box.Area * 9;
                if (t.IsPhi)
                {
                    fig.PhiBoxes++;
                    fig.PhiBoxesRedacted += redacted ? 1 : 0;
                    if (!redacted)
                    {
                        // Synthetic values only (never real PHI): safe to print in a test log.
                        fig.Missed.Add(string.Format(CultureInfo.InvariantCulture, "{0} frame {1}: '{2}' at {3}", image.Name, f, t.Text, t.Box));
                    }
                }
                else
                {
                    fig.LabelBoxes++;
                    fig.LabelBoxesRedacted += redacted ? 1 : 0;
                }
            }
        }

        return fig;
    }

    private static void Mark(bool[] mask, int w, int h, PixelRect r, int grow)
    {
        PixelRect c = new PixelRect(r.X - grow, r.Y - grow, r.Width + (2 * grow), r.Height + (2 * grow)).ClipTo(w, h);
        for (int y = c.Y; y < c.Bottom; y++)
        {
            for (int x = c.X; x < c.Right; x++)
            {
                mask[(y * w) + x] = true;
            }
        }
    }
}

/// <summary>Frames of a synthetic image held as gray (no codec): isolates the orchestration from pixel decoding.</summary>
internal sealed class SyntheticFrameSource : IFrameSource
{
    private readonly byte[][] _frames;

    public SyntheticFrameSource(SyntheticImage image)
    {
        Columns = image.Columns;
        Rows = image.Rows;
        _frames = Enumerable.Range(0, image.Frames.Length).Select(f => image.Gray(f).Pixels).ToArray();
    }

    public int Count => _frames.Length;

    public int Rows { get; }

    public int Columns { get; }

    public GrayImage RenderGray(int index) => new(Columns, Rows, (byte[])_frames[index].Clone());

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles)
    {
        foreach (PixelRect r in rectangles)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                Array.Clear(_frames[index], (y * Columns) + r.X, r.Width);
            }
        }
    }

    public void Commit()
    {
    }
}

/// <summary>
/// Test-only OCR through the tesseract command line (TSV output), so the orchestration can be measured with a
/// real OCR engine before the P/Invoke TextDetector lands. Reads the image at 2x and both polarities.
/// </summary>
internal sealed class TesseractCliFinder : ITextFinder
{
    public static bool Available => SyntheticImages.Run("tesseract", "--version", out _);

    public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
    {
        var words = new List<TextWord>();
        words.AddRange(Read(image, invert: false));
        words.AddRange(Read(image, invert: true));
        return words;
    }

    public void Dispose()
    {
    }

    private static List<TextWord> Read(GrayImage image, bool invert)
    {
        const int Scale = 2;
        string pgm = Path.Combine(Path.GetTempPath(), "dicomanon-ocr-" + Guid.NewGuid().ToString("N") + ".pgm");
        try
        {
            int w = image.Width * Scale, h = image.Height * Scale;
            using (var fs = File.Create(pgm))
            {
                byte[] header = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, "P5\n{0} {1}\n255\n", w, h));
                fs.Write(header, 0, header.Length);
                var row = new byte[w];
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        byte v = image.Pixels[((y / Scale) * image.Width) + (x / Scale)];
                        row[x] = invert ? (byte)(255 - v) : v;
                    }

                    fs.Write(row, 0, w);
                }
            }

            var psi = new ProcessStartInfo("tesseract", "\"" + pgm + "\" stdout --psm 11 -l eng tsv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process p = Process.Start(psi)!;
            string tsv = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            var result = new List<TextWord>();
            foreach (string line in tsv.Split('\n').Skip(1))
            {
                string[] c = line.Split('\t');
                if (c.Length < 12 || c[0] != "5" || string.IsNullOrWhiteSpace(c[11]))
                {
                    continue;
                }

                int I(int k) => int.Parse(c[k], CultureInfo.InvariantCulture);
                float conf = float.Parse(c[10], CultureInfo.InvariantCulture);
                result.Add(new TextWord(c[11].Trim(), conf, I(6) / Scale, I(7) / Scale, (I(8) + Scale - 1) / Scale, (I(9) + Scale - 1) / Scale));
            }

            return result;
        }
        finally
        {
            File.Delete(pgm);
        }
    }
}
