// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// The quantized DCT coefficients of a baseline JPEG, per component and block (for verification and diagnostics).
/// Same support and exceptions as <see cref="JpegBaselineRedactor"/>.
/// </summary>
internal sealed class JpegCoefficients
{
    private JpegCoefficients(int width, int height, IReadOnlyList<JpegComponentCoefficients> components, int restartInterval)
    {
        Width = width;
        Height = height;
        Components = components;
        RestartInterval = restartInterval;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Restart interval in MCUs (DRI), 0 when none.</summary>
    public int RestartInterval { get; }

    public IReadOnlyList<JpegComponentCoefficients> Components { get; }

    /// <summary>Decodes every scan of <paramref name="jpeg"/>.</summary>
    public static JpegCoefficients Read(byte[] jpeg)
    {
        JpegCodestream s = JpegCodestream.Decode(jpeg);
        var list = new List<JpegComponentCoefficients>();
        foreach (JpegFrameComponent c in s.Components)
        {
            if (!c.Decoded)
            {
                throw new JpegFormatException("A frame component is not coded in any scan.", -1);
            }

            list.Add(new JpegComponentCoefficients(c));
        }

        return new JpegCoefficients(s.Width, s.Height, list, s.RestartInterval);
    }
}
