// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// The ink of a re-checked frame's flat part (<see cref="TextRecheck"/>), each piece judged against the background
/// it lies on. Ink is first what differs from the frame's one background by <see cref="TextRecheck.InkContrast"/>;
/// but a flat panel (a light header bar, a grey label box) differs from it too, and once blackout has cut a bar
/// into pieces each piece touches a blacked-out box: judged against the frame's background, an empty piece of a
/// banner is "ink cut by the blackout". So a component that is a flat panel (<see cref="IsFlat"/>, and <see cref="MinPanelSide"/> thick or a strip on the band of one that is) is not ink:
/// what lies on it is judged again against the panel's own grey, dark text on a light bar included.
/// </summary>
internal static class FlatInk
{
    /// <summary>Least width and height (px) of a panel: a stroke, or what a box left of one, is thinner.</summary>
    public const int MinPanelSide = 6;

    /// <summary>Least pixels of a panel: a chunk of the boldest letter a box leaves is smaller.</summary>
    public const int MinPanelPixels = 200;

    /// <summary>Least share of its box (blacked-out pixels aside) a panel covers: letters, even bold ones, cover less.</summary>
    public const double PanelFill = 0.7;

    /// <summary>Least share of a panel's pixels within <see cref="PanelGreyTolerance"/> of its most common grey: a panel is drawn in one grey.</summary>
    public const double PanelFlatShare = 0.8;

    /// <summary>Grey levels a panel's pixels may stray from its grey (JPEG ringing, a translucent box over a gradient).</summary>
    public const int PanelGreyTolerance = 8;

    /// <summary>Pixels of a panel's rim not examined for ink on it: the anti-aliased edge between the panel and what surrounds it.</summary>
    public const int PanelRim = 2;

    /// <summary>
    /// 8-connected ink of the flat part (not blacked out, not textured); a flat panel is replaced by the ink on it.
    /// A strip of a panel's grey on its band (what a box left above or below itself on a bar: too thin to be a panel
    /// alone) is a piece of that panel.
    /// </summary>
    public static List<InkBlob> Blobs(byte[] px, bool[] black, int w, int h, int background, Func<int, int, bool> isTextured)
    {
        bool[] seen = new bool[w * h];
        var all = new List<(InkBlob Blob, int Grey, bool Flat)>();
        int[] greys = new int[256];
        bool IsInk(int i) => !black[i] && Math.Abs(px[i] - background) >= TextRecheck.InkContrast && !isTextured(i % w, i / w);
        for (int start = 0; start < px.Length; start++)
        {
            if (seen[start] || !IsInk(start))
            {
                continue;
            }

            Array.Clear(greys, 0, greys.Length);
            InkBlob blob = Component(px, black, w, h, start, new PixelRect(0, 0, w, h), seen, IsInk, background, greys);
            bool flat = IsFlat(blob, greys, black, w, out int grey);
            all.Add((blob, grey, flat));
        }

        var panels = all.Where(a => a.Flat && IsPanelSized(a.Blob)).ToList();
        var blobs = new List<InkBlob>();
        foreach ((InkBlob blob, int grey, bool flat) in all)
        {
            bool panel = flat && (IsPanelSized(blob) || panels.Any(p => Math.Abs(p.Grey - grey) <= PanelGreyTolerance && OnBand(blob.Box, p.Blob.Box)));
            if (panel)
            {
                blobs.AddRange(OnPanel(px, black, w, h, blob.Box, grey));
            }
            else
            {
                blobs.Add(blob);
            }
        }

        return blobs;
    }

    /// <summary>At least <see cref="MinPanelSide"/> each way and <see cref="MinPanelPixels"/> pixels: more than any stroke, or what a box leaves of one.</summary>
    private static bool IsPanelSized(InkBlob blob) => blob.Width >= MinPanelSide && blob.Height >= MinPanelSide && blob.Count >= MinPanelPixels;

    /// <summary>Whether <paramref name="piece"/> lies within the rows of a wide <paramref name="panel"/> (a bar's band), or within the columns of a tall one.</summary>
    private static bool OnBand(PixelRect piece, PixelRect panel) => panel.Width >= panel.Height
        ? piece.Y >= panel.Y - 1 && piece.Bottom <= panel.Bottom + 1
        : piece.X >= panel.X - 1 && piece.Right <= panel.Right + 1;

    /// <summary>
    /// Whether a component is drawn flat like a panel: <see cref="PanelFlatShare"/> of its pixels in one grey, covering
    /// <see cref="PanelFill"/> of its box (blacked-out pixels aside), and at least two pixels thick.
    /// </summary>
    internal static bool IsFlat(InkBlob blob, int[] greys, bool[] black, int w, out int grey)
    {
        grey = 0;
        for (int v = 1; v < 256; v++)
        {
            grey = greys[v] > greys[grey] ? v : grey;
        }

        if (blob.Width < 2 || blob.Height < 2)
        {
            return false;
        }

        int flat = 0;
        for (int v = Math.Max(0, grey - PanelGreyTolerance); v <= Math.Min(255, grey + PanelGreyTolerance); v++)
        {
            flat += greys[v];
        }

        if (flat < PanelFlatShare * blob.Count)
        {
            return false;
        }

        long open = 0;
        PixelRect r = blob.Box;
        for (int y = r.Y; y < r.Bottom; y++)
        {
            for (int x = r.X; x < r.Right; x++)
            {
                open += black[(y * w) + x] ? 0 : 1;
            }
        }

        return blob.Count >= PanelFill * open;
    }

    /// <summary>Ink on a panel of grey <paramref name="grey"/>: what differs from it, inside its box less its rim.</summary>
    private static List<InkBlob> OnPanel(byte[] px, bool[] black, int w, int h, PixelRect panel, int grey)
    {
        var inner = new PixelRect(panel.X + PanelRim, panel.Y + PanelRim, panel.Width - (2 * PanelRim), panel.Height - (2 * PanelRim));
        var found = new List<InkBlob>();
        if (inner.Width <= 0 || inner.Height <= 0)
        {
            return found;
        }

        bool[] seen = new bool[w * h];
        bool IsInk(int i) => !black[i] && Math.Abs(px[i] - grey) >= TextRecheck.InkContrast;
        for (int y = inner.Y; y < inner.Bottom; y++)
        {
            for (int x = inner.X; x < inner.Right; x++)
            {
                int i = (y * w) + x;
                if (!seen[i] && IsInk(i))
                {
                    found.Add(Component(px, black, w, h, i, inner, seen, IsInk, grey, null));
                }
            }
        }

        return found;
    }

    /// <summary>The 8-connected component of <paramref name="start"/> within <paramref name="within"/>; counts its greys when asked.</summary>
    private static InkBlob Component(byte[] px, bool[] black, int w, int h, int start, PixelRect within, bool[] seen, Func<int, bool> isInk, int background, int[]? greys)
    {
        var stack = new Stack<int>();
        seen[start] = true;
        stack.Push(start);
        int x0 = w, y0 = h, x1 = -1, y1 = -1, count = 0, peak = 0;
        bool touches = false;
        while (stack.Count > 0)
        {
            int i = stack.Pop();
            int x = i % w, y = i / w;
            count++;
            peak = Math.Max(peak, Math.Abs(px[i] - background));
            if (greys is not null)
            {
                greys[px[i]]++;
            }

            x0 = Math.Min(x0, x);
            y0 = Math.Min(y0, y);
            x1 = Math.Max(x1, x);
            y1 = Math.Max(y1, y);
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int nx = x + dx, ny = y + dy;
                    if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h)
                    {
                        continue;
                    }

                    int n = (ny * w) + nx;
                    if (black[n])
                    {
                        touches = true;
                    }
                    else if (!seen[n] && nx >= within.X && ny >= within.Y && nx < within.Right && ny < within.Bottom && isInk(n))
                    {
                        seen[n] = true;
                        stack.Push(n);
                    }
                }
            }
        }

        return new InkBlob(new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1), count, touches, peak, background);
    }
}
