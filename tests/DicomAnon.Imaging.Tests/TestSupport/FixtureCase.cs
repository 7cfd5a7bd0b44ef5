// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DicomAnon.Core;
using DicomAnon.Core.IO;

namespace DicomAnon.Imaging.Tests.TestSupport;

/// <summary>One case folder written by make_fixtures.py: a DicomFile in memory and the samples pydicom decoded.</summary>
internal sealed class FixtureCase
{
    public FixtureCase(string folder)
    {
        using JsonDocument meta = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "meta.json")));
        JsonElement m = meta.RootElement;
        Rows = m.GetProperty("rows").GetInt32();
        Columns = m.GetProperty("columns").GetInt32();
        Samples = m.GetProperty("samples").GetInt32();
        BitsAllocated = m.GetProperty("bitsAllocated").GetInt32();
        Frames = m.GetProperty("frames").GetInt32();
        Photometric = m.GetProperty("photometric").GetString()!;
        Source = m.TryGetProperty("source", out JsonElement src) ? src.GetString() : System.IO.Path.Combine(folder, "file.dcm");
        IsSigned = m.GetProperty("pixelRepresentation").GetInt32() == 1;
        BitsStored = m.GetProperty("bitsStored").GetInt32();
        DicomDataset ds = TestFiles.ImageDataset(
            Rows, Columns, Samples, BitsAllocated, m.GetProperty("bitsStored").GetInt32(), m.GetProperty("pixelRepresentation").GetInt32() == 1,
            Photometric, m.GetProperty("planar").GetInt32(), Frames, m.GetProperty("highBit").GetInt32());
        var ts = DicomTransferSyntax.FromUid(m.GetProperty("transferSyntax").GetString()!);
        if (System.IO.File.Exists(Path.Combine(folder, "native.bin")))
        {
            File = TestFiles.Native(ds, System.IO.File.ReadAllBytes(Path.Combine(folder, "native.bin")), ts);
        }
        else if (System.IO.File.Exists(Path.Combine(folder, "bot.bin")))
        {
            var frags = new List<byte[]>();
            for (int i = 0; System.IO.File.Exists(Path.Combine(folder, $"frag_{i:D3}.bin")); i++)
            {
                frags.Add(System.IO.File.ReadAllBytes(Path.Combine(folder, $"frag_{i:D3}.bin")));
            }

            File = TestFiles.Encapsulated(ds, ts, System.IO.File.ReadAllBytes(Path.Combine(folder, "bot.bin")), frags);
        }

        byte[] exp = System.IO.File.ReadAllBytes(Path.Combine(folder, "expected.i64"));
        Expected = new long[exp.Length / 8];
        for (int i = 0; i < Expected.Length; i++)
        {
            Expected[i] = unchecked((long)LittleEndian.ReadUInt64(exp, i * 8));
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public int Samples { get; }

    public int BitsAllocated { get; }

    public int Frames { get; }

    public string Photometric { get; }

    /// <summary>The pixel data rebuilt in memory (null for big-endian sources: use <see cref="Source"/>).</summary>
    public DicomFile File { get; } = null!;

    /// <summary>The real file the case came from.</summary>
    public string? Source { get; }

    public bool IsSigned { get; }

    public int BitsStored { get; }

    /// <summary>frames x rows x columns x samples.</summary>
    public long[] Expected { get; }

    public long ExpectedAt(int frame, int x, int y, int s) => Expected[((((((long)frame * Rows) + y) * Columns) + x) * Samples) + s];

    public static IEnumerable<object[]> Names(string folder, string prefix)
    {
        foreach (string d in Directory.GetDirectories(folder))
        {
            string name = Path.GetFileName(d);
            if (name.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                yield return new object[] { name };
            }
        }
    }
}
