// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Pixels;

/// <summary>
/// The Image Pixel Module attributes that describe how pixel data is laid out (PS3.3 C.7.6.3), validated.
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class PixelDescription
{
    public static readonly DicomTag SamplesPerPixelTag = new(0x0028, 0x0002);
    public static readonly DicomTag PhotometricInterpretationTag = new(0x0028, 0x0004);
    public static readonly DicomTag PlanarConfigurationTag = new(0x0028, 0x0006);
    public static readonly DicomTag NumberOfFramesTag = new(0x0028, 0x0008);
    public static readonly DicomTag RowsTag = new(0x0028, 0x0010);
    public static readonly DicomTag ColumnsTag = new(0x0028, 0x0011);
    public static readonly DicomTag BitsAllocatedTag = new(0x0028, 0x0100);
    public static readonly DicomTag BitsStoredTag = new(0x0028, 0x0101);
    public static readonly DicomTag HighBitTag = new(0x0028, 0x0102);
    public static readonly DicomTag PixelRepresentationTag = new(0x0028, 0x0103);

    public PixelDescription(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        bool isSigned,
        string photometricInterpretation,
        int planarConfiguration,
        int numberOfFrames)
    {
        Rows = rows;
        Columns = columns;
        SamplesPerPixel = samplesPerPixel;
        BitsAllocated = bitsAllocated;
        BitsStored = bitsStored;
        HighBit = highBit;
        IsSigned = isSigned;
        PhotometricInterpretation = photometricInterpretation ?? throw new ArgumentNullException(nameof(photometricInterpretation));
        PlanarConfiguration = planarConfiguration;
        NumberOfFrames = numberOfFrames;
        Validate();
    }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    /// <summary>1, 8, 12 (retired packed), 16 or 32.</summary>
    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    /// <summary>Pixel Representation 1 (two's complement).</summary>
    public bool IsSigned { get; }

    /// <summary>MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB, YBR_FULL or YBR_FULL_422.</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>0 = colour-by-pixel (R1G1B1R2...), 1 = colour-by-plane (R...G...B...).</summary>
    public int PlanarConfiguration { get; }

    public int NumberOfFrames { get; }

    public bool IsMonochrome => PhotometricInterpretation is "MONOCHROME1" or "MONOCHROME2";

    public bool IsPalette => PhotometricInterpretation == "PALETTE COLOR";

    /// <summary>YBR_FULL_422: two horizontally adjacent pixels share one Cb and one Cr (stored Y1 Y2 Cb Cr).</summary>
    public bool IsSubsampled422 => PhotometricInterpretation == "YBR_FULL_422";

    /// <summary>Samples stored per frame (3 per pair of pixels for 4:2:2, i.e. 2 per pixel).</summary>
    public long SamplesPerFrame => IsSubsampled422 ? 2L * Rows * Columns : (long)Rows * Columns * SamplesPerPixel;

    /// <summary>Bits one frame occupies in native (uncompressed) pixel data.</summary>
    public long BitsPerFrame => SamplesPerFrame * BitsAllocated;

    /// <summary>Bytes of one frame extracted on its own (rounded up when the frame is not a whole number of bytes).</summary>
    public int BytesPerFrame => checked((int)((BitsPerFrame + 7) / 8));

    /// <summary>Bytes native pixel data needs for all frames, without the padding byte.</summary>
    public long NativeLength => (checked(BitsPerFrame * NumberOfFrames) + 7) / 8;

    /// <summary>Reads and validates the description from a dataset.</summary>
    /// <exception cref="UnsupportedPixelDataException">An attribute is missing or out of range, or the combination is not supported.</exception>
    public static PixelDescription FromDataset(DicomDataset dataset)
    {
        if (dataset is null)
        {
            throw new ArgumentNullException(nameof(dataset));
        }

        int rows = Required(dataset, RowsTag, "Rows");
        int columns = Required(dataset, ColumnsTag, "Columns");
        int bitsAllocated = Required(dataset, BitsAllocatedTag, "Bits Allocated");
        int bitsStored = Optional(dataset, BitsStoredTag) ?? bitsAllocated;
        int highBit = Optional(dataset, HighBitTag) ?? (bitsStored - 1);
        int samples = Optional(dataset, SamplesPerPixelTag) ?? 1;
        int representation = Optional(dataset, PixelRepresentationTag) ?? 0;
        int planar = samples > 1 ? Optional(dataset, PlanarConfigurationTag) ?? 0 : 0;
        string photometric = (dataset.GetString(PhotometricInterpretationTag) ?? (samples == 1 ? "MONOCHROME2" : "RGB")).Trim().ToUpperInvariant();
        int frames = 1;
        string? nf = dataset.GetString(NumberOfFramesTag);
        if (!string.IsNullOrWhiteSpace(nf))
        {
            if (!int.TryParse(nf!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out frames) || frames < 1)
            {
                throw new UnsupportedPixelDataException("Number of Frames (0028,0008) is not a positive integer.");
            }
        }

        if (representation is not (0 or 1))
        {
            throw new UnsupportedPixelDataException("Pixel Representation (0028,0103) must be 0 or 1.");
        }

        return new PixelDescription(rows, columns, samples, bitsAllocated, bitsStored, highBit, representation == 1, photometric, planar, frames);
    }

    private static int Required(DicomDataset ds, DicomTag tag, string name) =>
        Optional(ds, tag) ?? throw new UnsupportedPixelDataException($"{name} {tag} is missing or not a valid integer.");

    private static int? Optional(DicomDataset ds, DicomTag tag)
    {
        long? v = ds.GetInteger(tag);
        return v is long l && l >= 0 && l <= int.MaxValue ? (int)l : null;
    }

    private void Validate()
    {
        if (Rows < 1 || Columns < 1 || Rows > 65535 || Columns > 65535)
        {
            throw new UnsupportedPixelDataException("Rows (0028,0010) and Columns (0028,0011) must be between 1 and 65535.");
        }

        if (BitsAllocated is not (1 or 8 or 12 or 16 or 32))
        {
            throw new UnsupportedPixelDataException("Bits Allocated (0028,0100) must be 1, 8, 12, 16 or 32.");
        }

        if (BitsStored < 1 || BitsStored > BitsAllocated)
        {
            throw new UnsupportedPixelDataException("Bits Stored (0028,0101) must be between 1 and Bits Allocated (0028,0100).");
        }

        if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw new UnsupportedPixelDataException("High Bit (0028,0102) must lie between Bits Stored - 1 and Bits Allocated - 1.");
        }

        if (PlanarConfiguration is not (0 or 1))
        {
            throw new UnsupportedPixelDataException("Planar Configuration (0028,0006) must be 0 or 1.");
        }

        if (NumberOfFrames < 1)
        {
            throw new UnsupportedPixelDataException("Number of Frames (0028,0008) must be at least 1.");
        }

        switch (PhotometricInterpretation)
        {
            case "MONOCHROME1":
            case "MONOCHROME2":
            case "PALETTE COLOR":
                if (SamplesPerPixel != 1)
                {
                    throw new UnsupportedPixelDataException($"Photometric Interpretation {PhotometricInterpretation} needs Samples per Pixel (0028,0002) of 1.");
                }

                if (PhotometricInterpretation == "PALETTE COLOR" && BitsAllocated is not (8 or 16))
                {
                    throw new UnsupportedPixelDataException("PALETTE COLOR needs Bits Allocated (0028,0100) of 8 or 16.");
                }

                break;
            case "RGB":
            case "YBR_FULL":
            case "YBR_FULL_422":
            case "YBR_ICT": // JPEG 2000 only (PixelFrames decodes them to RGB)
            case "YBR_RCT":
                if (SamplesPerPixel != 3)
                {
                    throw new UnsupportedPixelDataException($"Photometric Interpretation {PhotometricInterpretation} needs Samples per Pixel (0028,0002) of 3.");
                }

                if (BitsAllocated is not (8 or 16 or 32))
                {
                    throw new UnsupportedPixelDataException($"Photometric Interpretation {PhotometricInterpretation} needs Bits Allocated (0028,0100) of 8, 16 or 32.");
                }

                if (PhotometricInterpretation == "YBR_FULL_422" && (Columns & 1) != 0)
                {
                    throw new UnsupportedPixelDataException("YBR_FULL_422 needs an even number of Columns (0028,0011).");
                }

                break;
            default:
                throw new UnsupportedPixelDataException("This Photometric Interpretation (0028,0004) is not supported.");
        }

        if (BitsPerFrame * NumberOfFrames / 8 > int.MaxValue)
        {
            throw new UnsupportedPixelDataException("The pixel data described by the Image Pixel Module is larger than 2 GB.");
        }
    }

    /// <summary>This description with another photometric interpretation and planar configuration (the layout a codec decodes to).</summary>
    internal PixelDescription WithLayout(string photometric, int planar) =>
        new(Rows, Columns, SamplesPerPixel, BitsAllocated, BitsStored, HighBit, IsSigned, photometric, planar, NumberOfFrames);
}
