// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomAnon.Commands;

/// <summary>
/// Writes secrets (keys, crosswalks) so that only the current user can read them: the file is created empty,
/// restricted (chmod 600 on Unix, an owner-only ACL on Windows), then filled and renamed into place atomically.
/// </summary>
internal static class OwnerOnlyFile
{
    public static void WriteAllText(string path, string text, bool overwrite)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        if (!overwrite && File.Exists(full))
        {
            throw new FileProblemException(ErrorIds.DestinationExists, System.Management.Automation.ErrorCategory.ResourceExists,
                $"'{full}' already exists. Use -Force to replace it.");
        }

        string temp = Path.Combine(dir, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }

            Restrict(temp);
            using (var fs = new FileStream(temp, FileMode.Truncate, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                fs.Write(bytes, 0, bytes.Length);
                fs.Flush(true);
            }

            if (File.Exists(full))
            {
                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Leaves only the owner's read/write access on <paramref name="path"/>.</summary>
    public static void Restrict(string path)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            string user = Environment.UserDomainName + "\\" + Environment.UserName;
            var psi = new ProcessStartInfo("icacls.exe", "\"" + path + "\" /inheritance:r /grant:r \"" + user + ":F\"")
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process p = Process.Start(psi) ?? throw new IOException("icacls could not be started.");
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new IOException($"Could not restrict access to '{path}' (icacls exit code {p.ExitCode}).");
            }
        }
        else if (NativeMethods.chmod(path, 0x180) != 0)
        {
            throw new IOException($"Could not restrict access to '{path}' (chmod failed with errno {Marshal.GetLastWin32Error()}).");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable CA2101, SYSLIB1054, CA5392
        public static extern int chmod(string path, uint mode);
#pragma warning restore CA2101, SYSLIB1054, CA5392
    }
}
