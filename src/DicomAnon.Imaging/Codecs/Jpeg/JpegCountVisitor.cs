// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>Counts the DC and AC symbols each table would code.</summary>
internal struct JpegCountVisitor : IJpegBlockVisitor
{
    private readonly long[][] _dcCount;
    private readonly long[][] _acCount;

    public JpegCountVisitor(long[][] dcCount, long[][] acCount)
    {
        _dcCount = dcCount;
        _acCount = acCount;
    }

    public void Restart(int n)
    {
    }

    public void BeginMcu(int blocks)
    {
    }

    public bool Block(int component, short[] coefficients, int offset, ref int predictor)
    {
        int value = coefficients[offset];
        int diff = value - predictor;
        predictor = value;
        JpegScanCoder.CountBlock(coefficients, offset, diff, _dcCount[component], _acCount[component]);
        return true;
    }

    public void EndMcu()
    {
    }
}
