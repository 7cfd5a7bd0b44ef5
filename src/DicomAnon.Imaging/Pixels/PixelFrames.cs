// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core;
using DicomAnon.Imaging.Codecs;
using DicomAnon.Imaging.Codecs.Jpeg;
using DicomAnon.Imaging.Codecs.Jpeg2000;
using DicomAnon.Imaging.Codecs.JpegLossless;
using DicomAnon.Imaging.Codecs.JpegLs;
using DicomAnon.Imaging.Codecs.Rle;
using DicomAnon.Imaging.Rendering;

namespace DicomAnon.Imaging.Pixels;

/// <summary>
/// Frame-level access to a file's pixel data whatever its syntax.
/// Native and lossless syntaxes are decoded, changed and re-encoded exactly; JPEG baseline is changed in the DCT domain.
/// Changes stay in this object until <see cref="Commit"/> writes them into the dataset.
/// </summary>
/// <threadsafety>Not thread-safe; one instance belongs to one file being processed.</threadsafety>
internal sealed class PixelFrames
{
    private readonly DicomDataset _dataset;
    private readonly Dictionary<int, byte[]> _changed = new();
    private readonly Dictionary<int, int> _precision = new();
    private bool? _codecSigned;
    private bool _nearLossless;
    private DicomValueElement? _nativeElement;
    private byte[]? _native;
    private DicomFragmentSequence? _fragments;
    private List<List<DicomBuffer>>? _frameFragments;
    private PaletteLut? _palette;
    private int _cachedIndex = -1;
    private byte[]? _cached;

    private PixelFrames(DicomFile file, PixelDescription description, PixelEncoding encoding)
    {
        File = file;
        _dataset = file.Dataset;
        Description = description;
        Encoding = encoding;
        FrameLayout = encoding == PixelEncoding.Native
            ? description
            : description.WithLayout(DecodedPhotometric(description.PhotometricInterpretation), 0);
    }

    public DicomFile File { get; }

    /// <summary>The Image Pixel Module as the dataset states it.</summary>
    public PixelDescription Description { get; }

    /// <summary>The layout of the bytes <see cref="GetFrameBytes"/> returns (for compressed syntaxes: colour-by-pixel).</summary>
    public PixelDescription FrameLayout { get; }

    public PixelEncoding Encoding { get; }

    public DicomTransferSyntax TransferSyntax => File.TransferSyntax;

    public string PhotometricInterpretation => Description.PhotometricInterpretation;

    public int Count => Description.NumberOfFrames;

    public int Rows => Description.Rows;

    public int Columns => Description.Columns;

    /// <summary>True when a frame was changed and not yet committed.</summary>
    public bool IsModified => _changed.Count > 0;

    /// <summary>True when the dataset has Pixel Data, Float Pixel Data or Double Float Pixel Data (7FE0,0010/0008/0009).</summary>
    public static bool HasPixelData(DicomDataset dataset) =>
        (dataset ?? throw new ArgumentNullException(nameof(dataset)))[DicomTag.PixelData] is not null
        || dataset[DicomTags.FloatPixelData] is not null || dataset[DicomTags.DoubleFloatPixelData] is not null;

    /// <summary>Opens the pixel data of <paramref name="file"/>; throws <see cref="UnsupportedPixelDataException"/> for syntaxes it cannot clean.</summary>
    public static PixelFrames Open(DicomFile file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        DicomTransferSyntax ts = file.TransferSyntax;
        PixelEncoding encoding;
        if (!ts.IsEncapsulated)
        {
            encoding = PixelEncoding.Native;
        }
        else if (ts.Equals(DicomTransferSyntax.RleLossless))
        {
            encoding = PixelEncoding.Rle;
        }
        else if (ts.Equals(DicomTransferSyntax.JpegLossless) || ts.Equals(DicomTransferSyntax.JpegLosslessSV1))
        {
            encoding = PixelEncoding.JpegLossless;
        }
        else if (ts.Equals(DicomTransferSyntax.JpegBaseline8Bit) || ts.Uid == JpegExtendedUid)
        {
            encoding = PixelEncoding.JpegBaseline;
        }
        else if (Array.IndexOf(Jpeg2000Uids, ts.Uid) >= 0)
        {
            encoding = PixelEncoding.Jpeg2000;
        }
        else if (ts.Uid is JpegLsLosslessUid or JpegLsNearLosslessUid)
        {
            encoding = PixelEncoding.JpegLs;
        }
        else
        {
            throw new UnsupportedPixelDataException($"pixel cleaning is not supported for {ts.Name}");
        }

        DicomElement? pixelElement = file.Dataset[DicomTag.PixelData];
        if (pixelElement is null)
        {
            throw new UnsupportedPixelDataException(HasPixelData(file.Dataset)
                ? "Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009) cannot be cleaned."
                : "The dataset has no Pixel Data (7FE0,0010).");
        }

        var description = PixelDescription.FromDataset(file.Dataset);
        if (description.PhotometricInterpretation is "YBR_ICT" or "YBR_RCT" && encoding != PixelEncoding.Jpeg2000)
        {
            throw new UnsupportedPixelDataException($"Photometric Interpretation {description.PhotometricInterpretation} belongs to JPEG 2000, not to {ts.Name}.");
        }

        var frames = new PixelFrames(file, description, encoding);
        if (encoding == PixelEncoding.Native)
        {
            if (pixelElement is not DicomValueElement v)
            {
                throw new UnsupportedPixelDataException("Pixel Data (7FE0,0010) is encapsulated but the transfer syntax is native.");
            }

            if (v.Length < description.NativeLength)
            {
                throw new UnsupportedPixelDataException("Pixel Data (7FE0,0010) is shorter than Rows, Columns, Samples per Pixel, Bits Allocated and Number of Frames require.");
            }

            frames._nativeElement = v;
        }
        else
        {
            if (pixelElement is not DicomFragmentSequence seq)
            {
                throw new UnsupportedPixelDataException($"Pixel Data (7FE0,0010) is not encapsulated although the transfer syntax is {ts.Name}.");
            }

            if (description.BitsAllocated is 1 or 12 || (encoding != PixelEncoding.Rle && description.BitsAllocated == 32))
            {
                throw new UnsupportedPixelDataException($"Bits Allocated (0028,0100) is not supported with {ts.Name}.");
            }

            if (encoding == PixelEncoding.JpegBaseline && description.BitsAllocated != 8
                && !(ts.Uid == JpegExtendedUid && description.BitsAllocated == 16 && description.BitsStored <= 12 && description.SamplesPerPixel == 1))
            {
                throw new UnsupportedPixelDataException(ts.Uid == JpegExtendedUid
                    ? $"{ts.Name} is cleaned with 8-bit samples, or 12-bit one-component samples in 16 bits allocated."
                    : $"Bits Allocated (0028,0100) must be 8 with {ts.Name}.");
            }

            if (encoding is PixelEncoding.Jpeg2000 or PixelEncoding.JpegLs && description.IsSubsampled422)
            {
                throw new UnsupportedPixelDataException($"YBR_FULL_422 is not supported with {ts.Name}.");
            }

            frames._fragments = seq;
            frames._frameFragments = EncapsulatedFrames.Map(seq, description.NumberOfFrames, file.Dataset);
        }

        return frames;
    }

    /// <summary>A copy of frame <paramref name="index"/> decoded to <see cref="FrameLayout"/> (current state, changes included).</summary>
    /// <exception cref="UnsupportedPixelDataException">JPEG baseline frames are not decoded losslessly.</exception>
    public byte[] GetFrameBytes(int index) => (byte[])DecodedFrame(index).Clone();

    /// <summary>The compressed codestream of frame <paramref name="index"/> (encapsulated syntaxes; changes included after <see cref="Commit"/>).</summary>
    public byte[] GetEncodedFrame(int index)
    {
        CheckIndex(index);
        if (_frameFragments is null)
        {
            throw new InvalidOperationException("Native pixel data has no encoded frames.");
        }

        if (Encoding == PixelEncoding.JpegBaseline && _changed.TryGetValue(index, out byte[]? changed))
        {
            return (byte[])changed.Clone();
        }

        return EncapsulatedFrames.Join(_frameFragments[index]);
    }

    /// <summary>Frame <paramref name="index"/> rendered to 8-bit gray for OCR and display (window/level applied, MONOCHROME1 inverted, colour to luminance).</summary>
    public GrayImage RenderGray(int index)
    {
        CheckIndex(index);
        if (Encoding == PixelEncoding.JpegBaseline)
        {
            return Description.BitsAllocated == 8
                ? FrameRenderer.DecodeJpegGray(GetEncodedFrame(index))
                : FrameRenderer.RenderGray(FrameLayout, DecodeExtended12(index), _dataset, Palette);
        }

        return FrameRenderer.RenderGray(FrameLayout, DecodedFrame(index), _dataset, Palette);
    }

    /// <summary>Frame <paramref name="index"/> rendered to 8-bit RGB (3 bytes per pixel, row-major).</summary>
    public byte[] RenderRgb(int index)
    {
        CheckIndex(index);
        if (Encoding == PixelEncoding.JpegBaseline)
        {
            return Description.BitsAllocated == 8
                ? FrameRenderer.DecodeJpegRgb(GetEncodedFrame(index), Columns, Rows)
                : FrameRenderer.RenderRgb(FrameLayout, DecodeExtended12(index), _dataset, Palette);
        }

        return FrameRenderer.RenderRgb(FrameLayout, DecodedFrame(index), _dataset, Palette);
    }

    /// <summary>
    /// Sets every pixel of the rectangles (clipped to the frame) in frame <paramref name="index"/> to black in the image's
    /// own representation. For YBR_FULL_422 both pixels of a pair that shares chroma are blanked.
    /// Pixels outside the rectangles stay bit-identical (JPEG baseline: outside the 8x8 blocks touched).
    /// </summary>
    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles)
    {
        CheckIndex(index);
        if (rectangles is null)
        {
            throw new ArgumentNullException(nameof(rectangles));
        }

        var clipped = new List<PixelRect>();
        foreach (PixelRect r in rectangles)
        {
            PixelRect c = r.ClipTo(Columns, Rows);
            if (c.Width > 0 && c.Height > 0)
            {
                clipped.Add(c);
            }
        }

        if (clipped.Count == 0)
        {
            return;
        }

        if (Encoding == PixelEncoding.JpegBaseline)
        {
            byte[] jpeg = GetEncodedFrame(index);
            try
            {
                // Cleaned frames also lose COM/APPn segments, where some devices write patient text.
                _changed[index] = JpegMetadataStripper.Strip(JpegBaselineRedactor.RedactWithReport(jpeg, clipped, BaselineColorModel(jpeg)).Data, out _);
            }
            catch (NotSupportedException ex)
            {
                throw new UnsupportedPixelDataException($"pixel cleaning is not supported for this {TransferSyntax.Name} codestream (frame {index}).", ex);
            }
            catch (JpegFormatException ex)
            {
                throw new UnsupportedPixelDataException($"The {TransferSyntax.Name} codestream of frame {index} is malformed.", ex);
            }

            return;
        }

        byte[] frame = _changed.TryGetValue(index, out byte[]? existing) ? existing : (byte[])DecodedFrame(index).Clone();
        PixelDescription d = FrameLayout;
        uint[] black = BlackSamples(d);
        int spp = d.SamplesPerPixel;
        foreach (PixelRect r in clipped)
        {
            int x0 = r.X, x1 = r.Right;
            if (d.IsSubsampled422)
            {
                x0 &= ~1;
                x1 = (x1 + 1) & ~1;
            }

            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    for (int s = 0; s < spp; s++)
                    {
                        SampleLayout.Write(frame, SampleLayout.SampleIndex(d, x, y, s), d.BitsAllocated, black[s]);
                    }
                }
            }
        }

        _changed[index] = frame;
        if (_cachedIndex == index)
        {
            _cached = frame;
        }
    }

    /// <summary>Writes changed frames back into the dataset (native pixel data; or fragments and offset tables).</summary>
    public void Commit()
    {
        if (_changed.Count == 0)
        {
            return;
        }

        if (Encoding == PixelEncoding.Native)
        {
            byte[] copy = (byte[])NativeData().Clone();
            foreach (KeyValuePair<int, byte[]> kv in _changed)
            {
                SampleLayout.InsertBits(copy, kv.Key * Description.BitsPerFrame, kv.Value, Description.BitsPerFrame);
            }

            var element = new DicomValueElement(DicomTag.PixelData, _nativeElement!.VR, copy, _nativeElement.PrivateCreator);
            _dataset.Set(element);
            _nativeElement = element;
            _native = copy;
        }
        else
        {
            // A lossy or HTJ2K file with a changed frame becomes the lossless syntax of its family: every frame is
            // re-encoded from its decoded pixels (the library encodes no HTJ2K, and a lossy syntax is not re-compressed lossily).
            DicomTransferSyntax? lossless = LosslessSyntaxOf(Encoding);
            bool convert = lossless is not null && !TransferSyntax.Equals(lossless);
            var frames = new List<IReadOnlyList<DicomBuffer>>(Count);
            for (int i = 0; i < Count; i++)
            {
                byte[]? f = _changed.TryGetValue(i, out byte[]? c) ? c : convert ? (byte[])DecodedFrame(i).Clone() : null;
                frames.Add(f is not null ? new List<DicomBuffer> { EncapsulatedFrames.ToFragment(Encode(i, f)) } : _frameFragments![i]);
            }

            if (convert)
            {
                File.TransferSyntax = lossless!;
                if (_nearLossless && _dataset.GetString(DicomTags.LossyImageCompression) is null)
                {
                    // The JPEG-LS frames had NEAR > 0: the pixels were lossy-compressed before, whatever the header said.
                    _dataset.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
                    _dataset.SetString(DicomTags.LossyImageCompressionMethod, DicomVR.CS, "ISO_14495_1");
                }
            }

            if (FrameLayout.PhotometricInterpretation != Description.PhotometricInterpretation)
            {
                // YBR_ICT/YBR_RCT were decoded to RGB (the library inverts the colour transform) and are encoded without one.
                _dataset.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, FrameLayout.PhotometricInterpretation);
            }

            if (Description.SamplesPerPixel > 1 && Encoding is PixelEncoding.Jpeg2000 or PixelEncoding.JpegLs)
            {
                _dataset.SetUInt16(PixelDescription.PlanarConfigurationTag, 0);
            }

            DicomFragmentSequence rebuilt = EncapsulatedFrames.Rebuild(_fragments!, frames, _dataset);
            _dataset.Set(rebuilt);
            _fragments = rebuilt;
            _frameFragments = frames.ConvertAll(l => new List<DicomBuffer>(l));
        }

        _changed.Clear();
        _cachedIndex = -1;
        _cached = null;
    }

    /// <summary>The raw sample value of black for each sample of the layout.</summary>
    internal uint[] BlackSamples(PixelDescription d)
    {
        uint[] black = new uint[d.SamplesPerPixel];
        (long min, long max) = SampleLayout.StoredRange(d);
        switch (d.PhotometricInterpretation)
        {
            case "MONOCHROME1":
                black[0] = SampleLayout.RawSample(d, max);
                break;
            case "MONOCHROME2":
                black[0] = SampleLayout.RawSample(d, min);
                break;
            case "PALETTE COLOR":
                long darkest = Math.Min(max, Math.Max(min, Palette!.DarkestStoredValue()));
                black[0] = SampleLayout.RawSample(d, darkest);
                break;
            case "YBR_FULL":
            case "YBR_FULL_422":
                black[0] = SampleLayout.RawSample(d, d.IsSigned ? min : 0);
                black[1] = black[2] = SampleLayout.RawSample(d, d.IsSigned ? 0 : 1L << (d.BitsStored - 1));
                break;
            default: // RGB
                for (int s = 0; s < black.Length; s++)
                {
                    black[s] = SampleLayout.RawSample(d, d.IsSigned ? min : 0);
                }

                break;
        }

        return black;
    }

    /// <summary>
    /// The colour model of a baseline frame: YBR_* is YCbCr; RGB without a JFIF (APP0) or Adobe (APP14) marker was
    /// compressed without colour transform (PS3.5 8.2.1); otherwise the codestream decides.
    /// </summary>
    private JpegColorModel BaselineColorModel(byte[] jpeg)
    {
        if (Description.SamplesPerPixel != 3)
        {
            return JpegColorModel.Auto;
        }

        if (Description.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal))
        {
            return JpegColorModel.YCbCr;
        }

        // Walk the marker segments before the first scan looking for APP0 "JFIF" or APP14 "Adobe".
        int p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF)
        {
            int marker = jpeg[p + 1];
            if (marker == 0xDA)
            {
                break;
            }

            int len = (jpeg[p + 2] << 8) | jpeg[p + 3];
            if ((marker == 0xE0 && Matches(jpeg, p + 4, "JFIF")) || (marker == 0xEE && Matches(jpeg, p + 4, "Adobe")))
            {
                return JpegColorModel.Auto;
            }

            p += 2 + len;
        }

        return JpegColorModel.Rgb;
    }

    private static bool Matches(byte[] data, int offset, string ascii)
    {
        if (offset + ascii.Length > data.Length)
        {
            return false;
        }

        for (int i = 0; i < ascii.Length; i++)
        {
            if (data[offset + i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    private PaletteLut? Palette
    {
        get
        {
            if (Description.IsPalette && _palette is null)
            {
                _palette = PaletteLut.FromDataset(_dataset, Description.IsSigned);
            }

            return _palette;
        }
    }

    private void CheckIndex(int index)
    {
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "The frame index is outside Number of Frames (0028,0008).");
        }
    }

    private byte[] NativeData() => _native ??= _nativeElement!.GetBytes();

    private byte[] DecodedFrame(int index)
    {
        CheckIndex(index);
        if (_changed.TryGetValue(index, out byte[]? changed))
        {
            return changed;
        }

        if (_cachedIndex == index && _cached is not null)
        {
            return _cached;
        }

        byte[] frame = Encoding switch
        {
            PixelEncoding.Native => SampleLayout.ExtractBits(NativeData(), index * Description.BitsPerFrame, Description.BitsPerFrame),
            PixelEncoding.Rle => RleCodec.Decode(EncapsulatedFrames.Join(_frameFragments![index]), Rows, Columns, Description.SamplesPerPixel, Description.BitsAllocated),
            PixelEncoding.JpegLossless => DecodeJpegLossless(index),
            PixelEncoding.Jpeg2000 => DecodeWithLibrary(index),
            PixelEncoding.JpegLs => DecodeWithLibrary(index),
            _ => throw new UnsupportedPixelDataException($"Frames of {TransferSyntax.Name} are decoded only for display."),
        };

        _cachedIndex = index;
        _cached = frame;
        return frame;
    }

    private const string JpegExtendedUid = "1.2.840.10008.1.2.4.51";
    private const string JpegLsLosslessUid = "1.2.840.10008.1.2.4.80";
    private const string JpegLsNearLosslessUid = "1.2.840.10008.1.2.4.81";
    private const string Jpeg2000LosslessUid = "1.2.840.10008.1.2.4.90";

    /// <summary>JPEG 2000 lossless only, JPEG 2000, HTJ2K lossless only, HTJ2K lossless RPCL, HTJ2K.</summary>
    private static readonly string[] Jpeg2000Uids =
    {
        Jpeg2000LosslessUid, "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
    };

    private static DicomTransferSyntax? LosslessSyntaxOf(PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.Jpeg2000 => DicomTransferSyntax.FromUid(Jpeg2000LosslessUid),
        PixelEncoding.JpegLs => DicomTransferSyntax.FromUid(JpegLsLosslessUid),
        _ => null,
    };

    /// <summary>The photometric interpretation of decoded frames: colour-by-pixel, 4:2:2 expanded, JPEG 2000 colour transforms inverted.</summary>
    private static string DecodedPhotometric(string photometric) => photometric switch
    {
        "YBR_FULL_422" => "YBR_FULL",
        "YBR_ICT" or "YBR_RCT" => "RGB",
        _ => photometric,
    };

    /// <summary>A 12-bit JPEG Extended frame (changes included) decoded to 16-bit samples, for display and OCR only.</summary>
    private byte[] DecodeExtended12(int index)
    {
        ushort[] samples;
        int width, height;
        try
        {
            samples = JpegDctDecoder.DecodeGray(GetEncodedFrame(index), out width, out height, out _);
        }
        catch (NotSupportedException ex)
        {
            throw new UnsupportedPixelDataException($"This {TransferSyntax.Name} codestream cannot be decoded (frame {index}).", ex);
        }
        catch (JpegFormatException ex)
        {
            throw new UnsupportedPixelDataException($"The {TransferSyntax.Name} codestream of frame {index} is malformed.", ex);
        }

        if (width != Columns || height != Rows)
        {
            throw new UnsupportedPixelDataException("A JPEG frame does not match Rows and Columns (0028,0010/0011).");
        }

        byte[] frame = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            frame[2 * i] = unchecked((byte)samples[i]);
            frame[(2 * i) + 1] = (byte)(samples[i] >> 8);
        }

        return frame;
    }

    private byte[] EncodeWithLibrary(Func<byte[]> encode)
    {
        try
        {
            return encode();
        }
        catch (CodecLibraryNotFoundException ex)
        {
            throw new UnsupportedPixelDataException(ex.Message, ex);
        }
        catch (CodecException ex)
        {
            throw new UnsupportedPixelDataException($"The cleaned frame could not be encoded as {TransferSyntax.Name}: {ex.Message}", ex);
        }
    }

    private byte[] DecodeWithLibrary(int index)
    {
        byte[] encoded = EncapsulatedFrames.Join(_frameFragments![index]);
        CodecImage img;
        try
        {
            int near = 0;
            img = Encoding == PixelEncoding.Jpeg2000 ? Jpeg2000Codec.Decode(encoded) : JpegLsCodec.Decode(encoded, out near);
            _nearLossless |= near > 0;
        }
        catch (CodecLibraryNotFoundException ex)
        {
            throw new UnsupportedPixelDataException(ex.Message, ex);
        }
        catch (CodecException ex)
        {
            throw new UnsupportedPixelDataException($"The {TransferSyntax.Name} codestream of frame {index} cannot be decoded: {ex.Message}", ex);
        }

        if (img.Width != Columns || img.Height != Rows || img.Components != Description.SamplesPerPixel)
        {
            throw new UnsupportedPixelDataException($"A {TransferSyntax.Name} frame does not match Rows, Columns and Samples per Pixel (0028,0010/0011/0002).");
        }

        if (img.Precision > Description.BitsAllocated)
        {
            throw new UnsupportedPixelDataException($"A {TransferSyntax.Name} frame has more bits than Bits Allocated (0028,0100).");
        }

        _precision[index] = img.Precision;
        _codecSigned = img.IsSigned;
        int[] s = img.Samples;
        byte[] frame = new byte[FrameLayout.BytesPerFrame];
        if (Description.BitsAllocated == 8)
        {
            for (int i = 0; i < s.Length; i++)
            {
                frame[i] = unchecked((byte)s[i]);
            }
        }
        else
        {
            // Signed samples come back as negative ints: stored two's complement over the 16 bits, as native data would be.
            for (int i = 0; i < s.Length; i++)
            {
                frame[2 * i] = unchecked((byte)s[i]);
                frame[(2 * i) + 1] = unchecked((byte)(s[i] >> 8));
            }
        }

        return frame;
    }

    /// <summary>A decoded frame as codec input: <paramref name="signedSamples"/> sign-extends from the precision (JPEG 2000 codes signed samples; JPEG-LS codes the bits).</summary>
    private CodecImage ToCodecImage(int index, byte[] frame, bool signedSamples)
    {
        PixelDescription d = FrameLayout;
        int precision = Math.Max(_precision.TryGetValue(index, out int p) ? p : d.BitsStored, d.HighBit + 1);
        precision = Math.Min(16, Math.Max(2, precision));
        int n = Rows * Columns * d.SamplesPerPixel;
        int[] samples = new int[n];
        int mask = (1 << precision) - 1, sign = 1 << (precision - 1);
        for (int i = 0; i < n; i++)
        {
            int v = (int)SampleLayout.Read(frame, i, d.BitsAllocated) & mask;
            samples[i] = signedSamples && (v & sign) != 0 ? v - (1 << precision) : v;
        }

        return new CodecImage(Columns, Rows, d.SamplesPerPixel, precision, signedSamples, samples);
    }

    private byte[] DecodeJpegLossless(int index)
    {
        JpegLosslessImage img = JpegLosslessDecoder.Decode(EncapsulatedFrames.Join(_frameFragments![index]));
        if (img.Width != Columns || img.Height != Rows || img.Components != Description.SamplesPerPixel)
        {
            throw new UnsupportedPixelDataException("A lossless JPEG frame does not match Rows, Columns and Samples per Pixel (0028,0010/0011/0002).");
        }

        if (img.Precision > Description.BitsAllocated)
        {
            throw new UnsupportedPixelDataException("A lossless JPEG frame has more bits than Bits Allocated (0028,0100).");
        }

        _precision[index] = img.Precision;
        ushort[] s = img.Samples;
        byte[] frame = new byte[FrameLayout.BytesPerFrame];
        if (Description.BitsAllocated == 8)
        {
            for (int i = 0; i < s.Length; i++)
            {
                frame[i] = (byte)s[i];
            }
        }
        else
        {
            for (int i = 0; i < s.Length; i++)
            {
                frame[2 * i] = unchecked((byte)s[i]);
                frame[(2 * i) + 1] = (byte)(s[i] >> 8);
            }
        }

        return frame;
    }

    private byte[] Encode(int index, byte[] frame)
    {
        PixelDescription d = FrameLayout;
        switch (Encoding)
        {
            case PixelEncoding.JpegBaseline:
                return frame;
            case PixelEncoding.Rle:
                return RleCodec.Encode(frame, Rows, Columns, d.SamplesPerPixel, d.BitsAllocated);
            case PixelEncoding.Jpeg2000:
                // The codestream's own signedness wins over Pixel Representation (files that disagree exist).
                return EncodeWithLibrary(() => Jpeg2000Codec.EncodeLossless(ToCodecImage(index, frame, signedSamples: _codecSigned ?? d.IsSigned)));
            case PixelEncoding.JpegLs:
                return EncodeWithLibrary(() => JpegLsCodec.EncodeLossless(ToCodecImage(index, frame, signedSamples: false)));
            default:
                {
                    int precision = Math.Max(_precision.TryGetValue(index, out int p) ? p : d.BitsStored, d.HighBit + 1);
                    precision = Math.Min(16, Math.Max(2, precision));
                    int n = Rows * Columns * d.SamplesPerPixel;
                    ushort[] samples = new ushort[n];
                    for (int i = 0; i < n; i++)
                    {
                        samples[i] = (ushort)SampleLayout.Read(frame, i, d.BitsAllocated);
                    }

                    return JpegLosslessEncoder.Encode(samples, Columns, Rows, d.SamplesPerPixel, precision);
                }
        }
    }
}
