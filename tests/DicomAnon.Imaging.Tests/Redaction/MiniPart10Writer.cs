// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Text;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Test-only writer of a flat Explicit VR Little Endian Part 10 file (no sequences), so that dcmtk can
/// encode our synthetic images into RLE / JPEG before the engine's own writer exists.
/// </summary>
internal static class MiniPart10Writer
{
    public static void Write(DicomFile file, string path)
    {
        using var s = File.Create(path);
        s.Write(new byte[128], 0, 128);
        s.Write(Encoding.ASCII.GetBytes("DICM"), 0, 4);
        using var meta = new MemoryStream();
        WriteElement(meta, new DicomValueElement(new DicomTag(0x0002, 0x0001), DicomVR.OB, new byte[] { 0, 1 }));
        foreach (DicomElement e in file.FileMetaInformation)
        {
            if (e.Tag.Element != 0 && e.Tag != new DicomTag(0x0002, 0x0001))
            {
                WriteElement(meta, e);
            }
        }

        var groupLength = new byte[4];
        Core.IO.LittleEndian.WriteUInt32(groupLength, 0, (uint)meta.Length);
        WriteElement(s, new DicomValueElement(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, groupLength));
        meta.Position = 0;
        meta.CopyTo(s);
        foreach (DicomElement e in file.Dataset)
        {
            WriteElement(s, e);
        }
    }

    private static void WriteElement(Stream s, DicomElement e)
    {
        if (e is not DicomValueElement v)
        {
            throw new NotSupportedException("The mini writer writes flat datasets only.");
        }

        byte[] value = v.GetBytes();
        var head = new byte[12];
        Core.IO.LittleEndian.WriteUInt16(head, 0, e.Tag.Group);
        Core.IO.LittleEndian.WriteUInt16(head, 2, e.Tag.Element);
        string vr = DicomVRInfo.ToCode(e.VR);
        head[4] = (byte)vr[0];
        head[5] = (byte)vr[1];
        if (DicomVRInfo.HasLongLength(e.VR))
        {
            Core.IO.LittleEndian.WriteUInt32(head, 8, (uint)value.Length);
            s.Write(head, 0, 12);
        }
        else
        {
            Core.IO.LittleEndian.WriteUInt16(head, 6, (ushort)value.Length);
            s.Write(head, 0, 8);
        }

        s.Write(value, 0, value.Length);
    }
}
