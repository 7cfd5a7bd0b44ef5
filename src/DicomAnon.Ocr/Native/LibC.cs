// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// The C runtime's own environment (<c>setenv</c>/<c>getenv</c>). On Linux and macOS .NET keeps a private copy
/// of the environment: <see cref="Environment.SetEnvironmentVariable(string, string)"/> never reaches what native
/// libraries read with <c>getenv</c>, so settings meant for libtesseract's OpenMP runtime go through here.
/// </summary>
internal static class LibC
{
    /// <summary>The variable as native code sees it, or null when unset.</summary>
    public static string? GetEnvironment(string name)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return Environment.GetEnvironmentVariable(name);
        }

        IntPtr value = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? LibSystem.getenv(name) : LibC6.getenv(name);
        return value == IntPtr.Zero ? null : Utf8.FromNative(value);
    }

    /// <summary>Sets the variable for native code unless it is already set (a user's own choice wins).</summary>
    public static void SetEnvironmentIfUnset(string name, string value)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Windows: the process environment block is what the CRT copies at DLL load; .NET writes it.
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            return;
        }

        int rc = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? LibSystem.setenv(name, value, 0) : LibC6.setenv(name, value, 0);
        if (rc != 0)
        {
            throw new InvalidOperationException("setenv failed for " + name + ".");
        }
    }

#pragma warning disable SA1300, IDE1006 // native names
    private static class LibC6
    {
        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr getenv([MarshalAs(UnmanagedType.LPStr)] string name);

        [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int setenv([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);
    }

    private static class LibSystem
    {
        [DllImport("/usr/lib/libSystem.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr getenv([MarshalAs(UnmanagedType.LPStr)] string name);

        [DllImport("/usr/lib/libSystem.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int setenv([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);
    }
#pragma warning restore SA1300, IDE1006
}
