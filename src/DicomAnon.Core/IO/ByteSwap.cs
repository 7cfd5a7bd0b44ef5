// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>In-place byte order reversal of fixed-size units (for the retired Explicit VR Big Endian syntax).</summary>
internal static class ByteSwap
{
    /// <summary>Reverses each <paramref name="unit"/>-byte word of <paramref name="data"/>[offset..offset+count). A unit of 0 or 1 does nothing.</summary>
    public static void InPlace(byte[] data, int offset, int count, int unit)
    {
        if (unit <= 1)
        {
            return;
        }

        int end = offset + (count - (count % unit));
        for (int i = offset; i < end; i += unit)
        {
            for (int a = i, z = i + unit - 1; a < z; a++, z--)
            {
                (data[a], data[z]) = (data[z], data[a]);
            }
        }
    }
}
