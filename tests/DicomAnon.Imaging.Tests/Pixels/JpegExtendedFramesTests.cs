// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Imaging;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.Codecs;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Pixels;

/// <summary>
/// Issue 9: JPEG Extended (12-bit process 4: pydicom's real files; 8-bit process 2: dcmcjpeg +ee) is blacked out in the DCT domain: GDCM and dcmdjpeg
/// decode the saved file to the same samples as the input in every 8x8 block the box does not touch, and 0 inside the box.
/// </summary>
public sealed class JpegExtendedFramesTests
{
    [PythonTheory]
    [InlineData("JPGExtended")]
    [InlineData("JPEG-lossy")]
    [InlineData("gray8_ext")]
    public void Blackout_OtherBlocksDecodeIdenticallyInGdcmAndDcmtk(string name)
    {
        string input = Path.Combine(LibraryCodecRoundTripTests.InputFolder, name + ".dcm");
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-ext-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            long[] before = LibraryCodecRoundTripTests.Dump("dump", input, dir, "before");
            DicomFile file = DicomFile.Open(input);
            PixelFrames pf = PixelFrames.Open(file);
            int rows = pf.Rows, cols = pf.Columns;
            var rect = new PixelRect(Math.Min(21, cols / 4), Math.Min(35, rows / 4), Math.Min(50, cols / 2), Math.Min(30, rows / 2));
            GrayImage gray = pf.RenderGray(0);
            Assert.Equal(cols, gray.Width);
            pf.Blackout(0, new[] { rect });
            pf.Commit();
            GrayImage grayAfter = pf.RenderGray(0);
            Assert.Equal(0, grayAfter.Pixels[((rect.Y + 5) * cols) + rect.X + 5]); // the OCR view sees the black box

            string saved = Path.Combine(dir, "out.dcm");
            file.Save(saved);
            Assert.Equal("1.2.840.10008.1.2.4.51", DicomFile.Open(saved).TransferSyntax.Uid);
            long[] after = LibraryCodecRoundTripTests.Dump("dump", saved, dir, "after");
            long[] dcmtk = LibraryCodecRoundTripTests.Dump("dump-dcmtk", saved, dir, "dcmtk");
            Assert.Equal(after, dcmtk);
            int bx0 = rect.X / 8 * 8, by0 = rect.Y / 8 * 8, bx1 = (rect.Right + 7) / 8 * 8, by1 = (rect.Bottom + 7) / 8 * 8;
            int changedOutside = 0;
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < cols; x++)
                {
                    long i = ((long)y * cols) + x;
                    if (x >= bx0 && x < bx1 && y >= by0 && y < by1)
                    {
                        Assert.True(after[i] == 0, $"({x},{y}) is {after[i]} inside the blacked blocks");
                    }
                    else if (after[i] != before[i])
                    {
                        changedOutside++;
                    }
                }
            }

            Assert.Equal(0, changedOutside);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BlackDc_12Bit_GivesSampleZeroAfterLevelShift()
    {
        // Q0 = 7: DC -2341 (floor of -16384/7) dequantizes to -16387, i.e. -2048.4 per sample, below 0 after +2048.
        Assert.Equal(-2341, Imaging.Codecs.Jpeg.JpegBaselineRedactor.BlackDc(7, 12));
        Assert.Equal(-147, Imaging.Codecs.Jpeg.JpegBaselineRedactor.BlackDc(7, 8));
    }
}
