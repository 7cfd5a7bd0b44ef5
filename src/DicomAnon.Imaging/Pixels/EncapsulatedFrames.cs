// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core;
using DicomAnon.Core.IO;
using DicomAnon.Imaging.Codecs.Rle;

namespace DicomAnon.Imaging.Pixels;

/// <summary>
/// Maps the fragments of encapsulated pixel data to frames (PS3.5 A.4) and rebuilds fragments and offset tables.
/// </summary>
internal static class EncapsulatedFrames
{
    public static readonly DicomTag ExtendedOffsetTableTag = new(0x7FE0, 0x0001);
    public static readonly DicomTag ExtendedOffsetTableLengthsTag = new(0x7FE0, 0x0002);

    /// <summary>
    /// The fragments of each frame: from the Extended or Basic Offset Table when it is consistent, else one fragment
    /// per frame when the counts match, else split where a fragment starts a JPEG (SOI) or RLE (header) frame.
    /// </summary>
    /// <exception cref="UnsupportedPixelDataException">The fragments cannot be assigned to <paramref name="frameCount"/> frames.</exception>
    public static List<List<DicomBuffer>> Map(DicomFragmentSequence pixelData, int frameCount, DicomDataset? dataset = null)
    {
        if (pixelData is null)
        {
            throw new ArgumentNullException(nameof(pixelData));
        }

        List<DicomBuffer> fragments = pixelData.Fragments;
        if (fragments.Count == 0)
        {
            throw new UnsupportedPixelDataException("Encapsulated Pixel Data (7FE0,0010) has no fragments.");
        }

        if (frameCount == 1)
        {
            return new List<List<DicomBuffer>> { new(fragments) };
        }

        // Item positions: offsets of each fragment's item tag, relative to the first fragment's.
        var positions = new long[fragments.Count + 1];
        for (int i = 0; i < fragments.Count; i++)
        {
            positions[i + 1] = positions[i] + 8 + fragments[i].Length;
        }

        if (dataset?[ExtendedOffsetTableTag] is DicomValueElement eot)
        {
            byte[] b = eot.GetBytes();
            if (b.Length == frameCount * 8L)
            {
                var offsets = new long[frameCount];
                for (int i = 0; i < frameCount; i++)
                {
                    ulong o = LittleEndian.ReadUInt64(b, i * 8);
                    offsets[i] = o > long.MaxValue ? -1 : (long)o;
                }

                List<List<DicomBuffer>>? byEot = ByOffsets(fragments, positions, offsets);
                if (byEot is not null)
                {
                    return byEot;
                }
            }
        }

        byte[] bot = pixelData.OffsetTable.Length > 0 && pixelData.OffsetTable.Length == frameCount * 4L ? pixelData.OffsetTable.ToArray() : Array.Empty<byte>();
        if (bot.Length > 0)
        {
            var offsets = new long[frameCount];
            for (int i = 0; i < frameCount; i++)
            {
                offsets[i] = LittleEndian.ReadUInt32(bot, i * 4);
            }

            List<List<DicomBuffer>>? byBot = ByOffsets(fragments, positions, offsets);
            if (byBot is not null)
            {
                return byBot;
            }
        }

        if (fragments.Count == frameCount)
        {
            var one = new List<List<DicomBuffer>>(frameCount);
            foreach (DicomBuffer f in fragments)
            {
                one.Add(new List<DicomBuffer> { f });
            }

            return one;
        }

        if (fragments.Count > frameCount)
        {
            var frames = new List<List<DicomBuffer>>();
            foreach (DicomBuffer f in fragments)
            {
                byte[] head = Head(f);
                bool starts = (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xD8) || RleCodec.LooksLikeHeader(head);
                if (starts || frames.Count == 0)
                {
                    frames.Add(new List<DicomBuffer>());
                }

                frames[frames.Count - 1].Add(f);
            }

            if (frames.Count == frameCount)
            {
                return frames;
            }
        }

        throw new UnsupportedPixelDataException("The fragments of Pixel Data (7FE0,0010) cannot be assigned to Number of Frames (0028,0008) frames.");
    }

    /// <summary>Concatenates the fragments of one frame.</summary>
    public static byte[] Join(IReadOnlyList<DicomBuffer> fragments)
    {
        long total = 0;
        foreach (DicomBuffer f in fragments)
        {
            total += f.Length;
        }

        if (total > int.MaxValue)
        {
            throw new UnsupportedPixelDataException("A compressed frame is larger than 2 GB.");
        }

        if (fragments.Count == 1)
        {
            return fragments[0].ToArray();
        }

        var result = new byte[total];
        int o = 0;
        foreach (DicomBuffer f in fragments)
        {
            byte[] b = f.ToArray();
            Buffer.BlockCopy(b, 0, result, o, b.Length);
            o += b.Length;
        }

        return result;
    }

    /// <summary>
    /// Replaces the fragments with <paramref name="frames"/> (each frame's own fragment list) and writes a Basic Offset
    /// Table of one entry per frame (empty when the data reaches 4 GB or an Extended Offset Table is kept).
    /// An existing Extended Offset Table and its lengths are rebuilt.
    /// </summary>
    public static DicomFragmentSequence Rebuild(DicomFragmentSequence original, IReadOnlyList<IReadOnlyList<DicomBuffer>> frames, DicomDataset? dataset = null)
    {
        if (original is null)
        {
            throw new ArgumentNullException(nameof(original));
        }

        if (frames is null)
        {
            throw new ArgumentNullException(nameof(frames));
        }

        var all = new List<DicomBuffer>();
        var offsets = new long[frames.Count];
        var lengths = new long[frames.Count];
        long pos = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            offsets[i] = pos;
            long len = 0;
            foreach (DicomBuffer f in frames[i])
            {
                if ((f.Length & 1) != 0)
                {
                    throw new ArgumentException("Fragments must have even length.", nameof(frames));
                }

                all.Add(f);
                pos += 8 + f.Length;
                len += f.Length;
            }

            lengths[i] = len;
        }

        bool hasEot = dataset is not null && dataset.Contains(ExtendedOffsetTableTag);
        byte[] bot = Array.Empty<byte>();
        if (hasEot)
        {
            var eot = new byte[frames.Count * 8];
            var eotLengths = new byte[frames.Count * 8];
            for (int i = 0; i < frames.Count; i++)
            {
                LittleEndian.WriteUInt64(eot, i * 8, (ulong)offsets[i]);
                LittleEndian.WriteUInt64(eotLengths, i * 8, (ulong)lengths[i]);
            }

            dataset!.Set(new DicomValueElement(ExtendedOffsetTableTag, DicomVR.OV, eot));
            dataset.Set(new DicomValueElement(ExtendedOffsetTableLengthsTag, DicomVR.OV, eotLengths));
        }
        else if (frames.Count > 0 && offsets[frames.Count - 1] <= uint.MaxValue)
        {
            bot = new byte[frames.Count * 4];
            for (int i = 0; i < frames.Count; i++)
            {
                LittleEndian.WriteUInt32(bot, i * 4, (uint)offsets[i]);
            }
        }

        return new DicomFragmentSequence(original.Tag, original.VR, DicomBuffer.From(bot), all, original.PrivateCreator);
    }

    /// <summary>A compressed frame as one even-length fragment (padded with a zero byte, as PS3.5 A.4 allows).</summary>
    public static DicomBuffer ToFragment(byte[] frame)
    {
        if ((frame.Length & 1) == 0)
        {
            return DicomBuffer.From(frame);
        }

        var padded = new byte[frame.Length + 1];
        Buffer.BlockCopy(frame, 0, padded, 0, frame.Length);
        return DicomBuffer.From(padded);
    }

    private static List<List<DicomBuffer>>? ByOffsets(List<DicomBuffer> fragments, long[] positions, long[] offsets)
    {
        if (offsets[0] != 0)
        {
            return null;
        }

        var frames = new List<List<DicomBuffer>>(offsets.Length);
        int f = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            long end = i + 1 < offsets.Length ? offsets[i + 1] : positions[fragments.Count];
            if (f >= fragments.Count || positions[f] != offsets[i] || end <= offsets[i])
            {
                return null;
            }

            var list = new List<DicomBuffer>();
            while (f < fragments.Count && positions[f] < end)
            {
                list.Add(fragments[f++]);
            }

            if (f < fragments.Count && positions[f] != end)
            {
                return null;
            }

            frames.Add(list);
        }

        return f == fragments.Count ? frames : null;
    }

    private static byte[] Head(DicomBuffer f)
    {
        if (f.Length == 0)
        {
            return Array.Empty<byte>();
        }

        if (f.IsLoaded || f.Length <= 64)
        {
            return f.ToArray();
        }

        using var ms = new System.IO.MemoryStream();
        f.CopyTo(ms);
        return ms.ToArray();
    }
}
