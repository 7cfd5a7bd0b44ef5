// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Tests.TestSupport;

/// <summary>
/// Synthetic DICOM for tests and benchmarks (never real patient data): a fluent dataset builder, a dataset with one
/// element of every VR, nested sequences, private blocks, and CT-like 512x512 16-bit images (single or multi-frame).
/// Everything is deterministic for a given seed. Files are written with our own writer.
/// </summary>
/// <example><code>
/// DicomDataset ds = TestDicom.Build().Text(0x0010, 0x0010, DicomVR.PN, "DOE^JANE").UInt16(0x0028, 0x0010, 512).ToDataset();
/// DicomFile ct = TestDicom.CtImage(seed: 7);
/// TestDicom.WriteCt(path, seed: 7, syntax: DicomTransferSyntax.ImplicitVRLittleEndian);
/// </code></example>
public static class TestDicom
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string PrivateCreator = "DICOMANON TEST";

    /// <summary>Starts a dataset.</summary>
    public static Builder Build() => new();

    /// <summary>A deterministic UID under the 2.25 (UUID-derived) root.</summary>
    public static string Uid(int seed, int index)
    {
        var bytes = new byte[16];
        new Random(unchecked((seed * 7919) + index)).NextBytes(bytes);
        bytes[15] &= 0x7F; // positive
        return "2.25." + new BigInteger(bytes).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>One element of every VR of PS3.5 (except SQ, which <see cref="WithNestedSequences"/> adds), plus a nested sequence and a private block.</summary>
    public static DicomDataset AllVRs(int seed = 1)
    {
        Builder b = Build()
            .Text(0x0008, 0x0005, DicomVR.CS, "ISO_IR 192")
            .Text(0x0008, 0x0016, DicomVR.UI, CtImageStorage)
            .Text(0x0008, 0x0018, DicomVR.UI, Uid(seed, 1))
            .Text(0x0008, 0x0020, DicomVR.DA, "20240131")
            .Text(0x0008, 0x0030, DicomVR.TM, "235959.123456")
            .Text(0x0008, 0x002A, DicomVR.DT, "20240131235959.123456+0100")
            .Text(0x0008, 0x0050, DicomVR.SH, "ACC" + seed.ToString(CultureInfo.InvariantCulture))
            .Text(0x0008, 0x0054, DicomVR.AE, "SYNTH_AE")
            .Text(0x0008, 0x0060, DicomVR.CS, "CT")
            .Text(0x0008, 0x0070, DicomVR.LO, "Synthetic Manufacturer")
            .Text(0x0008, 0x0081, DicomVR.ST, "1 Synthetic Street\r\nNowhere")
            .Text(0x0008, 0x0090, DicomVR.PN, "SYNTH^REFERRER^^DR")
            .Text(0x0008, 0x0119, DicomVR.UC, "A long code value that may exceed sixty-four characters without a problem at all")
            .Text(0x0008, 0x0120, DicomVR.UR, "http://example.invalid/code")
            .Text(0x0010, 0x0010, DicomVR.PN, "SYNTHETIC^PATIENT^" + seed.ToString(CultureInfo.InvariantCulture))
            .Text(0x0010, 0x0020, DicomVR.LO, "ID" + seed.ToString("D6", CultureInfo.InvariantCulture))
            .Text(0x0010, 0x1010, DicomVR.AS, "042Y")
            .Text(0x0010, 0x1020, DicomVR.DS, "1.75")
            .Text(0x0010, 0x4000, DicomVR.LT, "Synthetic comment: not a real patient.")
            .Text(0x0018, 0x1000, DicomVR.LO, "SN-0001")
            .Text(0x0020, 0x0013, DicomVR.IS, "7")
            .Text(0x0040, 0xA160, DicomVR.UT, "Unlimited text " + new string('x', 300))
            .Raw(0x0008, 0x1163, DicomVR.FD, Float64(1.5, -2.25))
            .Raw(0x0018, 0x1320, DicomVR.FL, Float32(0.5f))
            .Raw(0x0018, 0x9310, DicomVR.FD, Float64(12.5))
            .Raw(0x0028, 0x0009, DicomVR.AT, new byte[] { 0x54, 0x00, 0x10, 0x00 }) // (0054,0010)
            .UInt16(0x0028, 0x0010, 4)
            .UInt16(0x0028, 0x0103, 1) // signed, so (0028,0106) is SS in implicit VR too
            .Raw(0x0028, 0x0106, DicomVR.SS, new byte[] { 0x00, 0x80 })               // -32768
            .Raw(0x0018, 0x9219, DicomVR.SS, new byte[] { 0xFF, 0xFF })
            .Raw(0x0020, 0x9057, DicomVR.UL, new byte[] { 1, 0, 0, 0 })
            .Raw(0x0018, 0x6020, DicomVR.SL, new byte[] { 0xFE, 0xFF, 0xFF, 0xFF })
            .Raw(0x0066, 0x0129, DicomVR.OL, new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 })
            .Raw(0x0066, 0x0016, DicomVR.OF, Float32(1f, 2f))
            .Raw(0x0066, 0x0040, DicomVR.OL, new byte[] { 3, 0, 0, 0 })
            .Raw(0x0064, 0x0009, DicomVR.OF, Float32(0.25f))
            .Raw(0x7FE0, 0x0009, DicomVR.OD, Float64(3.0))
            .Raw(0x0072, 0x0082, DicomVR.SV, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })
            .Raw(0x0072, 0x0083, DicomVR.UV, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 })
            .Raw(0x0072, 0x0081, DicomVR.OV, new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 })
            .Raw(0x0009, 0x0010, DicomVR.LO, Encoding.ASCII.GetBytes("DICOMANON TEST "))
            .Raw(0x0009, 0x1001, DicomVR.UN, new byte[] { 1, 2, 3, 4 })
            .Raw(0x0009, 0x1002, DicomVR.OB, new byte[] { 9, 8, 7, 6 })
            .Raw(0x0009, 0x1003, DicomVR.OW, new byte[] { 1, 0, 2, 0 });
        DicomDataset ds = b.ToDataset();
        WithNestedSequences(ds, depth: 3, itemsPerLevel: 2);
        WithPrivateBlock(ds, 0x0011, PrivateCreator, 3);
        return ds;
    }

    /// <summary>Adds (0008,1115) ReferencedSeriesSequence nested <paramref name="depth"/> levels, with text in every item.</summary>
    public static DicomDataset WithNestedSequences(DicomDataset ds, int depth, int itemsPerLevel = 1)
    {
        ds.Set(NestedSequence(depth, itemsPerLevel, 0));
        return ds;
    }

    private static DicomSequence NestedSequence(int depth, int itemsPerLevel, int level)
    {
        var sq = new DicomSequence(new DicomTag(0x0008, 0x1115));
        for (int i = 0; i < itemsPerLevel; i++)
        {
            var item = new DicomDataset();
            item.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, CtImageStorage);
            item.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, Uid(level, i));
            item.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "NESTED^LEVEL" + level.ToString(CultureInfo.InvariantCulture));
            if (level + 1 < depth)
            {
                item.Set(NestedSequence(depth, itemsPerLevel, level + 1));
            }

            sq.Items.Add(item);
        }

        return sq;
    }

    /// <summary>Reserves a private block for <paramref name="creator"/> in <paramref name="group"/> and fills <paramref name="count"/> elements
    /// (LO text, a UL, and a private sequence holding a person name).</summary>
    public static byte WithPrivateBlock(DicomDataset ds, ushort group, string creator, int count)
    {
        byte block = ds.ReservePrivateBlock(group, creator);
        ushort Element(int i) => (ushort)((block << 8) | (i + 1));
        for (int i = 0; i < count; i++)
        {
            ds.SetString(new DicomTag(group, Element(i)), DicomVR.LO, "PRIVATE VALUE " + i.ToString(CultureInfo.InvariantCulture), creator);
        }

        ds.Set(new DicomValueElement(new DicomTag(group, Element(count)), DicomVR.UL, new byte[] { 42, 0, 0, 0 }, creator));
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "PRIVATE^NESTED");
        ds.Set(new DicomSequence(new DicomTag(group, Element(count + 1)), new[] { item }, creator));
        return block;
    }

    /// <summary>A CT-like image header (patient, study, series, image modules; synthetic values).</summary>
    public static DicomDataset CtHeader(int seed, ushort rows = 512, ushort columns = 512, int frames = 1)
    {
        Builder b = Build()
            .Text(0x0008, 0x0005, DicomVR.CS, "ISO_IR 100")
            .Text(0x0008, 0x0008, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL")
            .Text(0x0008, 0x0016, DicomVR.UI, frames > 1 ? "1.2.840.10008.5.1.4.1.1.2.1" : CtImageStorage)
            .Text(0x0008, 0x0018, DicomVR.UI, Uid(seed, 1))
            .Text(0x0008, 0x0020, DicomVR.DA, "20240131")
            .Text(0x0008, 0x0030, DicomVR.TM, "101010")
            .Text(0x0008, 0x0050, DicomVR.SH, "A" + seed.ToString("D8", CultureInfo.InvariantCulture))
            .Text(0x0008, 0x0060, DicomVR.CS, "CT")
            .Text(0x0008, 0x0070, DicomVR.LO, "Synthetic")
            .Text(0x0008, 0x0090, DicomVR.PN, "REFERRER^SYNTHETIC")
            .Text(0x0008, 0x103E, DicomVR.LO, "SYNTHETIC CHEST")
            .Text(0x0010, 0x0010, DicomVR.PN, "SYNTHETIC^PATIENT" + (seed % 97).ToString(CultureInfo.InvariantCulture))
            .Text(0x0010, 0x0020, DicomVR.LO, "P" + (seed % 97).ToString("D6", CultureInfo.InvariantCulture))
            .Text(0x0010, 0x0030, DicomVR.DA, "19700101")
            .Text(0x0010, 0x0040, DicomVR.CS, "O")
            .Text(0x0018, 0x0050, DicomVR.DS, "1.25")
            .Text(0x0018, 0x0060, DicomVR.DS, "120")
            .Text(0x0020, 0x000D, DicomVR.UI, Uid(seed / 100, 2))
            .Text(0x0020, 0x000E, DicomVR.UI, Uid(seed / 100, 3))
            .Text(0x0020, 0x0010, DicomVR.SH, "1")
            .Text(0x0020, 0x0011, DicomVR.IS, "1")
            .Text(0x0020, 0x0013, DicomVR.IS, (seed % 1000).ToString(CultureInfo.InvariantCulture))
            .Text(0x0020, 0x0032, DicomVR.DS, "-250\\-250\\" + (seed % 1000).ToString(CultureInfo.InvariantCulture))
            .Text(0x0020, 0x0037, DicomVR.DS, "1\\0\\0\\0\\1\\0")
            .Text(0x0028, 0x0004, DicomVR.CS, "MONOCHROME2")
            .UInt16(0x0028, 0x0002, 1)
            .UInt16(0x0028, 0x0010, rows)
            .UInt16(0x0028, 0x0011, columns)
            .Text(0x0028, 0x0030, DicomVR.DS, "0.976562\\0.976562")
            .UInt16(0x0028, 0x0100, 16)
            .UInt16(0x0028, 0x0101, 12)
            .UInt16(0x0028, 0x0102, 11)
            .UInt16(0x0028, 0x0103, 0)
            .Text(0x0028, 0x1050, DicomVR.DS, "40")
            .Text(0x0028, 0x1051, DicomVR.DS, "400")
            .Text(0x0028, 0x1052, DicomVR.DS, "-1024")
            .Text(0x0028, 0x1053, DicomVR.DS, "1");
        if (frames > 1)
        {
            b.Text(0x0028, 0x0008, DicomVR.IS, frames.ToString(CultureInfo.InvariantCulture));
        }

        DicomDataset ds = b.ToDataset();
        WithNestedSequences(ds, depth: 2);
        WithPrivateBlock(ds, 0x0029, PrivateCreator, 2);
        return ds;
    }

    /// <summary>16-bit little-endian pixels of a synthetic phantom: a disc of soft tissue with two inserts and seeded noise.</summary>
    public static byte[] CtPixels(int seed, int rows = 512, int columns = 512)
    {
        var pixels = new byte[rows * columns * 2];
        var random = new Random(seed);
        double cx = columns / 2.0, cy = rows / 2.0, radius = Math.Min(rows, columns) * 0.42;
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                double dx = x - cx, dy = y - cy;
                double r = Math.Sqrt((dx * dx) + (dy * dy));
                int hu = r > radius ? -1000 : 40;
                if (((dx - 60) * (dx - 60)) + (dy * dy) < 900)
                {
                    hu = 700; // bone-like insert
                }
                else if (((dx + 70) * (dx + 70)) + ((dy - 30) * (dy - 30)) < 1600)
                {
                    hu = -600; // lung-like insert
                }

                int value = Math.Clamp(hu + 1024 + random.Next(-12, 13), 0, 4095);
                LittleEndian.WriteUInt16(pixels, ((y * columns) + x) * 2, (ushort)value);
            }
        }

        return pixels;
    }

    /// <summary>A complete single-frame CT image.</summary>
    public static DicomFile CtImage(int seed, DicomTransferSyntax? syntax = null, byte[]? pixels = null)
    {
        DicomDataset ds = CtHeader(seed);
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels ?? CtPixels(seed)));
        return new DicomFile(new DicomDataset(), ds, syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Writes a CT image to <paramref name="path"/> (atomically, with our writer).</summary>
    public static void WriteCt(string path, int seed, DicomTransferSyntax? syntax = null, byte[]? pixels = null) =>
        DicomWriter.WriteFile(CtImage(seed, syntax, pixels), path, new DicomWriteOptions());

    /// <summary>Writes a multi-frame 512x512 16-bit CT of about <paramref name="approximateBytes"/> (frames of 512 KiB),
    /// streaming the pixel data so that writing a gigabyte does not need a gigabyte of memory.</summary>
    public static long WriteMultiFrame(string path, long approximateBytes, int seed = 1)
    {
        const int frameBytes = 512 * 512 * 2;
        int frames = (int)Math.Max(1, approximateBytes / frameBytes);
        DicomDataset ds = CtHeader(seed, frames: frames);
        byte[] frame = CtPixels(seed);
        ds.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new RepeatingBuffer(frame, frames)));
        DicomWriter.WriteFile(new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian), path, new DicomWriteOptions());
        return (long)frames * frameBytes;
    }

    public static byte[] Float32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt32(b, i * 4, unchecked((uint)BitConverterSingleToInt32(values[i])));
        }

        return b;
    }

    public static byte[] Float64(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            LittleEndian.WriteUInt64(b, i * 8, unchecked((ulong)BitConverter.DoubleToInt64Bits(values[i])));
        }

        return b;
    }

    private static int BitConverterSingleToInt32(float value) => BitConverter.SingleToInt32Bits(value);

    /// <summary>Fluent dataset builder.</summary>
    public sealed class Builder
    {
        private readonly List<DicomElement> _elements = new();

        public Builder Text(ushort group, ushort element, DicomVR vr, string value)
        {
            byte[] bytes = vr is DicomVR.UC or DicomVR.UT or DicomVR.LT or DicomVR.ST or DicomVR.PN or DicomVR.LO or DicomVR.SH
                ? Encoding.UTF8.GetBytes(value)
                : Encoding.ASCII.GetBytes(value);
            _elements.Add(new DicomValueElement(new DicomTag(group, element), vr, DicomDataset.PadToEven(bytes, vr)));
            return this;
        }

        public Builder UInt16(ushort group, ushort element, params ushort[] values)
        {
            var b = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++)
            {
                LittleEndian.WriteUInt16(b, i * 2, values[i]);
            }

            _elements.Add(new DicomValueElement(new DicomTag(group, element), DicomVR.US, b));
            return this;
        }

        public Builder Raw(ushort group, ushort element, DicomVR vr, byte[] littleEndianValue, string? privateCreator = null)
        {
            var tag = new DicomTag(group, element);
            _elements.Add(new DicomValueElement(tag, vr, littleEndianValue, privateCreator ?? (tag.IsPrivate && !tag.IsPrivateCreator ? PrivateCreator : null)));
            return this;
        }

        public Builder Sequence(ushort group, ushort element, params DicomDataset[] items)
        {
            _elements.Add(new DicomSequence(new DicomTag(group, element), items));
            return this;
        }

        public Builder Element(DicomElement element)
        {
            _elements.Add(element);
            return this;
        }

        public DicomDataset ToDataset() => new(_elements);

        public DicomFile ToFile(DicomTransferSyntax? syntax = null) => new(new DicomDataset(), ToDataset(), syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian);

        /// <summary>The Part 10 bytes of <see cref="ToFile"/>.</summary>
        public byte[] ToBytes(DicomTransferSyntax? syntax = null)
        {
            using var ms = new System.IO.MemoryStream();
            DicomWriter.Write(ToFile(syntax), ms, new DicomWriteOptions());
            return ms.ToArray();
        }
    }

    /// <summary>A value made of one block repeated (for huge synthetic pixel data without holding it in memory).</summary>
    private sealed class RepeatingBuffer : DicomBuffer
    {
        private readonly byte[] _block;
        private readonly int _count;

        public RepeatingBuffer(byte[] block, int count)
        {
            _block = block;
            _count = count;
        }

        public override long Length => (long)_block.Length * _count;

        public override bool IsLoaded => false;

        public override byte[] ToArray() => throw new NotSupportedException("Stream this value with CopyTo.");

        public override void CopyTo(System.IO.Stream destination)
        {
            for (int i = 0; i < _count; i++)
            {
                destination.Write(_block, 0, _block.Length);
            }
        }
    }
}
