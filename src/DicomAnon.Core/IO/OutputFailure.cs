// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core.IO;

/// <summary>
/// Names the write failures a user can act on (a full disk, a read-only file system) with their documented error ids,
/// so they are not reported as a generic read or write error. Recognised by the operating system's error code:
/// on Windows the HRESULT of ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL and ERROR_WRITE_PROTECT; on Linux and macOS .NET
/// puts the errno itself in <see cref="Exception.HResult"/> (ENOSPC, EDQUOT, EROFS).
/// </summary>
internal static class OutputFailure
{
    /// <summary>Error id: no space left on the device (or the user's quota is used up).</summary>
    public const string DiskFull = "DiskFull";

    /// <summary>Error id: the destination is on a read-only file system (or a write-protected medium).</summary>
    public const string ReadOnlyFileSystem = "ReadOnlyFileSystem";

    private const int ErrnoNoSpace = 28;          // ENOSPC (Linux, macOS)
    private const int ErrnoReadOnly = 30;         // EROFS (Linux, macOS)
    private const int ErrnoQuotaLinux = 122;      // EDQUOT
    private const int ErrnoQuotaMac = 69;         // EDQUOT
    private const int HResultDiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL
    private const int HResultHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL
    private const int HResultWriteProtect = unchecked((int)0x80070013);   // ERROR_WRITE_PROTECT

    /// <summary>
    /// <see cref="DiskFull"/> or <see cref="ReadOnlyFileSystem"/> for an I/O failure of that kind (looking through
    /// wrapping exceptions); null for anything else.
    /// </summary>
    public static string? ErrorIdFor(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is not IOException)
            {
                continue;
            }

            bool unix = Environment.OSVersion.Platform == PlatformID.Unix || Environment.OSVersion.Platform == PlatformID.MacOSX;
            int code = e.HResult;
            if (code == HResultDiskFull || code == HResultHandleDiskFull || (unix && (code == ErrnoNoSpace || code == ErrnoQuotaLinux || code == ErrnoQuotaMac)))
            {
                return DiskFull;
            }

            if (code == HResultWriteProtect || (unix && code == ErrnoReadOnly))
            {
                return ReadOnlyFileSystem;
            }
        }

        return null;
    }
}
