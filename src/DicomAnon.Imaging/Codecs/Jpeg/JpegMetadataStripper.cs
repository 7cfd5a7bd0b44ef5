// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;

namespace DicomAnon.Imaging.Codecs.Jpeg;

/// <summary>
/// Removes segments that can carry text (and so PHI) from a JPEG codestream: COM and every APPn except the JFIF APP0
/// and Adobe APP14 markers that decoders need to pick the colour model. Entropy-coded data is copied unchanged.
/// </summary>
/// <remarks>Some devices write the patient's name or ID into COM or EXIF (APP1) segments of their JPEG frames.</remarks>
internal static class JpegMetadataStripper
{
    /// <summary>Returns the codestream without text-bearing segments before the first scan, or the input itself if it has none.</summary>
    /// <exception cref="JpegFormatException">The codestream's marker structure is broken before the first scan.</exception>
    public static byte[] Strip(byte[] jpeg, out int removed)
    {
        removed = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new JpegFormatException("Not a JPEG codestream (no SOI marker).", 0);
        }

        using var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg, 0, 2);
        int pos = 2;
        while (pos + 4 <= jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                throw new JpegFormatException("Expected a marker.", pos);
            }

            byte marker = jpeg[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker == 0xDA || marker == 0xD9)
            {
                break; // the first scan (or EOI): the rest is copied as is
            }

            int length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
            if (length < 2 || pos + 2 + length > jpeg.Length)
            {
                throw new JpegFormatException("Segment length runs past the end of the codestream.", pos);
            }

            if (IsTextBearing(jpeg, pos, marker, length))
            {
                removed++;
            }
            else if (marker == 0xE0 && length > 16)
            {
                // JFIF with an embedded thumbnail, which would still show the burned-in text: keep the header only.
                removed++;
                output.Write(new byte[] { 0xFF, 0xE0, 0x00, 0x10 }, 0, 4);
                output.Write(jpeg, pos + 4, 12);
                output.Write(new byte[] { 0, 0 }, 0, 2);
            }
            else
            {
                output.Write(jpeg, pos, 2 + length);
            }

            pos += 2 + length;
        }

        if (removed == 0)
        {
            return jpeg;
        }

        output.Write(jpeg, pos, jpeg.Length - pos);
        return output.ToArray();
    }

    private static bool IsTextBearing(byte[] d, int pos, byte marker, int length)
    {
        int body = pos + 4;
        if (marker == 0xFE)
        {
            return true; // COM
        }

        if (marker < 0xE0 || marker > 0xEF)
        {
            return false; // SOF, DHT, DQT, DRI...
        }

        bool jfif = marker == 0xE0 && length >= 7 && d[body] == (byte)'J' && d[body + 1] == (byte)'F' && d[body + 2] == (byte)'I' && d[body + 3] == (byte)'F' && d[body + 4] == 0;
        bool adobe = marker == 0xEE && length >= 7 && d[body] == (byte)'A' && d[body + 1] == (byte)'d' && d[body + 2] == (byte)'o' && d[body + 3] == (byte)'b' && d[body + 4] == (byte)'e';
        return !(jfif || adobe);
    }
}
