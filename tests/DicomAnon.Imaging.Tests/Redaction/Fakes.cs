// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Imaging.Redaction;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Frames held in memory as 8-bit gray; Blackout writes zeros, RenderGray returns a copy.</summary>
internal sealed class FakeFrames : IFrameSource
{
    public FakeFrames(int columns, int rows, int count, byte background = 20)
    {
        Columns = columns;
        Rows = rows;
        Frames = Enumerable.Range(0, count).Select(_ => Enumerable.Repeat(background, columns * rows).ToArray()).ToArray();
    }

    public byte[][] Frames { get; }

    public int Count => Frames.Length;

    public int Rows { get; }

    public int Columns { get; }

    public int Commits { get; private set; }

    public int Renders { get; private set; }

    public GrayImage RenderGray(int index)
    {
        Renders++;
        return new GrayImage(Columns, Rows, (byte[])Frames[index].Clone());
    }

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles)
    {
        if (Commits > 0)
        {
            throw new InvalidOperationException("Blackout after Commit.");
        }

        foreach (PixelRect r in rectangles)
        {
            Assert.Equal(r, r.ClipTo(Columns, Rows)); // the remover clips before calling
            Fill(index, r, 0);
        }
    }

    public void Commit() => Commits++;

    public void Fill(int frame, PixelRect r, byte value)
    {
        for (int y = r.Y; y < r.Bottom; y++)
        {
            for (int x = r.X; x < r.Right; x++)
            {
                Frames[frame][(y * Columns) + x] = value;
            }
        }
    }

    public bool AllEqual(int frame, PixelRect r, byte value)
    {
        for (int y = r.Y; y < r.Bottom; y++)
        {
            for (int x = r.X; x < r.Right; x++)
            {
                if (Frames[frame][(y * Columns) + x] != value)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public byte[][] Snapshot() => Frames.Select(f => (byte[])f.Clone()).ToArray();
}

/// <summary>
/// A stand-in for Tesseract: a "word" is drawn as a block of one reserved gray value; the finder reports
/// the bounding box of every reserved value present in the image it is given (whole frame, crop or projection).
/// Blacked-out words are gone because 0 is not reserved.
/// </summary>
internal sealed class ColourCodedFinder : ITextFinder
{
    private readonly Dictionary<byte, string> _words;

    public ColourCodedFinder(Dictionary<byte, string> words) => _words = words;

    /// <summary>Words reported on every call whatever the pixels (to simulate text the blackout missed).</summary>
    public List<TextWord> Stubborn { get; } = new();

    public int Calls { get; private set; }

    public List<(int Width, int Height)> Sizes { get; } = new();

    public List<IReadOnlyList<PixelRect>> Regions { get; } = new();

    public bool Disposed { get; private set; }

    public IReadOnlyList<TextWord> Detect(GrayImage image, IReadOnlyList<PixelRect> imagingRegions)
    {
        Calls++;
        Sizes.Add((image.Width, image.Height));
        Regions.Add(imagingRegions);
        var boxes = new Dictionary<byte, (int X0, int Y0, int X1, int Y1)>();
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                byte v = image.Pixels[(y * image.Width) + x];
                if (!_words.ContainsKey(v))
                {
                    continue;
                }

                boxes[v] = boxes.TryGetValue(v, out var b)
                    ? (Math.Min(b.X0, x), Math.Min(b.Y0, y), Math.Max(b.X1, x), Math.Max(b.Y1, y))
                    : (x, y, x, y);
            }
        }

        var words = boxes.Select(kv => new TextWord(_words[kv.Key], 91, kv.Value.X0, kv.Value.Y0, kv.Value.X1 - kv.Value.X0 + 1, kv.Value.Y1 - kv.Value.Y0 + 1)).ToList();
        words.AddRange(Stubborn);
        return words;
    }

    public void Dispose() => Disposed = true;
}
