// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Text;
using DicomAnon.Core;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Tests.IO;

/// <summary>Small synthetic datasets for reader/writer tests (never real patient data).</summary>
internal static class Datasets
{
    public static DicomTag T(ushort g, ushort e) => new(g, e);

    public static DicomValueElement Str(ushort g, ushort e, DicomVR vr, string value) =>
        new(new DicomTag(g, e), vr, DicomDataset.PadToEven(Encoding.ASCII.GetBytes(value), vr));

    public static DicomValueElement Binary(ushort g, ushort e, DicomVR vr, params byte[] value) => new(new DicomTag(g, e), vr, value);

    /// <summary>One element of every VR of PS3.5, a nested sequence and a private block.</summary>
    public static DicomDataset EveryVR()
    {
        var ds = new DicomDataset
        {
            Str(0x0008, 0x0005, DicomVR.CS, "ISO_IR 100"),
            Str(0x0008, 0x0016, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7"),
            Str(0x0008, 0x0018, DicomVR.UI, "1.2.3.4.5.6.7"),
            Str(0x0008, 0x0020, DicomVR.DA, "20240131"),
            Str(0x0008, 0x0030, DicomVR.TM, "101112.123"),
            Str(0x0008, 0x002A, DicomVR.DT, "20240131101112.5+0100"),
            Str(0x0008, 0x0054, DicomVR.AE, "STORESCP"),
            Str(0x0008, 0x0060, DicomVR.CS, "OT"),
            Str(0x0008, 0x0080, DicomVR.LO, "Synthetic Hospital"),
            Str(0x0008, 0x0081, DicomVR.ST, "Street 1\\Town"),
            Str(0x0008, 0x0119, DicomVR.UC, "long code value"),
            Str(0x0008, 0x0120, DicomVR.UR, "http://example.invalid/x"),
            Str(0x0010, 0x0010, DicomVR.PN, "DOE^JANE"),
            Str(0x0010, 0x1010, DicomVR.AS, "042Y"),
            Str(0x0010, 0x4000, DicomVR.LT, "comment"),
            Str(0x0018, 0x0050, DicomVR.DS, "1.25"),
            Str(0x0020, 0x0013, DicomVR.IS, "7"),
            Str(0x0020, 0x4000, DicomVR.LT, "image comments"),
            Str(0x0040, 0xA160, DicomVR.UT, "unlimited text"),
            Binary(0x0018, 0x9219, DicomVR.SS, 0xFE, 0xFF),
            Binary(0x0028, 0x0010, DicomVR.US, 0x02, 0x00),
            Binary(0x0028, 0x0011, DicomVR.US, 0x02, 0x00),
            Binary(0x0018, 0x6020, DicomVR.SL, 1, 2, 3, 4),
            Binary(0x0018, 0x6024, DicomVR.UL, 5, 6, 7, 8),
            Binary(0x0018, 0x602C, DicomVR.FD, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F),
            Binary(0x0018, 0x9305, DicomVR.FL, 0, 0, 0x80, 0x3F),
            Binary(0x0020, 0x9165, DicomVR.AT, 0x10, 0x00, 0x20, 0x00),
            Binary(0x0066, 0x0040, DicomVR.OL, 1, 0, 0, 0),
            Binary(0x0066, 0x0016, DicomVR.OF, 0, 0, 0x80, 0x3F),
            Binary(0x0066, 0x0023, DicomVR.OW, 1, 2, 3, 4),
            Binary(0x0072, 0x0082, DicomVR.SV, 1, 2, 3, 4, 5, 6, 7, 8),
            Binary(0x0072, 0x0083, DicomVR.UV, 8, 7, 6, 5, 4, 3, 2, 1),
            Binary(0x0042, 0x0011, DicomVR.OB, 0x25, 0x50, 0x44, 0x46),
            Binary(0x0070, 0x1101, DicomVR.OD, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F),
            Binary(0x0066, 0x0041, DicomVR.OV, 1, 0, 0, 0, 0, 0, 0, 0),
            Str(0x0009, 0x0010, DicomVR.LO, "SYNTH CREATOR"),
            Binary(0x0009, 0x1001, DicomVR.UN, 1, 2, 3, 4),
        };
        var inner = new DicomDataset { Str(0x0008, 0x1150, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2"), Str(0x0008, 0x1155, DicomVR.UI, "1.2.3.9") };
        var mid = new DicomDataset { Str(0x0010, 0x0020, DicomVR.LO, "ID-1") };
        mid.Set(new DicomSequence(T(0x0008, 0x1140), new[] { inner }) { IsUndefinedLength = false });
        ds.Set(new DicomSequence(T(0x0008, 0x1115), new[] { mid, new DicomDataset() }));
        return ds;
    }

    public static DicomFile File(DicomDataset ds, DicomTransferSyntax syntax) => new(new DicomDataset(), ds, syntax);

    public static byte[] Bytes(DicomFile file, DicomTransferSyntax? syntax = null)
    {
        using var ms = new System.IO.MemoryStream();
        DicomWriter.Write(file, ms, new DicomWriteOptions { TransferSyntax = syntax });
        return ms.ToArray();
    }

    public static DicomFile Read(byte[] bytes, DicomReadOptions? options = null) =>
        DicomReader.Read(new System.IO.MemoryStream(bytes), options ?? DicomReadOptions.Default);
}
