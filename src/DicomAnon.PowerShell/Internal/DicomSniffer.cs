// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using DicomAnon.Core;

namespace DicomAnon.Commands;

/// <summary>Cheap "is this DICOM at all?" check: 'DICM' at byte 128, or a plausible raw dataset start.</summary>
internal static class DicomSniffer
{
    public static bool LooksLikeDicom(string path)
    {
        var head = new byte[132];
        int n;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            n = ReadUpTo(fs, head);
        }

        if (n >= 132 && head[128] == (byte)'D' && head[129] == (byte)'I' && head[130] == (byte)'C' && head[131] == (byte)'M')
        {
            return true;
        }

        return n >= 8 && LooksLikeRawDataset(head);
    }

    /// <summary>True for a file called DICOMDIR (the media directory of PS3.10).</summary>
    public static bool IsDicomDirName(string path) =>
        string.Equals(Path.GetFileName(path), "DICOMDIR", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeRawDataset(byte[] b)
    {
        // First element of a raw dataset: a small even group (0002..0008 in practice), little endian.
        int group = b[0] | (b[1] << 8);
        int element = b[2] | (b[3] << 8);
        if (group == 0 || group > 0x0010 || (group & 1) == 1 || element > 0x0100)
        {
            return false;
        }

        // Explicit VR: two upper-case letters that name a VR. Implicit VR: a 32-bit length that is not absurd.
        if (DicomVRInfo.TryParse(b[4], b[5], out _))
        {
            return true;
        }

        uint length = (uint)(b[4] | (b[5] << 8) | (b[6] << 16)) | ((uint)b[7] << 24);
        return length < 0x10000;
    }

    private static int ReadUpTo(Stream s, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer, total, buffer.Length - total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
