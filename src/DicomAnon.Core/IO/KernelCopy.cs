// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Runtime.InteropServices;

namespace DicomAnon.Core.IO;

/// <summary>
/// Copies a range of one file to the current position of another inside the kernel, without the bytes entering the
/// process: Linux <c>copy_file_range</c> (which can also share extents on file systems that support it), then
/// <c>sendfile</c> where that is refused (older kernels across file systems), else nothing (the caller copies the
/// rest itself). Windows and macOS return 0: the caller's large sequential copy with <see cref="FileOptions.SequentialScan"/>
/// is their fast path.
/// </summary>
internal static class KernelCopy
{
    /// <summary>Below this a system call or two costs more than a managed copy of the bytes.</summary>
    public const long MinimumLength = 16 * 1024;

    private const int MaxChunk = 1 << 30;
    private const int ENOSYS = 38;
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int EOPNOTSUPP = 95;
    private const int EPERM = 1;
    private const int EBADF = 9;

    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static volatile bool _copyFileRangeUnusable;
    private static volatile bool _sendfileUnusable;
    private static long _bytesCopied;

    /// <summary>Bytes the kernel has copied in this process (for tests and diagnostics).</summary>
    public static long BytesCopied => System.Threading.Interlocked.Read(ref _bytesCopied);

    /// <summary>
    /// Copies up to <paramref name="length"/> bytes from <paramref name="sourceOffset"/> of the file at
    /// <paramref name="sourcePath"/> to the position of <paramref name="target"/> (flushed first), and moves the target
    /// past them. Returns the bytes copied: fewer than asked (often 0) when the kernel path is not available or the
    /// source ended early, so the caller copies, or reports, the rest. The source is opened read-only by the C library,
    /// not as a FileStream: the kernel copy needs only the descriptor, and a FileStream adds a lock and its release, a
    /// size query, a read hint and a seek (six system calls a file). When it cannot be opened this way the result is 0,
    /// and the caller's own open reports why.
    /// </summary>
    /// <exception cref="IOException">The copy failed for a reason a managed copy would meet too (no space, I/O error);
    /// its HResult is the errno, so <see cref="OutputFailure"/> can name it.</exception>
    public static long CopyFromFile(string sourcePath, long sourceOffset, FileStream target, long length)
    {
        if (!IsLinux || length < MinimumLength || (_copyFileRangeUnusable && _sendfileUnusable) || sourcePath.IndexOf('\0') >= 0)
        {
            return 0; // a NUL would cut the path short in C: FileStream refuses such a name
        }

        int inFd;
        try
        {
            inFd = LinuxFiles.Open(sourcePath, LinuxFiles.ORdOnly | LinuxFiles.OCloExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }

        if (inFd < 0)
        {
            return 0;
        }

        try
        {
            return Copy(inFd, sourceOffset, target, length);
        }
        finally
        {
            _ = LinuxFiles.Close(inFd);
        }
    }

    private static long Copy(int inFd, long sourceOffset, FileStream target, long length)
    {
        target.Flush(); // the header written so far goes first; the value lands at the target's position
        long outPos = target.Position;
        long inPos = sourceOffset;
        long left = length;
        try
        {
            int outFd = checked((int)target.SafeFileHandle.DangerousGetHandle());
            while (left > 0 && !_copyFileRangeUnusable)
            {
                long n = LinuxFiles.CopyFileRange(inFd, ref inPos, outFd, ref outPos, Math.Min(left, MaxChunk));
                if (n > 0)
                {
                    left -= n;
                    continue;
                }

                if (n == 0)
                {
                    break; // the source ended early: the caller's copy reports it
                }

                int errno = Marshal.GetLastWin32Error();
                if (errno == LinuxFiles.EINTR)
                {
                    continue;
                }

                if (!IsUnsupported(errno))
                {
                    throw Failure("copy_file_range", errno);
                }

                _copyFileRangeUnusable = errno is ENOSYS or EPERM;
                break;
            }

            // sendfile writes at the target descriptor's own offset (FileStream writes with pwrite and keeps its own).
            if (left > 0 && !_sendfileUnusable && LinuxFiles.Seek(outFd, outPos, LinuxFiles.SeekSet) == outPos)
            {
                while (left > 0)
                {
                    long n = LinuxFiles.SendFile(outFd, inFd, ref inPos, Math.Min(left, MaxChunk));
                    if (n > 0)
                    {
                        left -= n;
                        outPos += n;
                        continue;
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    int errno = Marshal.GetLastWin32Error();
                    if (errno == LinuxFiles.EINTR)
                    {
                        continue;
                    }

                    if (!IsUnsupported(errno))
                    {
                        throw Failure("sendfile", errno);
                    }

                    _sendfileUnusable = errno is ENOSYS or EPERM;
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _copyFileRangeUnusable = true;
            _sendfileUnusable = true;
        }
        finally
        {
            target.Position = outPos;
        }

        System.Threading.Interlocked.Add(ref _bytesCopied, length - left);
        return length - left;
    }

    private static bool IsUnsupported(int errno) => errno is ENOSYS or EXDEV or EINVAL or EOPNOTSUPP or EPERM or EBADF;

    private static IOException Failure(string call, int errno) =>
        new($"{call} failed with errno {errno} while copying a value to the output.", errno);
}
