// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Imaging.Codecs.Jpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

/// <summary>Synthetic images, independent encoders/decoders (ImageSharp, system libjpeg through a tiny C helper, ImageMagick) and the redaction assertions.</summary>
internal static class JpegTestTools
{
    /// <summary>natural-order index of zig-zag position k (T.81 figure A.6).</summary>
    public static readonly int[] ZigZagToNatural =
    {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };

    private const string HelperSource = """
        /* Test helper over the system libjpeg: enc / coef / dec. Synthetic data only. */
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <jpeglib.h>

        static int enc(int argc, char **argv) {
          /* enc W H C quality restart optimize h0 v0 perComponentScans rgbNoTransform progressive arith in out */
          if (argc != 16) return 2;
          int w = atoi(argv[2]), h = atoi(argv[3]), c = atoi(argv[4]);
          struct jpeg_compress_struct ci; struct jpeg_error_mgr jerr;
          ci.err = jpeg_std_error(&jerr); jpeg_create_compress(&ci);
          FILE *in = fopen(argv[14], "rb"), *out = fopen(argv[15], "wb");
          if (!in || !out) return 3;
          jpeg_stdio_dest(&ci, out);
          ci.image_width = w; ci.image_height = h; ci.input_components = c;
          ci.in_color_space = c == 1 ? JCS_GRAYSCALE : JCS_RGB;
          jpeg_set_defaults(&ci);
          if (c == 3 && atoi(argv[11])) jpeg_set_colorspace(&ci, JCS_RGB);
          int q = atoi(argv[5]); /* negative: not forced to baseline (16-bit tables, SOF1) */
          jpeg_set_quality(&ci, q < 0 ? -q : q, q < 0 ? FALSE : TRUE);
          ci.restart_interval = atoi(argv[6]);
          ci.optimize_coding = atoi(argv[7]) ? TRUE : FALSE;
          ci.comp_info[0].h_samp_factor = atoi(argv[8]);
          ci.comp_info[0].v_samp_factor = atoi(argv[9]);
          for (int i = 1; i < c; i++) { ci.comp_info[i].h_samp_factor = 1; ci.comp_info[i].v_samp_factor = 1; }
          static jpeg_scan_info scans[3];
          if (atoi(argv[10]) && c == 3) {
            for (int i = 0; i < 3; i++) { scans[i].comps_in_scan = 1; scans[i].component_index[0] = i; scans[i].Ss = 0; scans[i].Se = 63; scans[i].Ah = 0; scans[i].Al = 0; }
            ci.scan_info = scans; ci.num_scans = 3;
          }
          if (atoi(argv[12])) jpeg_simple_progression(&ci);
          if (atoi(argv[13])) ci.arith_code = TRUE;
          jpeg_start_compress(&ci, TRUE);
          unsigned char *row = malloc((size_t)w * c);
          while (ci.next_scanline < ci.image_height) {
            if (fread(row, 1, (size_t)w * c, in) != (size_t)w * c) return 4;
            jpeg_write_scanlines(&ci, &row, 1);
          }
          jpeg_finish_compress(&ci); fclose(out); fclose(in);
          return 0;
        }

        static int coef(int argc, char **argv) {
          if (argc != 4) return 2;
          struct jpeg_decompress_struct di; struct jpeg_error_mgr jerr;
          di.err = jpeg_std_error(&jerr); jpeg_create_decompress(&di);
          FILE *in = fopen(argv[2], "rb"), *out = fopen(argv[3], "wb");
          if (!in || !out) return 3;
          jpeg_stdio_src(&di, in); jpeg_read_header(&di, TRUE);
          jvirt_barray_ptr *arrays = jpeg_read_coefficients(&di);
          int n = di.num_components; fwrite(&n, 4, 1, out);
          for (int i = 0; i < n; i++) {
            jpeg_component_info *ci = &di.comp_info[i];
            int bw = ci->width_in_blocks, bh = ci->height_in_blocks;
            fwrite(&bw, 4, 1, out); fwrite(&bh, 4, 1, out);
            for (int y = 0; y < bh; y++) {
              JBLOCKARRAY rows = di.mem->access_virt_barray((j_common_ptr)&di, arrays[i], y, 1, FALSE);
              for (int x = 0; x < bw; x++) fwrite(rows[0][x], sizeof(JCOEF), 64, out);
            }
          }
          jpeg_finish_decompress(&di); jpeg_destroy_decompress(&di); fclose(out); fclose(in);
          return jerr.num_warnings ? 5 : 0;
        }

        static int dec(int argc, char **argv) {
          if (argc != 4) return 2;
          struct jpeg_decompress_struct di; struct jpeg_error_mgr jerr;
          di.err = jpeg_std_error(&jerr); jpeg_create_decompress(&di);
          FILE *in = fopen(argv[2], "rb"), *out = fopen(argv[3], "wb");
          if (!in || !out) return 3;
          jpeg_stdio_src(&di, in); jpeg_read_header(&di, TRUE);
          jpeg_start_decompress(&di);
          int stride = di.output_width * di.output_components;
          unsigned char *row = malloc(stride);
          while (di.output_scanline < di.output_height) { jpeg_read_scanlines(&di, &row, 1); fwrite(row, 1, stride, out); }
          jpeg_finish_decompress(&di); jpeg_destroy_decompress(&di); fclose(out); fclose(in);
          return jerr.num_warnings ? 5 : 0;
        }

        int main(int argc, char **argv) {
          if (argc < 2) return 2;
          if (!strcmp(argv[1], "enc")) return enc(argc, argv);
          if (!strcmp(argv[1], "coef")) return coef(argc, argv);
          if (!strcmp(argv[1], "dec")) return dec(argc, argv);
          return 2;
        }
        """;

    private static readonly Lazy<string?> LibJpegTool = new(BuildLibJpegTool);

    /// <summary>Path of the compiled libjpeg helper, or null when gcc or the libjpeg headers are missing.</summary>
    public static string? LibJpeg => LibJpegTool.Value;

    public static bool HasImageMagick => File.Exists("/usr/bin/convert") || File.Exists("/usr/local/bin/convert");

    public static string PydicomTestFiles => "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>Deterministic synthetic picture: gradients, a checker, "text-like" strokes and noise (so blocks have AC energy).</summary>
    public static byte[] MakePixels(int width, int height, int channels, int seed, bool smooth = false)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * channels];
        if (smooth)
        {
            // Almost flat mid-gray: every DC difference is tiny, so optimized tables lack the large ones.
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(128 + ((i / channels % width) / 32));
            }

            return pixels;
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool stroke = ((x / 3) + (y / 5)) % 7 == 0 && (y / 12) % 2 == 0;
                for (int c = 0; c < channels; c++)
                {
                    int v = ((x * (3 + c)) + (y * (2 + (2 * c)))) % 200;
                    v += ((x / 16) + (y / 16)) % 2 == 0 ? 30 : 0;
                    v += random.Next(-12, 13);
                    if (stroke)
                    {
                        v = 250 - (c * 40);
                    }

                    pixels[(((y * width) + x) * channels) + c] = (byte)Math.Clamp(v, 0, 255);
                }
            }
        }

        return pixels;
    }

    public static byte[] EncodeImageSharp(int width, int height, JpegColorType colorType, int quality, int seed)
    {
        using var output = new MemoryStream();
        var encoder = new JpegEncoder { Quality = quality, ColorType = colorType };
        if (colorType == JpegColorType.Luminance)
        {
            using Image<L8> image = Image.LoadPixelData<L8>(MakePixels(width, height, 1, seed), width, height);
            image.SaveAsJpeg(output, encoder);
        }
        else
        {
            using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(MakePixels(width, height, 3, seed), width, height);
            image.SaveAsJpeg(output, encoder);
        }

        return output.ToArray();
    }

    /// <summary>Encodes with the system libjpeg (restart interval in MCUs, optimized tables, sampling of component 1; a negative quality allows 16-bit tables, hence SOF1).</summary>
    public static byte[] EncodeLibJpeg(
        int width, int height, int channels, int quality, int restart, bool optimize, int h0, int v0, int seed,
        bool perComponentScans = false, bool rgbNoTransform = false, bool progressive = false, bool arithmetic = false, bool smooth = false)
    {
        string tool = LibJpeg ?? throw new InvalidOperationException("libjpeg helper not available");
        using var dir = new TempDirectory();
        string input = dir.File("in.raw"), output = dir.File("out.jpg");
        File.WriteAllBytes(input, MakePixels(width, height, channels, seed, smooth));
        Run(tool, Args("enc", width, height, channels, quality, restart, optimize ? 1 : 0, h0, v0, perComponentScans ? 1 : 0, rgbNoTransform ? 1 : 0, progressive ? 1 : 0, arithmetic ? 1 : 0, input, output));
        return File.ReadAllBytes(output);
    }

    /// <summary>Encodes with ImageMagick's convert (its libjpeg), e.g. "-sampling-factor 2x1 -define jpeg:optimize-coding=true".</summary>
    public static byte[] EncodeImageMagick(int width, int height, int channels, int quality, int seed, string options)
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.raw"), output = dir.File("out.jpg");
        File.WriteAllBytes(input, MakePixels(width, height, channels, seed));
        string format = channels == 1 ? "gray" : "rgb";
        Run("convert", string.Format(CultureInfo.InvariantCulture, "-size {0}x{1} -depth 8 {2}:{3} -quality {4} {5} {6}", width, height, format, input, quality, options, output));
        return File.ReadAllBytes(output);
    }

    /// <summary>The coefficients as libjpeg's jpeg_read_coefficients sees them: per component (blocks wide, high, natural-order blocks).</summary>
    public static List<(int BlocksWide, int BlocksHigh, short[] Coefficients)> ReadCoefficientsLibJpeg(byte[] jpeg)
    {
        string tool = LibJpeg ?? throw new InvalidOperationException("libjpeg helper not available");
        using var dir = new TempDirectory();
        string input = dir.File("in.jpg"), output = dir.File("out.coef");
        File.WriteAllBytes(input, jpeg);
        Run(tool, Args("coef", input, output));
        byte[] raw = File.ReadAllBytes(output);
        var result = new List<(int, int, short[])>();
        int p = 0;
        int count = BitConverterLe(raw, ref p);
        for (int i = 0; i < count; i++)
        {
            int bw = BitConverterLe(raw, ref p), bh = BitConverterLe(raw, ref p);
            var coefficients = new short[bw * bh * 64];
            for (int k = 0; k < coefficients.Length; k++, p += 2)
            {
                coefficients[k] = unchecked((short)(raw[p] | (raw[p + 1] << 8)));
            }

            result.Add((bw, bh, coefficients));
        }

        return result;
    }

    /// <summary>Decodes with the system libjpeg (fails on any libjpeg warning such as corrupt data).</summary>
    public static byte[] DecodeLibJpeg(byte[] jpeg)
    {
        string tool = LibJpeg ?? throw new InvalidOperationException("libjpeg helper not available");
        using var dir = new TempDirectory();
        string input = dir.File("in.jpg"), output = dir.File("out.raw");
        File.WriteAllBytes(input, jpeg);
        Run(tool, Args("dec", input, output));
        return File.ReadAllBytes(output);
    }

    /// <summary>Decodes with ImageMagick to 8-bit samples; fails when convert reports anything on stderr.</summary>
    public static byte[] DecodeImageMagick(byte[] jpeg, int channels)
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.jpg"), output = dir.File("out.raw");
        File.WriteAllBytes(input, jpeg);
        string stderr = Run("convert", string.Format(CultureInfo.InvariantCulture, "{0} -depth 8 {1}:{2}", input, channels == 1 ? "gray" : "rgb", output));
        Assert.True(stderr.Length == 0, "convert reported: " + stderr);
        return File.ReadAllBytes(output);
    }

    /// <summary>Decodes with ImageSharp to interleaved 8-bit samples (1 channel for gray, else RGB).</summary>
    public static byte[] DecodeImageSharp(byte[] jpeg, int channels)
    {
        if (channels == 1)
        {
            using Image<L8> image = Image.Load<L8>(jpeg);
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }

        using Image<Rgb24> rgb = Image.Load<Rgb24>(jpeg);
        var bytes = new byte[rgb.Width * rgb.Height * 3];
        rgb.CopyPixelDataTo(bytes);
        return bytes;
    }

    /// <summary>
    /// The core assertion: blocks whose area (mapped into each component) meets a rectangle are flat black,
    /// every other coded block has exactly the original coefficients; and libjpeg reads the same coefficients.
    /// </summary>
    public static void AssertRedactedCoefficients(byte[] original, byte[] redacted, IReadOnlyList<PixelRect> rects, bool chromaIsColor)
    {
        JpegCoefficients a = JpegCoefficients.Read(original);
        JpegCoefficients b = JpegCoefficients.Read(redacted);
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        Assert.Equal(a.RestartInterval, b.RestartInterval);
        Assert.Equal(a.Components.Count, b.Components.Count);
        int maxH = a.Components.Max(c => c.H), maxV = a.Components.Max(c => c.V);
        int black = 0, kept = 0;
        for (int ci = 0; ci < a.Components.Count; ci++)
        {
            JpegComponentCoefficients ca = a.Components[ci], cb = b.Components[ci];
            bool luma = ci == 0 || !chromaIsColor;
            int q0 = cb.GetQuantizationStep(0);
            for (int by = 0; by < (ca.Height + 7) / 8; by++)
            {
                for (int bx = 0; bx < (ca.Width + 7) / 8; bx++)
                {
                    if (Intersects(bx, by, ca.H, ca.V, maxH, maxV, a.Width, a.Height, rects))
                    {
                        black++;
                        for (int k = 1; k < 64; k++)
                        {
                            Assert.Equal(0, cb[bx, by, k]);
                        }

                        int dc = cb[bx, by, 0];
                        if (luma)
                        {
                            // Renders at or below 0 (black after clamping), and is the closest such value to 0.
                            Assert.True((dc * q0) + 1024 <= 0 && ((dc + 1) * q0) + 1024 > 0, $"component {ci} block ({bx},{by}) DC {dc} with Q0 {q0} is not black");
                        }
                        else
                        {
                            Assert.Equal(0, dc);
                        }
                    }
                    else
                    {
                        kept++;
                        Assert.True(ca.BlockEquals(bx, by, cb, bx, by), $"component {ci} block ({bx},{by}) outside the rectangles changed");
                    }
                }
            }
        }

        Assert.True(black > 0, "no block intersects the rectangles (bad test)");
        Assert.True(kept > 0, "every block intersects the rectangles (bad test)");
        if (LibJpeg is not null)
        {
            AssertSameAsLibJpeg(redacted);
        }
    }

    /// <summary>Our coefficient reader and libjpeg's agree on every coded block.</summary>
    public static void AssertSameAsLibJpeg(byte[] jpeg)
    {
        JpegCoefficients ours = JpegCoefficients.Read(jpeg);
        var theirs = ReadCoefficientsLibJpeg(jpeg);
        Assert.Equal(theirs.Count, ours.Components.Count);
        for (int ci = 0; ci < theirs.Count; ci++)
        {
            (int bw, int bh, short[] coefficients) = theirs[ci];
            JpegComponentCoefficients c = ours.Components[ci];
            Assert.Equal(bw, (c.Width + 7) / 8);
            Assert.Equal(bh, (c.Height + 7) / 8);
            for (int by = 0; by < bh; by++)
            {
                for (int bx = 0; bx < bw; bx++)
                {
                    int offset = ((by * bw) + bx) * 64;
                    for (int k = 0; k < 64; k++)
                    {
                        if (coefficients[offset + ZigZagToNatural[k]] != c[bx, by, k])
                        {
                            Assert.Fail($"component {ci} block ({bx},{by}) zig-zag {k}: libjpeg {coefficients[offset + ZigZagToNatural[k]]}, ours {c[bx, by, k]}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Decoded pixels: inside the rectangles dark (luma at most <paramref name="tolerance"/>), and far from them identical to the original's decode.
    /// </summary>
    public static void AssertRedactedPixels(byte[] originalPixels, byte[] redactedPixels, int width, int height, int channels, IReadOnlyList<PixelRect> rects, int tolerance)
    {
        Assert.Equal(originalPixels.Length, redactedPixels.Length);
        int inside = 0, far = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * channels;
                double luma = channels == 1 ? redactedPixels[p] : (0.299 * redactedPixels[p]) + (0.587 * redactedPixels[p + 1]) + (0.114 * redactedPixels[p + 2]);
                if (rects.Any(r => x >= r.X && x < r.Right && y >= r.Y && y < r.Bottom))
                {
                    inside++;
                    Assert.True(luma <= tolerance, $"pixel ({x},{y}) inside a rectangle has luma {luma:F1}");
                }
                else if (!rects.Any(r => x >= r.X - 24 && x < r.Right + 24 && y >= r.Y - 24 && y < r.Bottom + 24))
                {
                    far++;
                    for (int c = 0; c < channels; c++)
                    {
                        Assert.True(originalPixels[p + c] == redactedPixels[p + c], $"pixel ({x},{y}) far from the rectangles changed");
                    }
                }
            }
        }

        Assert.True(inside > 0 && far > 0, "bad test geometry");
    }

    /// <summary>Test-side statement of the rule: the block's sample area, scaled to full resolution, meets the rectangle (extended to the padding at the right/bottom edges).</summary>
    public static bool Intersects(int bx, int by, int h, int v, int maxH, int maxV, int width, int height, IReadOnlyList<PixelRect> rects)
    {
        foreach (PixelRect raw in rects)
        {
            PixelRect r = raw.ClipTo(width, height);
            if (r.Width <= 0 || r.Height <= 0)
            {
                continue;
            }

            // Block covers full-resolution [8 bx maxH / h, 8 (bx+1) maxH / h); compare in integers.
            bool xHit = (8L * bx * maxH) < ((r.Right >= width ? long.MaxValue / 64 : r.Right) * (long)h) && (8L * (bx + 1) * maxH) > ((long)r.X * h);
            bool yHit = (8L * by * maxV) < ((r.Bottom >= height ? long.MaxValue / 64 : r.Bottom) * (long)v) && (8L * (by + 1) * maxV) > ((long)r.Y * v);
            if (xHit && yHit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The encapsulated JPEG of a single-frame DICOM file (all fragments joined), read with our reader.</summary>
    public static byte[] ReadDicomJpeg(string path)
    {
        DicomAnon.Core.DicomFile file = DicomAnon.Core.DicomFile.Open(path);
        var fragments = Assert.IsType<DicomAnon.Core.DicomFragmentSequence>(file.Dataset[DicomAnon.Core.DicomTag.PixelData]);
        using var output = new MemoryStream();
        foreach (DicomAnon.Core.DicomBuffer fragment in fragments.Fragments)
        {
            fragment.CopyTo(output);
        }

        return output.ToArray();
    }

    private static string Args(params object[] args) =>
        string.Join(" ", args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)));

    private static int BitConverterLe(byte[] b, ref int p)
    {
        int v = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
        p += 4;
        return v;
    }

    /// <summary>Runs a program; fails the test on a non-zero exit code; returns stderr.</summary>
    private static string Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + file);
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            Assert.Fail(file + " timed out");
        }

        process.WaitForExit();
        string stderr = stderrTask.Result;
        _ = stdoutTask.Result;
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}: {stderr}");
        return stderr;
    }

    private static string? BuildLibJpegTool()
    {
        if (!File.Exists("/usr/include/jpeglib.h") || !(File.Exists("/usr/bin/gcc") || File.Exists("/usr/bin/cc")))
        {
            return null;
        }

        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HelperSource)))[..12];
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-jpegtool-" + hash);
        string exe = Path.Combine(dir, "jpegtool");
        if (File.Exists(exe))
        {
            return exe;
        }

        Directory.CreateDirectory(dir);
        string source = Path.Combine(dir, "jpegtool-" + Guid.NewGuid().ToString("N") + ".c");
        string temp = source[..^2];
        File.WriteAllText(source, HelperSource);
        Run(File.Exists("/usr/bin/gcc") ? "gcc" : "cc", $"-O1 -o {temp} {source} -ljpeg");
        File.Move(temp, exe, overwrite: true);
        return exe;
    }

    /// <summary>A scratch folder deleted on dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dicomanon-jpegtest-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
