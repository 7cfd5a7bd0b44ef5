// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using DicomAnon.Imaging;
using DicomAnon.Imaging.Codecs.Jpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace DicomAnon.Benchmarks;

/// <summary>
/// DCT-domain redaction of one 640 x 480 ultrasound-like frame (black background, speckled sector, burned-in text band),
/// the unit of work for a cine loop. Run: dotnet run -c Release --project tests/DicomAnon.Benchmarks -- --filter *JpegRedaction*
/// </summary>
[MemoryDiagnoser]
public class JpegRedactionBenchmarks
{
    private static readonly PixelRect[] Rectangles = { new(0, 0, 640, 48), new(480, 420, 150, 40) };

    private byte[] _color = Array.Empty<byte>();
    private byte[] _gray = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        byte[] rgb = MakeFrame(640, 480);
        _color = Encode(rgb, JpegColorType.YCbCrRatio420);
        _gray = Encode(rgb, JpegColorType.Luminance);
    }

    [Benchmark(Baseline = true, Description = "Redact 640x480 YCbCr 4:2:0")]
    public byte[] RedactColor() => JpegBaselineRedactor.Redact(_color, Rectangles);

    [Benchmark(Description = "Redact 640x480 gray")]
    public byte[] RedactGray() => JpegBaselineRedactor.Redact(_gray, Rectangles);

    [Benchmark(Description = "Decode coefficients only, 640x480 YCbCr 4:2:0")]
    public int ReadColor() => JpegCoefficients.Read(_color).Components.Count;

    private static byte[] Encode(byte[] rgb, JpegColorType colorType)
    {
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb, 640, 480);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90, ColorType = colorType });
        return output.ToArray();
    }

    private static byte[] MakeFrame(int width, int height)
    {
        var random = new Random(42);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = x - (width / 2.0), dy = y + 40.0;
                double angle = Math.Atan2(dx, dy), radius = Math.Sqrt((dx * dx) + (dy * dy));
                int v = 0;
                if (Math.Abs(angle) < 0.7 && radius > 80 && radius < 500)
                {
                    v = Math.Clamp((int)(90 + (60 * Math.Sin(radius / 23.0)) + random.Next(-50, 51)), 0, 255);
                }

                if (y < 40 && ((x / 4) + (y / 6)) % 5 == 0 && (x / 40) % 3 != 2)
                {
                    v = 230; // burned-in text strokes
                }

                int p = ((y * width) + x) * 3;
                rgb[p] = (byte)v;
                rgb[p + 1] = (byte)v;
                rgb[p + 2] = (byte)Math.Min(255, v + (y < 40 ? 20 : 0));
            }
        }

        return rgb;
    }
}
