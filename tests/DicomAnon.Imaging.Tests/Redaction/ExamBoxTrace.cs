// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Issue 10 diagnostics on the independent exam (tests/RedTeam/ultrasound): for every PHI box of one zone of a set
/// (its truth/*.json), where it is lost. Prints, per frame, the finder's candidate lines over the box (before OCR)
/// and the OCR bridge's verdict on each (<see cref="TesseractTextFinder.Trace"/>), then what was blacked out over it.
/// Opt-in, tunable seeds only (5000-5999, 20417, 20931, 21001, 21002): DICOMANON_TRACE_SET (a set folder),
/// DICOMANON_TRACE_ZONE (default specular), DICOMANON_TRACE_FILES (optional: us_00,us_09), DICOMANON_TRACE_DUMP
/// (optional folder: each traced frame as a PGM, synthetic pixels only).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ExamBoxTrace
{
    private readonly ITestOutputHelper _output;

    public ExamBoxTrace(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Trace()
    {
        string? set = Environment.GetEnvironmentVariable("DICOMANON_TRACE_SET");
        if (string.IsNullOrEmpty(set))
        {
            _output.WriteLine("DICOMANON_TRACE_SET not set: nothing to trace.");
            return;
        }

        string zone = Environment.GetEnvironmentVariable("DICOMANON_TRACE_ZONE") ?? "specular";
        string[]? only = Environment.GetEnvironmentVariable("DICOMANON_TRACE_FILES")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        string? dump = Environment.GetEnvironmentVariable("DICOMANON_TRACE_DUMP");
        Assert.True(OcrAvailability.TryLoad(null, out string reason), "Tesseract: " + reason);
        foreach (string truthPath in Directory.GetFiles(Path.Combine(set, "truth"), "us_*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(truthPath);
            if (only is not null && !only.Contains(name))
            {
                continue;
            }

            using JsonDocument truth = JsonDocument.Parse(File.ReadAllText(truthPath));
            var boxes = new List<(int Frame, PixelRect Box, string What)>();
            foreach (JsonElement item in truth.RootElement.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("kind").GetString() != "phi" || item.GetProperty("zone").GetString() != zone)
                {
                    continue;
                }

                string what = $"{item.GetProperty("field").GetString()} {item.GetProperty("face").GetString()} {item.GetProperty("size_px").GetInt32()}px {item.GetProperty("colour").GetString()} {item.GetProperty("style").GetString()}";
                foreach (JsonElement f in item.GetProperty("frames").EnumerateArray())
                {
                    int[] b = f.GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                    boxes.Add((f.GetProperty("frame").GetInt32(), new PixelRect(b[0], b[1], b[2], b[3]), what));
                }
            }

            bool vouchedToo = Environment.GetEnvironmentVariable("DICOMANON_TRACE_VOUCHED") == "1";
            if (boxes.Count == 0 && !vouchedToo)
            {
                continue;
            }

            DicomFile file = DicomFile.Open(Path.Combine(set, name + ".dcm"));
            PixelFrames pixels = PixelFrames.Open(file);
            var recorder = new TracingTextFinder(TesseractTextFinder.Create(null, null));
            using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.AllText }, null, recorder);
            RedactionReport report = remover.Apply(DicomFile.Open(Path.Combine(set, name + ".dcm")));
            int frames = report.PerFrame.Count;
            _output.WriteLine($"{name}: {truth.RootElement.GetProperty("encoding").GetString()} outcome={report.Outcome} frames={frames} calls={recorder.Calls.Count}");
            for (int call = 0; vouchedToo && call < recorder.Calls.Count; call++)
            {
                foreach (var line in recorder.Calls[call].Where(l => l.Strong && l.Why != "no"))
                {
                    _output.WriteLine($"  vouched frame {call % frames} scan {call / frames}: {line.Why} {line.Box} conf={line.Confidence:F0} '{line.Text}'");
                }
            }

            foreach ((int frame, PixelRect box, string what) in boxes)
            {
                GrayImage image = pixels.RenderGray(frame);
                if (dump is not null)
                {
                    TextImageRenderer.SavePgm(Path.Combine(dump, $"{name}-{frame}.pgm"), image.Width, image.Height, image.Pixels);
                }

                PixelRect near = RectangleMath.Pad(box, 4);
                _output.WriteLine($"  frame {frame} {what} at {box}");
                foreach (TextLineCandidate c in TextCandidateFinder.Find(image).Where(c => RectangleMath.Intersects(c.Box, near)))
                {
                    _output.WriteLine($"    candidate {c.Box} h={c.TextHeight} bright={c.BrightInk} chars={c.Characters} noisy={c.NoisyBackground} ink={c.InkLevel} flat={(c.FlatInk is null ? "-" : "y")} contrast={c.MaxContrast}");
                    if (dump is not null)
                    {
                        string stem = Path.Combine(dump, $"{name}-{frame}-{c.Box.X}-{c.Box.Y}-{c.Box.Width}x{c.Box.Height}");
                        TextImageRenderer.SavePgm(stem + "-ink.pgm", c.Crop.Width, c.Crop.Height, c.Ink);
                        if (c.FlatInk is not null)
                        {
                            TextImageRenderer.SavePgm(stem + "-flat.pgm", c.Crop.Width, c.Crop.Height, c.FlatInk);
                        }
                    }
                }

                for (int call = frame; call < recorder.Calls.Count; call += frames)
                {
                    foreach (var line in recorder.Calls[call].Where(l => RectangleMath.Intersects(l.Box, near)))
                    {
                        _output.WriteLine($"    scan {call / frames}: {line.Why} strong={line.Strong} {line.Box} conf={line.Confidence:F0} '{line.Text}'");
                    }
                }

                _output.WriteLine($"    blacked: {string.Join(" ", report.PerFrame[frame].Regions.Where(r => RectangleMath.Intersects(r, box)))}");
            }
        }
    }
}
