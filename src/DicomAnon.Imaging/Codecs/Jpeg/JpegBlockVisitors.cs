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
