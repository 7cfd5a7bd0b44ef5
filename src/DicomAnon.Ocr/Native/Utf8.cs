// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomAnon.Ocr.Native;

/// <summary>UTF-8 string marshalling by hand: netstandard2.0 has no UTF-8 marshaller.</summary>
internal static class Utf8
{
    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>, for passing as <c>const char*</c>.</summary>
    public static byte[] ToNative(string text)
    {
        int count = Encoding.UTF8.GetByteCount(text);
        byte[] bytes = new byte[count + 1];
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
        return bytes;
    }

    /// <summary>Reads a NUL-terminated UTF-8 string from native memory (does not free it).</summary>
    public static string FromNative(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }

        int length = 0;
        while (Marshal.ReadByte(text, length) != 0)
        {
            length++;
        }

        if (length == 0)
        {
            return string.Empty;
        }

        byte[] bytes = new byte[length];
        Marshal.Copy(text, bytes, 0, length);
        return Encoding.UTF8.GetString(bytes);
    }
}
