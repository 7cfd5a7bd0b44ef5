// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>Decodes the entropy-coded data into the components' coefficients.</summary>
internal struct JpegDecodeVisitor : IJpegBlockVisitor
{
    private readonly JpegBitReader _reader;
    private readonly JpegHuffmanTable[] _dc;
    private readonly JpegHuffmanTable[] _ac;

    public JpegDecodeVisitor(JpegBitReader reader, JpegHuffmanTable[] dc, JpegHuffmanTable[] ac)
    {
        _reader = reader;
        _dc = dc;
        _ac = ac;
    }

    public void Restart(int n) => _reader.ReadRestartMarker(n);

    public void BeginMcu(int blocks)
    {
    }

    public bool Block(int component, short[] coefficients, int offset, ref int predictor)
    {
        predictor = _reader.DecodeBlock(_dc[component], _ac[component], coefficients, offset, predictor);
        return true;
    }

    public void EndMcu() => _reader.CheckNotExhausted();
}
