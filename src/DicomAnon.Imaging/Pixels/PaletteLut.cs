// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Core;
using DicomAnon.Core.IO;

namespace DicomAnon.Imaging.Pixels;

/// <summary>The Palette Color Lookup Table of a PALETTE COLOR image (PS3.3 C.7.6.3.1.5-6), as 8-bit RGB.</summary>
internal sealed class PaletteLut
{
    private static readonly DicomTag[] DescriptorTags = { new(0x0028, 0x1101), new(0x0028, 0x1102), new(0x0028, 0x1103) };
    private static readonly DicomTag[] DataTags = { new(0x0028, 0x1201), new(0x0028, 0x1202), new(0x0028, 0x1203) };

    private readonly byte[][] _rgb;

    private PaletteLut(int firstMapped, byte[][] rgb)
    {
        FirstMapped = firstMapped;
        _rgb = rgb;
    }

    /// <summary>The stored pixel value that maps to the first entry.</summary>
    public int FirstMapped { get; }

    public int EntryCount => _rgb[0].Length;

    /// <summary>Reads the table; throws when it is missing or inconsistent (segmented tables are not supported).</summary>
    public static PaletteLut FromDataset(DicomDataset ds, bool signedPixels)
    {
        byte[][] rgb = new byte[3][];
        int first = 0;
        for (int c = 0; c < 3; c++)
        {
            if (ds[DescriptorTags[c]] is not DicomValueElement desc || desc.Length < 6 || ds[DataTags[c]] is not DicomValueElement data)
            {
                throw new UnsupportedPixelDataException("PALETTE COLOR without a usable Palette Color Lookup Table (0028,1101-1203) is not supported.");
            }

            byte[] d = desc.GetBytes();
            int n = LittleEndian.ReadUInt16(d, 0);
            if (n == 0)
            {
                n = 65536;
            }

            ushort rawFirst = LittleEndian.ReadUInt16(d, 2);
            first = signedPixels ? unchecked((short)rawFirst) : rawFirst;
            int bits = LittleEndian.ReadUInt16(d, 4);
            byte[] values = data.GetBytes();
            int bytesPerEntry = values.Length >= 2L * n ? 2 : values.Length >= n ? 1 : 0;
            if (bytesPerEntry == 0 || bits is not (8 or 16))
            {
                throw new UnsupportedPixelDataException("The Palette Color Lookup Table (0028,1101-1203) is inconsistent with its descriptor.");
            }

            byte[] table = new byte[n];
            for (int i = 0; i < n; i++)
            {
                int v = bytesPerEntry == 2 ? LittleEndian.ReadUInt16(values, i * 2) : values[i];
                table[i] = (byte)(bits == 16 ? v >> 8 : v & 0xFF);
            }

            rgb[c] = table;
        }

        if (rgb[1].Length != rgb[0].Length || rgb[2].Length != rgb[0].Length)
        {
            throw new UnsupportedPixelDataException("The Palette Color Lookup Tables (0028,1101-1103) differ in length.");
        }

        return new PaletteLut(first, rgb);
    }

    public void Lookup(int storedValue, out byte r, out byte g, out byte b)
    {
        int i = storedValue - FirstMapped;
        i = i < 0 ? 0 : i >= EntryCount ? EntryCount - 1 : i;
        r = _rgb[0][i];
        g = _rgb[1][i];
        b = _rgb[2][i];
    }

    /// <summary>The stored value whose colour is darkest (lowest luminance; first one on ties).</summary>
    public int DarkestStoredValue()
    {
        int best = 0;
        int bestLum = int.MaxValue;
        for (int i = 0; i < EntryCount; i++)
        {
            int lum = (299 * _rgb[0][i]) + (587 * _rgb[1][i]) + (114 * _rgb[2][i]);
            if (lum < bestLum)
            {
                bestLum = lum;
                best = i;
            }
        }

        return FirstMapped + best;
    }
}
