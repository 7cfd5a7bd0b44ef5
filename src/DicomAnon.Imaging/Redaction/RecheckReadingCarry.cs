// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The re-check's readings carried from frame to frame within one clip: a crop prepared for reading at the same place,
/// size and letter height as one read in an earlier frame of the clip, whose every prepared pixel lies within
/// <see cref="MaxPixelDifference"/> grey levels of that one, gets that reading instead of a new one.
/// </summary>
/// <remarks>
/// <para>Why it is safe: what is carried is evidence, the reading of an image Tesseract was shown, never a decision; the
/// re-check still decides each frame on its own, with its own boxes; and only readings that found nothing near any
/// threshold (<see cref="CarriedMaxConfidence"/>) are carried, so a carried reading never lets a row go as a label
/// nor reports text. What it can do is miss a chance reading the frame's own pixels would have given within the
/// tolerance: on a 100-frame exam clip (seed 5000), one re-check box on speckle (no text there) in one frame of 100,
/// the cleaned file byte-identical. A carried reading is that of pixels each within
/// <see cref="MaxPixelDifference"/> of the frame's own, so any stroke of the frame is in the image read, with at most
/// twice that less contrast; a stroke that appeared, went away or changed by more (a ticking digit, text arriving
/// mid-clip: the glyph cores of 95% of the exam sets' lines stand 67 levels or more from their ground, median 177;
/// 1% under 31) changes its pixels by more and is read again. A binarized crop carries only when identical (its pixels are 0 or 255).</para>
/// <para>Why it pays: a cine's re-check reads strips of speckle beside the boxes of its static text in every frame;
/// exam clips change by about 5 grey levels from frame to frame there (per-pixel 99th percentile 17 on a 100-frame
/// 640x480 exam clip), so about half of the re-check's reads carry there (OCR calls 5,411 to 2,894).</para>
/// <para>Readings are kept in memory for one clip only (the crops may show PHI, like the frames), at most
/// <see cref="ByteLimit"/> bytes of crops; beyond that nothing new is kept.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: one instance per sequence of frames read by one thread, in frame order, so the
/// reading a crop gets does not depend on thread timing.</threadsafety>
internal sealed class RecheckReadingCarry
{
    /// <summary>
    /// Most grey-level difference, per prepared pixel, under which a crop counts as the one already read. Well under the
    /// contrast of burned-in text to its ground (<see cref="TextRecheck.InkContrast"/> = 40), and at the JPEG ringing
    /// tolerance the clip carry of boxes uses (<see cref="StaticTextCarry.InkTolerance"/>).
    /// </summary>
    public const int MaxPixelDifference = 24;

    /// <summary>
    /// Readings with a word of letters or digits read at this confidence or more are not carried, however alike the
    /// crops: only a reading far from every threshold the re-check judges by (a decimal label at 50, a line's
    /// confirmation at 60, the rest of a cut line at 70, text on texture at 80) is. Near a threshold, noise decides
    /// a reading, so each frame is read for itself, as without the carry (on an exam clip, carrying such readings
    /// lost a label's strip in one frame of 100 that reading every frame found).
    /// </summary>
    public const float CarriedMaxConfidence = 40f;

    /// <summary>Crop bytes kept per clip (a few thousand strips).</summary>
    public const long ByteLimit = 32L * 1024 * 1024;

    private readonly Dictionary<(PixelRect Crop, int TextHeight), List<(byte[] Pixels, IReadOnlyList<TextWord> Words)>> _read = new();
    private long _bytes;

    /// <summary>Readings answered from an earlier frame.</summary>
    public int Carried { get; private set; }

    /// <summary>
    /// The reading of a crop read before at <paramref name="crop"/> with <paramref name="textHeight"/> whose prepared
    /// pixels are all within <see cref="MaxPixelDifference"/> of <paramref name="prepared"/> (the latest such one).
    /// </summary>
    public bool TryGet(byte[] prepared, PixelRect crop, int textHeight, out IReadOnlyList<TextWord> words)
    {
        if (prepared is not null && _read.TryGetValue((crop, textHeight), out List<(byte[] Pixels, IReadOnlyList<TextWord> Words)>? seen))
        {
            for (int k = seen.Count - 1; k >= 0; k--)
            {
                if (Within(seen[k].Pixels, prepared))
                {
                    Carried++;
                    words = seen[k].Words;
                    DicomAnon.Ocr.StageClock.Count("carry.hit");
                    return true;
                }
            }

            DicomAnon.Ocr.StageClock.Count("carry.miss.changed");
        }
        else
        {
            DicomAnon.Ocr.StageClock.Count("carry.miss.newplace");
        }

        words = Array.Empty<TextWord>();
        return false;
    }

    /// <summary>Keeps <paramref name="words"/> as the reading of <paramref name="prepared"/> at <paramref name="crop"/> (a copy of the pixels).</summary>
    public void Add(byte[] prepared, PixelRect crop, int textHeight, IReadOnlyList<TextWord> words)
    {
        if (prepared is null || words is null || _bytes + prepared.Length > ByteLimit || !FarFromThresholds(words))
        {
            DicomAnon.Ocr.StageClock.Count("carry.notkept");
            return;
        }

        if (!_read.TryGetValue((crop, textHeight), out List<(byte[] Pixels, IReadOnlyList<TextWord> Words)>? seen))
        {
            seen = new List<(byte[], IReadOnlyList<TextWord>)>();
            _read[(crop, textHeight)] = seen;
        }

        seen.Add(((byte[])prepared.Clone(), words));
        _bytes += prepared.Length;
    }

    /// <summary>Whether no word with a letter or digit was read at <see cref="CarriedMaxConfidence"/> or more.</summary>
    internal static bool FarFromThresholds(IReadOnlyList<TextWord> words)
    {
        foreach (TextWord w in words)
        {
            if (w.Confidence >= CarriedMaxConfidence && w.Text.Any(char.IsLetterOrDigit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two prepared crops of one size differ by at most <see cref="MaxPixelDifference"/> at every pixel.</summary>
    internal static bool Within(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > MaxPixelDifference)
            {
                return false;
            }
        }

        return true;
    }
}
