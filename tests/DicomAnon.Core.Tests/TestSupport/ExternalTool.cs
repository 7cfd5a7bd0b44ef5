// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace DicomAnon.Core.Tests.TestSupport;

/// <summary>Runs an external program (pydicom, dcmtk, dicom3tools) with a timeout and captures its output.</summary>
public static class ExternalTool
{
    public const string Python = "/usr/bin/python3";

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    /// <summary>Runs <paramref name="program"/>; throws (so the test fails, never skips) if it is missing or times out.</summary>
    public static Result Run(string program, IEnumerable<string> arguments, int timeoutMs = 120_000, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw new TimeoutException($"{program} did not finish within {timeoutMs} ms.");
        }

        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Fails with a clear message when a tool CI is supposed to install is absent.</summary>
    public static string Require(string program)
    {
        if (Path.IsPathRooted(program))
        {
            if (!File.Exists(program))
            {
                throw new InvalidOperationException($"{program} is required by this test (CI installs it).");
            }

            return program;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, program);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{program}' is not on PATH; it is required by this test (CI installs it).");
    }

    /// <summary>The repository file at <paramref name="relative"/>, found by walking up from the test binaries.</summary>
    public static string RepoFile(string relative)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Could not find {relative} above {AppContext.BaseDirectory}.");
    }
}
