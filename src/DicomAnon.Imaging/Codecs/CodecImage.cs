// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs;

/// <summary>A frame as a codec library returns or takes it: samples colour-by-pixel, one int per sample.</summary>
internal sealed class CodecImage
{
    public CodecImage(int width, int height, int components, int precision, bool isSigned, int[] samples)
    {
        if (samples is null || samples.Length != checked(width * height * components))
        {
            throw new ArgumentException("The sample count does not match width x height x components.", nameof(samples));
        }

        Width = width;
        Height = height;
        Components = components;
        Precision = precision;
        IsSigned = isSigned;
        Samples = samples;
    }

    public int Width { get; }

    public int Height { get; }

    public int Components { get; }

    /// <summary>Bits per sample in the codestream.</summary>
    public int Precision { get; }

    public bool IsSigned { get; }

    /// <summary>Colour-by-pixel: (y * Width + x) * Components + c.</summary>
    public int[] Samples { get; }
}
