// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>Encodes the coefficients with the given tables; refuses a block with a symbol that has no code.</summary>
internal struct JpegEncodeVisitor : IJpegBlockVisitor
{
    private readonly JpegBitWriter _writer;
    private readonly JpegHuffmanTable[] _dc;
    private readonly JpegHuffmanTable[] _ac;

    public JpegEncodeVisitor(JpegBitWriter writer, JpegHuffmanTable[] dc, JpegHuffmanTable[] ac)
    {
        _writer = writer;
        _dc = dc;
        _ac = ac;
    }

    public void Restart(int n) => _writer.WriteRestartMarker(n);

    public void BeginMcu(int blocks) => _writer.EnsureCapacity(1100 * blocks);

    public bool Block(int component, short[] coefficients, int offset, ref int predictor)
    {
        int value = coefficients[offset];
        int diff = value - predictor;
        predictor = value;
        return JpegScanCoder.EncodeBlock(_writer, coefficients, offset, diff, _dc[component], _ac[component]);
    }

    public void EndMcu()
    {
    }
}
