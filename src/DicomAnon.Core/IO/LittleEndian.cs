// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.IO;

/// <summary>Explicit little-endian reads and writes; never BitConverter, whose result depends on the machine.</summary>
internal static class LittleEndian
{
    public static ushort ReadUInt16(byte[] b, int i) => (ushort)(b[i] | (b[i + 1] << 8));

    public static uint ReadUInt32(byte[] b, int i) =>
        b[i] | ((uint)b[i + 1] << 8) | ((uint)b[i + 2] << 16) | ((uint)b[i + 3] << 24);

    public static ulong ReadUInt64(byte[] b, int i) => ReadUInt32(b, i) | ((ulong)ReadUInt32(b, i + 4) << 32);

    public static void WriteUInt16(byte[] b, int i, ushort v)
    {
        b[i] = unchecked((byte)v);
        b[i + 1] = unchecked((byte)(v >> 8));
    }

    public static void WriteUInt32(byte[] b, int i, uint v)
    {
        b[i] = unchecked((byte)v);
        b[i + 1] = unchecked((byte)(v >> 8));
        b[i + 2] = unchecked((byte)(v >> 16));
        b[i + 3] = unchecked((byte)(v >> 24));
    }

    public static void WriteUInt64(byte[] b, int i, ulong v)
    {
        WriteUInt32(b, i, unchecked((uint)v));
        WriteUInt32(b, i + 4, unchecked((uint)(v >> 32)));
    }
}
