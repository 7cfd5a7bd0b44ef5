// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.Interop;
using DicomAnon.Core.Tests.TestSupport;

namespace DicomAnon.Core.Tests.Robustness;

/// <summary>The real files the robustness tests start from, and the cases derived from them.</summary>
public static class RobustnessInputs
{
    public static readonly string[] Names =
    {
        "CT_small.dcm",          // explicit VR LE, 39 KB with native pixel data
        "MR_small_bigendian.dcm", // explicit VR big endian
        "rtplan.dcm",            // deep nested sequences, implicit VR
        "image_dfl.dcm",         // deflated
        "SC_rgb_jpeg_dcmtk.dcm", // JPEG baseline, encapsulated
        "nested_priv_SQ.dcm",    // private sequences within private sequences
        "synthetic:AllVRs",      // every VR, implicit VR LE (our builder)
    };

    public static IEnumerable<object[]> NameData() => Names.Select(n => new object[] { n });

    public static byte[] Load(string name)
    {
        if (name == "synthetic:AllVRs")
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(new DicomFile(new DicomDataset(), TestDicom.AllVRs(), DicomTransferSyntax.ImplicitVRLittleEndian), ms, new DicomWriteOptions());
            return ms.ToArray();
        }

        return File.ReadAllBytes(PydicomReference.PathOf(name));
    }

    /// <summary>Every prefix through the header (and 64 bytes past it), then about 300 evenly spread prefixes of the rest.</summary>
    public static IEnumerable<FuzzHarness.Case> Truncations(string name, byte[] data)
    {
        int header = Math.Min(data.Length, FuzzHarness.HeaderEnd(data) + 64);
        for (int n = 0; n < header; n++)
        {
            yield return new FuzzHarness.Case($"{name} truncated to {n} bytes", data.AsSpan(0, n).ToArray());
        }

        int rest = data.Length - header;
        int step = Math.Max(1, rest / 300);
        for (int n = header; n < data.Length; n += step)
        {
            yield return new FuzzHarness.Case($"{name} truncated to {n} bytes", data.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Seeded random mutations, mostly in the header: bit flips, 0xFF/0x00 bytes, absurd lengths written where
    /// element lengths live, VR codes replaced, bytes inserted and deleted.</summary>
    public static IEnumerable<FuzzHarness.Case> Mutations(string name, byte[] data, int count, int seed)
    {
        var random = new Random(seed);
        int header = Math.Min(data.Length, FuzzHarness.HeaderEnd(data) + 64);
        int[] lengthSpots = LengthFieldCandidates(data, header);
        uint[] lengths = { 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x0000FFFF, (uint)data.Length, (uint)data.Length + 2, 1, 3 };
        string[] vrs = { "SQ", "UN", "OB", "OW", "UT", "XX", "\0\0", "PN", "AT" };
        for (int i = 0; i < count; i++)
        {
            byte[] m = (byte[])data.Clone();
            int at = random.Next(header);
            string what;
            switch (random.Next(7))
            {
                case 0:
                    int bit = random.Next(8);
                    m[at] ^= (byte)(1 << bit);
                    what = $"bit {bit} flipped at {at}";
                    break;
                case 1:
                    m[at] = 0xFF;
                    what = $"0xFF at {at}";
                    break;
                case 2:
                    m[at] = 0x00;
                    what = $"0x00 at {at}";
                    break;
                case 3:
                case 4:
                {
                    int spot = lengthSpots.Length > 0 ? lengthSpots[random.Next(lengthSpots.Length)] : at;
                    uint value = lengths[random.Next(lengths.Length)];
                    bool bigEndian = name.Contains("bigendian", StringComparison.Ordinal) && spot > 132 + 200;
                    int width = random.Next(3) == 0 ? 2 : 4;
                    for (int b = 0; b < width && spot + b < m.Length; b++)
                    {
                        int shift = bigEndian ? 8 * (width - 1 - b) : 8 * b;
                        m[spot + b] = unchecked((byte)(value >> shift));
                    }

                    what = $"length 0x{value:X8} ({width} bytes) at {spot}";
                    break;
                }

                case 5:
                {
                    int spot = lengthSpots.Length > 0 ? Math.Max(0, lengthSpots[random.Next(lengthSpots.Length)] - 2) : at;
                    string vr = vrs[random.Next(vrs.Length)];
                    if (spot + 1 < m.Length)
                    {
                        m[spot] = (byte)vr[0];
                        m[spot + 1] = (byte)vr[1];
                    }

                    what = $"VR '{vr.Replace("\0", "\\0", StringComparison.Ordinal)}' at {spot}";
                    break;
                }

                default:
                {
                    int n = 1 + random.Next(8);
                    if (random.Next(2) == 0)
                    {
                        var inserted = new byte[n];
                        random.NextBytes(inserted);
                        m = m.Take(at).Concat(inserted).Concat(m.Skip(at)).ToArray();
                        what = $"{n} random bytes inserted at {at}";
                    }
                    else
                    {
                        m = m.Take(at).Concat(m.Skip(Math.Min(m.Length, at + n))).ToArray();
                        what = $"{n} bytes deleted at {at}";
                    }

                    break;
                }
            }

            yield return new FuzzHarness.Case($"{name} mutation #{i} (seed {seed}): {what}", m);
        }
    }

    /// <summary>Offsets 4, 6 and 8 bytes past each 2-aligned position that starts like a tag of group 0002..7FE0 or FFFE:
    /// where implicit, explicit short and explicit long lengths live.</summary>
    private static int[] LengthFieldCandidates(byte[] data, int header)
    {
        var spots = new List<int>();
        for (int i = 0; i + 8 < header; i++)
        {
            ushort le = LittleEndian.ReadUInt16(data, i);
            ushort be = (ushort)((data[i] << 8) | data[i + 1]);
            bool tagLike = le is 0x0002 or 0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028 or 0x300A or 0x300C or 0xFFFE or 0x7FE0 or 0x0001
                || be is 0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028 or 0x7FE0 or 0xFFFE;
            if (tagLike)
            {
                spots.Add(i + 4);
                spots.Add(i + 6);
                spots.Add(i + 8);
            }
        }

        return spots.Where(s => s + 4 <= data.Length).ToArray();
    }
}
