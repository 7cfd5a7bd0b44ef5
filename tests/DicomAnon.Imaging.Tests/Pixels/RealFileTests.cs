// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

/// <summary>Real files end to end: read with our reader, black out, commit, save; pydicom (and dcmdjpeg) decode the result.</summary>
public class RealFileTests
{
    [PythonTheory]
    [InlineData("MR_small_RLE", false)]
    [InlineData("SC_rgb_rle_2frame", false)]
    [InlineData("SC_rgb_rle_16bit_2frame", false)]
    [InlineData("SC_rgb_rle_32bit_2frame", false)]
    [InlineData("rtdose_rle", false)]
    [InlineData("MR_small", false)]
    [InlineData("CT_small", false)]
    [InlineData("rtdose", false)]
    [InlineData("liver_1frame", false)]
    [InlineData("SC_ybr_full_422_uncompressed", false)]
    [InlineData("MR_small_bigendian", false)]
    [InlineData("rtdose_expb", false)]
    [InlineData("SC_rgb_jpeg_gdcm", false)]
    [InlineData("jpegll_gray12_sv2", true)]
    [InlineData("jpegll_gray16s_sv5", true)]
    [InlineData("jpegll_gray12_sv4_2frame", true)]
    [InlineData("jpegll_rgb8_sv7_3frame", true)]
    public void Blackout_RealFile_SavedFileHasBlackRectangleAndIdenticalPixelsElsewhere(string name, bool dcmtkMade)
    {
        string folder = Path.Combine(dcmtkMade ? Python.JpegCases : Python.PydicomCases, name);
        var c = new FixtureCase(folder);
        DicomFile file = DicomFile.Open(c.Source!);
        PixelFrames pf = PixelFrames.Open(file);
        Assert.Equal(c.Frames, pf.Count);
        int target = pf.Count - 1;
        var rect = new PixelRect((c.Columns / 4) | 1, c.Rows / 4, Math.Max(1, c.Columns / 3), Math.Max(1, c.Rows / 5));
        pf.Blackout(target, new[] { rect, new PixelRect(c.Columns - 2, c.Rows - 2, 50, 50) });
        pf.Commit();

        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-real-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string saved = Path.Combine(dir, "out.dcm");
            file.Save(saved);
            string dump = Path.Combine(dir, "out.i64");
            Python.Run("dump-file", saved, dump);
            byte[] raw = File.ReadAllBytes(dump);
            Assert.Equal(c.Expected.Length * 8, raw.Length);

            bool is422 = c.Photometric == "YBR_FULL_422";
            bool Inside(int x, int y)
            {
                int xl = is422 ? x & ~1 : x, xr = is422 ? xl + 1 : x;
                return (y >= rect.Y && y < rect.Bottom && xr >= rect.X && xl < rect.Right) || (x >= c.Columns - 2 && y >= c.Rows - 2)
                    || (is422 && y >= c.Rows - 2 && xr >= c.Columns - 2);
            }

            long half = 1L << (c.BitsStored - 1);
            int blackCount = 0;
            for (int f = 0; f < c.Frames; f++)
            {
                for (int y = 0; y < c.Rows; y++)
                {
                    for (int x = 0; x < c.Columns; x++)
                    {
                        for (int s = 0; s < c.Samples; s++)
                        {
                            long i = (((((long)f * c.Rows) + y) * c.Columns) + x) * c.Samples + s;
                            long actual = unchecked((long)LittleEndian.ReadUInt64(raw, (int)(i * 8)));
                            if (f == target && Inside(x, y))
                            {
                                long black = c.Photometric switch
                                {
                                    "MONOCHROME1" => c.IsSigned ? half - 1 : (2 * half) - 1,
                                    "YBR_FULL" or "YBR_FULL_422" => s == 0 ? 0 : half,
                                    _ => c.IsSigned ? -half : 0,
                                };
                                Assert.True(black == actual, $"frame {f} ({x},{y}) sample {s}: {actual}, black is {black}");
                                blackCount++;
                            }
                            else if (c.Expected[i] != actual)
                            {
                                Assert.Fail($"frame {f} ({x},{y}) sample {s} changed outside the rectangles");
                            }
                        }
                    }
                }
            }

            Assert.True(blackCount > 0);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [PythonTheory]
    [InlineData("SC_rgb_jpeg_dcmtk")]
    [InlineData("SC_jpeg_no_color_transform")]
    [InlineData("SC_rgb_dcmtk_+eb+cy+s2")]
    [InlineData("SC_rgb_jpeg_app14_dcmd")]
    [InlineData("SC_rgb_dcmtk_+eb+cr")]
    public void Blackout_RealBaselineFile_RectangleDarkAndFarPixelsIdentical(string name)
    {
        var c = new FixtureCase(Path.Combine(Python.PydicomCases, name));
        DicomFile file = DicomFile.Open(c.Source!);
        PixelFrames pf = PixelFrames.Open(file);
        Assert.Equal(PixelEncoding.JpegBaseline, pf.Encoding);
        var rect = new PixelRect(16, 16, 32, 16); // whole 16x16 MCUs
        pf.Blackout(0, new[] { rect });
        pf.Commit();
        Assert.InRange(pf.RenderGray(0).Pixels[(20 * c.Columns) + 20], 0, 4);

        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-real-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string saved = Path.Combine(dir, "out.dcm");
            file.Save(saved);
            string dump = Path.Combine(dir, "out.i64");
            Python.Run("dump-file", saved, dump);
            byte[] raw = File.ReadAllBytes(dump);
            Assert.Equal(c.Expected.Length * 8, raw.Length);
            bool ybr = c.Photometric.StartsWith("YBR", StringComparison.Ordinal);
            for (int y = 0; y < c.Rows; y++)
            {
                for (int x = 0; x < c.Columns; x++)
                {
                    for (int s = 0; s < c.Samples; s++)
                    {
                        long i = ((((long)y * c.Columns) + x) * c.Samples) + s;
                        long actual = unchecked((long)LittleEndian.ReadUInt64(raw, (int)(i * 8)));
                        if (x >= rect.X && x < rect.Right && y >= rect.Y && y < rect.Bottom)
                        {
                            long black = ybr && s > 0 ? 128 : 0;
                            bool edge = x < rect.X + 2 || x >= rect.Right - 2 || y < rect.Y + 2 || y >= rect.Bottom - 2;
                            if (ybr && s > 0 && edge)
                            {
                                continue; // subsampled chroma is interpolated with the neighbours outside by the decoder
                            }

                            Assert.True(Math.Abs(actual - black) <= 4, $"({x},{y}) sample {s}: {actual}, black is {black}");
                        }
                        else if (x >= 64 || y >= 48)
                        {
                            Assert.True(c.Expected[i] == actual, $"({x},{y}) sample {s} changed far from the rectangle");
                        }
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [PythonFact]
    public void Open_RealRleFile_DecodesLikePydicom()
    {
        var c = new FixtureCase(Path.Combine(Python.PydicomCases, "SC_rgb_rle_32bit_2frame"));
        PixelFrames pf = PixelFrames.Open(DicomFile.Open(c.Source!));
        NativeBlackoutTests.AssertFramesMatch(c, pf);
    }
}
