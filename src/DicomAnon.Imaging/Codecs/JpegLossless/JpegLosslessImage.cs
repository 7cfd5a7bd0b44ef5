// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.JpegLossless;

/// <summary>A decoded lossless JPEG frame: samples colour-by-pixel, one ushort per sample.</summary>
internal sealed class JpegLosslessImage
{
    internal JpegLosslessImage(int width, int height, int components, int precision, int predictor, int pointTransform, ushort[] samples)
    {
        Width = width;
        Height = height;
        Components = components;
        Precision = precision;
        Predictor = predictor;
        PointTransform = pointTransform;
        Samples = samples;
    }

    public int Width { get; }

    public int Height { get; }

    public int Components { get; }

    /// <summary>Sample precision P (2-16).</summary>
    public int Precision { get; }

    /// <summary>Selection value (predictor) of the first scan.</summary>
    public int Predictor { get; }

    public int PointTransform { get; }

    /// <summary>Samples colour-by-pixel, already shifted back by the point transform.</summary>
    public ushort[] Samples { get; }
}
