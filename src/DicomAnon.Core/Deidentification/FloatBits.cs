// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;

namespace DicomAnon.Core.Deidentification;

/// <summary>IEEE 754 bit patterns of float and double without BitConverter (house rule) and without unsafe code.</summary>
internal static class FloatBits
{
    public static int SingleToInt32Bits(float value) => new Overlay32 { Single = value }.Int32;

    public static long DoubleToInt64Bits(double value) => new Overlay64 { Double = value }.Int64;

    [StructLayout(LayoutKind.Explicit)]
    private struct Overlay32
    {
        [FieldOffset(0)]
        public float Single;

        [FieldOffset(0)]
        public int Int32;
    }

    [StructLayout(LayoutKind.Explicit)]
    private struct Overlay64
    {
        [FieldOffset(0)]
        public double Double;

        [FieldOffset(0)]
        public long Int64;
    }
}
