// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Before/after pictures for a person to look at (issue 10 item 6: look, don't read): one PNG per reviewed frame,
/// the frame before cleaning on the left with the blacked-out boxes outlined in red, after cleaning on the right
/// with the boxes the re-check still finds outlined in yellow. Files are named by the output path, never by a
/// header value.
/// </summary>
internal static class ReviewImage
{
    /// <summary>Frames of a file kept for review: the ones with text remaining, else the first few.</summary>
    public const int MaxFrames = 4;

    /// <summary>
    /// Writes the review PNGs of <paramref name="report"/> (which must hold <see cref="RedactionReport.ReviewFrames"/>:
    /// set <see cref="RedactionSettings.KeepReviewFrames"/>) into <paramref name="folder"/>; returns the paths written.
    /// </summary>
    /// <param name="outputPath">The cleaned file's path: the PNG name is made from it (separators become '_').</param>
    public static IReadOnlyList<string> Write(string folder, string outputPath, RedactionReport report)
    {
        if (string.IsNullOrEmpty(folder))
        {
            throw new ArgumentException("A review folder is required.", nameof(folder));
        }

        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (ReviewFrame frame in report.ReviewFrames)
        {
            string name = FileName(outputPath, frame.Frame);
            string path = Path.Combine(folder, name);
            string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (Image<Rgb24> image = SideBySide(frame, report.PerFrame[frame.Frame]))
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    image.SaveAsPng(fs);
                }

                if (File.Exists(path))
                {
                    File.Replace(temp, path, null);
                }
                else
                {
                    File.Move(temp, path);
                }

                written.Add(path);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        return written;
    }

    /// <summary>"out/us/1.dcm", frame 0 -> "out_us_1.dcm.f0.review.png": the path, with every separator and invalid character as '_'.</summary>
    public static string FileName(string outputPath, int frame)
    {
        var sb = new StringBuilder();
        var invalid = new HashSet<char>(Path.GetInvalidFileNameChars()) { '/', '\\', ':' };
        foreach (char c in (outputPath ?? string.Empty).TrimStart('/', '\\'))
        {
            sb.Append(invalid.Contains(c) ? '_' : c);
        }

        return sb.ToString() + ".f" + frame.ToString(CultureInfo.InvariantCulture) + ".review.png";
    }

    private static Image<Rgb24> SideBySide(ReviewFrame frame, FrameRedaction redaction)
    {
        int w = frame.Before.Width, h = frame.Before.Height, gap = 8;
        var image = new Image<Rgb24>((2 * w) + gap, h, new Rgb24(255, 0, 255));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                byte b = frame.Before.Pixels[(y * w) + x], a = frame.After.Pixels[(y * w) + x];
                image[x, y] = new Rgb24(b, b, b);
                image[w + gap + x, y] = new Rgb24(a, a, a);
            }
        }

        foreach (PixelRect r in redaction.Regions)
        {
            Outline(image, r, 0, w, h, new Rgb24(255, 0, 0));
        }

        foreach (PixelRect r in redaction.TextRemaining)
        {
            Outline(image, r, w + gap, w, h, new Rgb24(255, 255, 0));
        }

        return image;
    }

    private static void Outline(Image<Rgb24> image, PixelRect r0, int dx, int w, int h, Rgb24 colour)
    {
        PixelRect r = r0.ClipTo(w, h);
        if (r.Width <= 0 || r.Height <= 0)
        {
            return;
        }

        for (int x = r.X; x < r.Right; x++)
        {
            image[dx + x, r.Y] = colour;
            image[dx + x, r.Bottom - 1] = colour;
        }

        for (int y = r.Y; y < r.Bottom; y++)
        {
            image[dx + r.X, y] = colour;
            image[dx + r.Right - 1, y] = colour;
        }
    }
}
