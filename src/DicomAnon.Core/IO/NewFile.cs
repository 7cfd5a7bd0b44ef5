// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomAnon.Core.IO;

/// <summary>
/// Creates a file that must not exist yet (a temporary output) for writing. On Linux the C library creates it
/// (O_CREAT | O_EXCL, mode 0666 before the umask, as .NET does) and a FileStream wraps the descriptor: a FileStream
/// that opens by name adds .NET's advisory exclusive lock and its release and a size query, three system calls a
/// file that guard nothing for a new file under a name only this process uses.
/// </summary>
/// <remarks>
/// When the C library cannot create the file (it exists, no access, no such folder) the FileStream is opened by name
/// after all, so the exception, and so the reported error, is the one it always was. Other platforms open by name.
/// </remarks>
internal static class NewFile
{
    private const int DefaultMode = 0x1B6; // 0666: the umask applies, as for FileStream
    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static bool _unusable;

    /// <summary>A new file at <paramref name="path"/>, open for writing with a buffer of <paramref name="bufferSize"/> bytes.</summary>
    /// <exception cref="IOException">The file exists or cannot be created (as FileMode.CreateNew reports it).</exception>
    public static FileStream Create(string path, int bufferSize)
    {
        if (IsLinux && !_unusable && path.IndexOf('\0') < 0)
        {
            int fd = -1;
            try
            {
                fd = LinuxFiles.Open(Path.GetFullPath(path), LinuxFiles.OWrOnly | LinuxFiles.OCreat | LinuxFiles.OExcl | LinuxFiles.OCloExec, DefaultMode);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _unusable = true;
            }

            if (fd >= 0)
            {
                var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
                try
                {
                    return new FileStream(handle, FileAccess.Write, bufferSize);
                }
                catch
                {
                    handle.Dispose();
                    TryDelete(path); // created above: not left behind
                    throw;
                }
            }
        }

        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the first failure is the one reported
        }
    }
}
