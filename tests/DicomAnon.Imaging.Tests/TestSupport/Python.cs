// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace DicomAnon.Imaging.Tests.TestSupport;

/// <summary>Debian's python3 with pydicom and numpy (and dcmtk), used to produce expected pixels independently.</summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";
    private static readonly Lazy<bool> IsAvailable = new(Probe);
    private static readonly Lazy<string> PydicomFixtures = new(() => Generate("pydicom"));
    private static readonly Lazy<string> JpegFixtures = new(() => Generate("jpegll"));

    public static bool Available => IsAvailable.Value;

    public static bool DcmtkAvailable => File.Exists("/usr/bin/dcmdjpeg") && File.Exists("/usr/bin/dcmcjpeg");

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Fixtures", "make_fixtures.py");

    /// <summary>Folder of pydicom's RLE and native test files dumped by make_fixtures.py.</summary>
    public static string PydicomCases => PydicomFixtures.Value;

    /// <summary>Folder of dcmcjpeg-compressed synthetic images.</summary>
    public static string JpegCases => JpegFixtures.Value;

    public static void Run(params object[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Script);
        foreach (object a in args)
        {
            psi.ArgumentList.Add(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!);
        }

        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "make_fixtures.py " + string.Join(' ', args) + " failed: " + err);
    }

    private static string Generate(string mode)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-imaging-fixtures-" + mode + "-" + Environment.ProcessId);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
            }
        };
        Run(mode, dir);
        return dir;
    }

    private static bool Probe()
    {
        if (!File.Exists(Interpreter))
        {
            return false;
        }

        try
        {
            var psi = new ProcessStartInfo(Interpreter, "-c \"import pydicom, numpy\"") { UseShellExecute = false, RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs /usr/bin/python3 with pydicom and numpy; skipped with a message when they are absent.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (!Python.Available)
        {
            Skip = "Needs /usr/bin/python3 with pydicom and numpy to produce expected pixels.";
        }
    }
}

/// <summary>A theory that needs python/pydicom (and dcmtk); skipped with a message when they are absent.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (!Python.Available || !Python.DcmtkAvailable)
        {
            Skip = "Needs /usr/bin/python3 with pydicom and numpy, and dcmtk, to produce expected pixels.";
        }
    }
}
