// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core;
using DicomAnon.Imaging.Redaction;
using DicomAnon.TestSupport.TextImages;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Frames of generated ultrasound scenes as the remover sees them (luma, as RGB is rendered); blackout zeroes RGB.</summary>
internal sealed class SceneFrames : IFrameSource
{
    private readonly List<byte[]> _rgb;
    private readonly List<List<PixelRect>> _blacked;

    public SceneFrames(IReadOnlyList<UltrasoundScene> scenes)
    {
        Scenes = scenes;
        _rgb = scenes.Select(s => (byte[])s.Rgb.Clone()).ToList();
        _blacked = scenes.Select(_ => new List<PixelRect>()).ToList();
        Columns = scenes[0].Width;
        Rows = scenes[0].Height;
    }

    public IReadOnlyList<UltrasoundScene> Scenes { get; }

    public int Count => _rgb.Count;

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>The file a scene would be: its PHI in the header, Burned In Annotation YES, and (when asked) its sector as the ultrasound region.</summary>
    public static DicomFile Header(UltrasoundScene scene, bool withRegion)
    {
        DicomFile file = TestHeaders.File(scene.Header.Select(kv => (kv.Key, kv.Value)).Append(("Modality", "US")).Append(("BurnedInAnnotation", "YES")).ToArray());
        if (withRegion)
        {
            PixelBox b = scene.SectorBox;
            file.Dataset.Set(TestHeaders.UltrasoundRegions(((uint)b.X, (uint)b.Y, (uint)(b.Right - 1), (uint)(b.Bottom - 1))));
        }

        return file;
    }

    public GrayImage RenderGray(int index) => GrayImage.FromRgb24(Columns, Rows, _rgb[index], RgbToGray.Luma);

    /// <summary>Whether pixel (x, y) of frame <paramref name="index"/> is black (blacked out or black to begin with).</summary>
    public bool IsBlack(int index, int x, int y)
    {
        int p = 3 * ((y * Columns) + x);
        return _rgb[index][p] == 0 && _rgb[index][p + 1] == 0 && _rgb[index][p + 2] == 0;
    }

    public void Blackout(int index, IReadOnlyList<PixelRect> rectangles)
    {
        foreach (PixelRect r0 in rectangles)
        {
            PixelRect r = r0.ClipTo(Columns, Rows);
            _blacked[index].Add(r);
            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = r.X; x < r.Right; x++)
                {
                    int p = 3 * ((y * Columns) + x);
                    _rgb[index][p] = _rgb[index][p + 1] = _rgb[index][p + 2] = 0;
                }
            }
        }
    }

    public void Commit()
    {
    }
}
