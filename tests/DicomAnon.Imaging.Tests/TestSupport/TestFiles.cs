// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;

namespace DicomAnon.Imaging.Tests.TestSupport;

/// <summary>Builds in-memory DicomFile objects with an Image Pixel Module (synthetic, no patient data).</summary>
internal static class TestFiles
{
    public static DicomDataset ImageDataset(int rows, int columns, int samples, int bitsAllocated, int bitsStored, bool signed, string photometric, int planar = 0, int frames = 1, int? highBit = null)
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "SECRET^PATIENT");
        ds.SetUInt16(PixelDescription.SamplesPerPixelTag, (ushort)samples);
        ds.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, photometric);
        if (samples > 1)
        {
            ds.SetUInt16(PixelDescription.PlanarConfigurationTag, (ushort)planar);
        }

        if (frames != 1)
        {
            ds.SetString(PixelDescription.NumberOfFramesTag, DicomVR.IS, frames.ToString(CultureInfo.InvariantCulture));
        }

        ds.SetUInt16(PixelDescription.RowsTag, (ushort)rows);
        ds.SetUInt16(PixelDescription.ColumnsTag, (ushort)columns);
        ds.SetUInt16(PixelDescription.BitsAllocatedTag, (ushort)bitsAllocated);
        ds.SetUInt16(PixelDescription.BitsStoredTag, (ushort)bitsStored);
        ds.SetUInt16(PixelDescription.HighBitTag, (ushort)(highBit ?? (bitsStored - 1)));
        ds.SetUInt16(PixelDescription.PixelRepresentationTag, (ushort)(signed ? 1 : 0));
        return ds;
    }

    public static DicomFile Native(DicomDataset ds, byte[] pixels, DicomTransferSyntax? ts = null)
    {
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
        return new DicomFile(new DicomDataset(), ds, ts ?? DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public static DicomFile Encapsulated(DicomDataset ds, DicomTransferSyntax ts, byte[] offsetTable, IEnumerable<byte[]> fragments)
    {
        var buffers = new List<DicomBuffer>();
        foreach (byte[] f in fragments)
        {
            buffers.Add(DicomBuffer.From(f));
        }

        ds.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.From(offsetTable), buffers));
        return new DicomFile(new DicomDataset(), ds, ts);
    }

    public static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static byte[] NativePixels(DicomFile f) => ((DicomValueElement)f.Dataset[DicomTag.PixelData]!).GetBytes();
}
