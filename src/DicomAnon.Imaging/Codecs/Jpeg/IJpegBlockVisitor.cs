// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>What <see cref="JpegScanCoder.Run"/> does with each block, in coding order.</summary>
internal interface IJpegBlockVisitor
{
    /// <summary>Restart marker RSTn (n = 0..7) before the next MCU; the coder resets the DC predictors.</summary>
    void Restart(int n);

    void BeginMcu(int blocks);

    /// <summary>The block at <paramref name="offset"/> of <paramref name="coefficients"/> (component <paramref name="component"/> of the scan); false stops the walk.</summary>
    bool Block(int component, short[] coefficients, int offset, ref int predictor);

    void EndMcu();
}
