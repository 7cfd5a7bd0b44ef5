// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Decodes a one-component sequential DCT codestream (8- or 12-bit) to samples: dequantize, inverse DCT (T.81 A.3.3),
/// level shift, clamp. For display and OCR of 12-bit JPEG Extended, which the image library does not read; the file
/// itself is only ever changed in the DCT domain.
/// </summary>
internal static class JpegDctDecoder
{
    /// <summary>Zig-zag index to natural (row-major) index, T.81 Figure A.6.</summary>
    private static readonly int[] Natural =
    {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };

    /// <summary>cos((2x + 1) u pi / 16) * C(u) / 2, indexed [u * 8 + x].</summary>
    private static readonly double[] Basis = BuildBasis();

    /// <summary>Samples in raster order; <paramref name="precision"/> is 8 or 12.</summary>
    /// <exception cref="NotSupportedException">More than one component, or what the codestream parser does not support.</exception>
    public static ushort[] DecodeGray(byte[] jpeg, out int width, out int height, out int precision)
    {
        var s = JpegCodestream.Decode(jpeg);
        if (s.Components.Length != 1)
        {
            throw new NotSupportedException("Only one-component DCT codestreams are decoded here.");
        }

        JpegFrameComponent c = s.Components[0];
        if (!c.Decoded || c.QuantTable is null)
        {
            throw new JpegFormatException("The component is not coded in any scan.", -1);
        }

        width = s.Width;
        height = s.Height;
        precision = s.Precision;
        int max = (1 << precision) - 1, shift = 1 << (precision - 1);
        ushort[] samples = new ushort[width * height];
        double[] block = new double[64];
        double[] rows = new double[64];
        for (int by = 0; by * 8 < height; by++)
        {
            for (int bx = 0; bx * 8 < width; bx++)
            {
                int offset = ((by * c.BlocksPerLine) + bx) * 64;
                Array.Clear(block, 0, 64);
                for (int k = 0; k < 64; k++)
                {
                    block[Natural[k]] = c.Coefficients[offset + k] * c.QuantTable[k];
                }

                // Separable inverse DCT: rows then columns.
                for (int v = 0; v < 8; v++)
                {
                    for (int x = 0; x < 8; x++)
                    {
                        double sum = 0;
                        for (int u = 0; u < 8; u++)
                        {
                            sum += Basis[(u * 8) + x] * block[(v * 8) + u];
                        }

                        rows[(v * 8) + x] = sum;
                    }
                }

                for (int y = 0; y < 8; y++)
                {
                    int py = (by * 8) + y;
                    if (py >= height)
                    {
                        break;
                    }

                    for (int x = 0; x < 8; x++)
                    {
                        int px = (bx * 8) + x;
                        if (px >= width)
                        {
                            break;
                        }

                        double sum = 0;
                        for (int v = 0; v < 8; v++)
                        {
                            sum += Basis[(v * 8) + y] * rows[(v * 8) + x];
                        }

                        int value = (int)Math.Round(sum) + shift;
                        samples[(py * width) + px] = (ushort)(value < 0 ? 0 : value > max ? max : value);
                    }
                }
            }
        }

        return samples;
    }

    private static double[] BuildBasis()
    {
        double[] basis = new double[64];
        for (int u = 0; u < 8; u++)
        {
            double cu = u == 0 ? Math.Sqrt(0.5) : 1.0;
            for (int x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = cu / 2.0 * Math.Cos(((2 * x) + 1) * u * Math.PI / 16.0);
            }
        }

        return basis;
    }
}
