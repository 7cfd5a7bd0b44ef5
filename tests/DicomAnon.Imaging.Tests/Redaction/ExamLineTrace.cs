// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Pixels;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;
using Xunit;
using Xunit.Abstractions;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>
/// Diagnostics for one file of the independent exam (tuning seeds only): every candidate line of one frame, the
/// evidence that vouched for it or not, the words the finder reports and the boxes finally blacked out. Opt-in:
/// DICOMANON_TRACE_FILE (a .dcm), DICOMANON_TRACE_FRAME (0-based, default 0), DICOMANON_TRACE_PGM (optional: the
/// frame's grey rendering is written there), DICOMANON_TRACE_CROPS (optional: a folder for each candidate's OCR crops).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ExamLineTrace
{
    private readonly ITestOutputHelper _output;

    public ExamLineTrace(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Trace()
    {
        string? path = Environment.GetEnvironmentVariable("DICOMANON_TRACE_FILE");
        if (path is null)
        {
            _output.WriteLine("DICOMANON_TRACE_FILE not set: nothing to trace.");
            return;
        }

        int frame = int.Parse(Environment.GetEnvironmentVariable("DICOMANON_TRACE_FRAME") ?? "0", CultureInfo.InvariantCulture);
        var file = DicomFile.Open(path);
        var source = new PixelFramesSource(PixelFrames.Open(file));
        GrayImage image = source.RenderGray(frame);
        string? pgm = Environment.GetEnvironmentVariable("DICOMANON_TRACE_PGM");
        if (pgm is not null)
        {
            TextImageRenderer.SavePgm(pgm, image.Width, image.Height, image.Pixels);
        }

        string? crops = Environment.GetEnvironmentVariable("DICOMANON_TRACE_CROPS");
        foreach (TextLineCandidate c in TextCandidateFinder.Find(image))
        {
            _output.WriteLine(FormattableString.Invariant($"candidate {c.Box} h={c.TextHeight} bright={c.BrightInk} chars={c.Characters} noisy={c.NoisyBackground} ink={c.InkLevel} plateau={c.Plateau:F2} flat={(c.FlatInk is not null)} crop={c.Crop}"));
            if (crops is not null)
            {
                // The crops OCR reads (synthetic exam values only): the strokes, and the flat-ink strokes on speckle.
                string name = FormattableString.Invariant($"{c.Box.X}_{c.Box.Y}");
                TextImageRenderer.SavePgm(Path.Combine(crops, name + "_ink.pgm"), c.Crop.Width, c.Crop.Height, c.Ink);
                if (c.FlatInk is not null)
                {
                    TextImageRenderer.SavePgm(Path.Combine(crops, name + "_flat.pgm"), c.Crop.Width, c.Crop.Height, c.FlatInk);
                }
            }
        }

        using var finder = TesseractTextFinder.Create(null, null);
        var trace = new System.Collections.Generic.List<(PixelRect Box, string Why, bool Strong, string Text, float Confidence)>();
        finder.Trace = trace;
        var words = finder.Detect(image, Array.Empty<PixelRect>());
        foreach (var t in trace)
        {
            _output.WriteLine(FormattableString.Invariant($"trace {t.Box} {t.Why} strong={t.Strong} conf={t.Confidence:F0} '{t.Text}'"));
        }

        foreach (TextWord w in words)
        {
            _output.WriteLine(FormattableString.Invariant($"word {w.Box} line={w.Line} h={w.TextHeight} readable={w.Readable} unconfirmed={w.Unconfirmed} lineBox={w.LineBox} '{w.Text}'"));
        }

        foreach (TextWord w in TextScanner.Grown(image, words.ToList()))
        {
            _output.WriteLine(FormattableString.Invariant($"grown line={w.Line} lineBox={w.LineBox}"));
        }

        using var remover = new BurnedTextRemover(new RedactionSettings { UseOcr = true, Target = RedactionTarget.AllText }, null, TesseractTextFinder.Create(null, null));
        RedactionReport report = remover.Apply(DicomFile.Open(path));
        foreach (PixelRect r in report.PerFrame[frame].Regions)
        {
            _output.WriteLine(FormattableString.Invariant($"blacked {r}"));
        }
    }
}
