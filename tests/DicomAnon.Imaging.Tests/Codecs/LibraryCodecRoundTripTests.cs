// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.IO;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Tests.TestSupport;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs;

/// <summary>
/// Issue 9: JPEG 2000 and JPEG-LS files (made by GDCM, and pydicom's real ones) are blacked out through OpenJPEG and
/// CharLS, saved, and decoded again by pydicom+GDCM (and dcmtk for JPEG-LS): the same pixels outside the box, black
/// inside, and the output in the lossless syntax of the family.
/// </summary>
public sealed class LibraryCodecRoundTripTests
{
    private static readonly Lazy<string> Inputs = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-codec-fixtures-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        RunScript("make", dir);
        return dir;
    });

    [PythonTheory]
    [InlineData("gray8_j2k", false)]
    [InlineData("gray12_3frame_j2k", false)]
    [InlineData("gray16s_3frame_j2k", false)]
    [InlineData("rgb8_2frame_j2k", false)]
    [InlineData("gray8_j2klossy", false)]
    [InlineData("gray16s_3frame_j2klossy", false)]
    [InlineData("rgb8_2frame_j2klossy", false)]
    [InlineData("MR_small_jp2klossless", false)]
    [InlineData("GDCMJ2K_TextGBR", false)]
    [InlineData("SC_rgb_gdcm_KY", false)]
    [InlineData("693_J2KI", false)]
    [InlineData("JPEG2000", false)]
    [InlineData("gray8_jls", true)]
    [InlineData("gray12_3frame_jls", true)]
    [InlineData("gray16s_3frame_jls", true)]
    [InlineData("rgb8_2frame_jls", true)]
    [InlineData("gray8_jlslossy", true)]
    [InlineData("gray12_3frame_jlslossy", true)]
    [InlineData("rgb8_2frame_jlslossy", true)]
    [InlineData("MR_small_jpeg_ls_lossless", true)]
    public void Blackout_SavedFileDecodesInGdcmToTheSamePixelsOutsideTheBox(string name, bool jpegLs)
    {
        string input = Path.Combine(Inputs.Value, name + ".dcm");
        string dir = Path.Combine(Path.GetTempPath(), "dicomanon-codec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            long[] before = Dump("dump", input, dir, "before");
            DicomFile file = DicomFile.Open(input);
            string? lossy = file.Dataset.GetString(new DicomTag(0x0028, 0x2110));
            string? ratio = file.Dataset.GetString(new DicomTag(0x0028, 0x2112));
            PixelFrames pf = PixelFrames.Open(file);
            int rows = pf.Rows, cols = pf.Columns, spp = pf.Description.SamplesPerPixel, frames = pf.Count;
            var rect = new PixelRect(cols / 4, rows / 3, Math.Max(1, cols / 3), Math.Max(1, rows / 4));
            int target = frames - 1;
            pf.Blackout(target, new[] { rect });
            pf.Commit();

            string saved = Path.Combine(dir, "out.dcm");
            file.Save(saved);
            Assert.Equal(jpegLs ? "1.2.840.10008.1.2.4.80" : "1.2.840.10008.1.2.4.90", DicomFile.Open(saved).TransferSyntax.Uid);
            Assert.Equal(lossy, file.Dataset.GetString(new DicomTag(0x0028, 0x2110))); // lossy history kept as it was
            Assert.Equal(ratio, file.Dataset.GetString(new DicomTag(0x0028, 0x2112)));
            Assert.NotEqual("YBR_RCT", file.Dataset.GetString(PixelDescription.PhotometricInterpretationTag));
            long[] after = Dump("dump", saved, dir, "after");
            Assert.Equal(before.Length, after.Length);
            long black = pf.Description.IsSigned && pf.Description.IsMonochrome ? -(1L << (pf.Description.BitsStored - 1)) : 0;
            int inside = 0;
            for (int f = 0; f < frames; f++)
            {
                for (int y = 0; y < rows; y++)
                {
                    for (int x = 0; x < cols; x++)
                    {
                        for (int s = 0; s < spp; s++)
                        {
                            long i = ((((long)f * rows) + y) * cols * spp) + ((long)x * spp) + s;
                            bool boxed = f == target && x >= rect.X && x < rect.Right && y >= rect.Y && y < rect.Bottom;
                            if (boxed)
                            {
                                inside++;
                                Assert.True(after[i] == black, $"{name}: frame {f} ({x},{y}) sample {s} is {after[i]}, not black {black}");
                            }
                            else
                            {
                                Assert.True(after[i] == before[i], $"{name}: frame {f} ({x},{y}) sample {s} changed {before[i]} -> {after[i]}");
                            }
                        }
                    }
                }
            }

            Assert.Equal(rect.Width * rect.Height * spp, inside);
            if (jpegLs)
            {
                Assert.Equal(after, Dump("dump-dcmtk", saved, dir, "dcmtk"));
            }

        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [PythonTheory]
    [InlineData("rgb8_2frame_j2klossy")]
    [InlineData("gray8_jlslossy")]
    [InlineData("MR_small_jp2klossless")]
    public void NothingBlackedOut_KeepsTheOriginalBytesAndSyntax(string name)
    {
        string input = Path.Combine(Inputs.Value, name + ".dcm");
        DicomFile file = DicomFile.Open(input);
        string syntax = file.TransferSyntax.Uid;
        PixelFrames pf = PixelFrames.Open(file);
        byte[][] original = new byte[pf.Count][];
        for (int i = 0; i < pf.Count; i++)
        {
            original[i] = pf.GetEncodedFrame(i);
            _ = pf.RenderGray(i); // decoded for OCR, as the remover does
        }

        pf.Commit();

        Assert.Equal(syntax, file.TransferSyntax.Uid);
        for (int i = 0; i < pf.Count; i++)
        {
            Assert.Equal(original[i], pf.GetEncodedFrame(i));
        }
    }

    [PythonFact]
    public void NearLosslessInputWithoutLossyFlag_IsMarkedLossyWhenWrittenLossless()
    {
        DicomFile file = DicomFile.Open(Path.Combine(Inputs.Value, "gray8_jlslossy.dcm"));
        file.Dataset.Remove(new DicomTag(0x0028, 0x2110));
        PixelFrames pf = PixelFrames.Open(file);
        pf.Blackout(0, new[] { new PixelRect(0, 0, 8, 8) });
        pf.Commit();

        Assert.Equal("1.2.840.10008.1.2.4.80", file.TransferSyntax.Uid);
        Assert.Equal("01", file.Dataset.GetString(new DicomTag(0x0028, 0x2110)));
        Assert.Equal("ISO_14495_1", file.Dataset.GetString(new DicomTag(0x0028, 0x2114)));
    }

    [PythonFact]
    public void DamagedCodestream_IsUnsupportedPixelDataNamingTheSyntax()
    {
        DicomFile file = DicomFile.Open(Path.Combine(Inputs.Value, "gray8_j2k.dcm"));
        var seq = (DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!;
        byte[] frame = EncapsulatedFrames.Join(seq.Fragments);
        Array.Clear(frame, frame.Length / 2, frame.Length / 2);
        Array.Resize(ref frame, frame.Length / 2 + 8);
        file.Dataset.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, DicomBuffer.Empty, new[] { EncapsulatedFrames.ToFragment(frame) }));

        PixelFrames pf = PixelFrames.Open(file);
        var ex = Assert.ThrowsAny<Exception>(() => pf.Blackout(0, new[] { new PixelRect(0, 0, 4, 4) }));

        Assert.IsType<UnsupportedPixelDataException>(ex);
        Assert.Contains("JPEG 2000", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The folder of inputs made by codec_fixtures.py (made once per test run).</summary>
    internal static string InputFolder => Inputs.Value;

    internal static long[] Dump(string mode, string dcm, string dir, string label)
    {
        string output = Path.Combine(dir, label + ".i64");
        RunScript(mode, dcm, output);
        byte[] raw = File.ReadAllBytes(output);
        var values = new long[raw.Length / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = unchecked((long)LittleEndian.ReadUInt64(raw, i * 8));
        }

        return values;
    }

    private static void RunScript(params string[] args)
    {
        var psi = new ProcessStartInfo(Python.Interpreter) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", "codec_fixtures.py"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "codec_fixtures.py " + string.Join(' ', args) + " failed: " + err);
    }
}
