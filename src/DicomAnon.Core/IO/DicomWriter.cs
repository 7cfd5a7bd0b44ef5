// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.IO.Compression;

namespace DicomAnon.Core.IO;

/// <summary>
/// Writes DICOM Part 10 files in the native syntaxes (implicit/explicit VR little endian, explicit VR big endian),
/// deflated, or the file's own encapsulated syntax (fragments streamed intact). Reverses <see cref="DicomReader"/>.
/// </summary>
/// <remarks>
/// Normalisations (a well-formed file read and written without changes comes back byte-identical otherwise):
/// the file meta group is regenerated (group length, our implementation class UID and version name, transfer
/// syntax, SOP class/instance UIDs taken from the dataset); odd-length values are padded with the VR's padding byte;
/// group length elements are recomputed; a missing preamble is written as zeros; a short-length VR whose value no
/// longer fits 16 bits is written as UN; sequences found inside UN values are written as SQ.
/// </remarks>
public static class DicomWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Writes atomically: a temporary file in the destination folder, flushed, then renamed over the target.</summary>
    public static void WriteFile(DicomFile file, string path, DicomWriteOptions options)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        if (!options.Overwrite && File.Exists(full))
        {
            throw new IOException($"'{full}' already exists.");
        }

        string temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".dicomanon-tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(file, fs, options);
                fs.Flush(options.FlushToDisk);
            }

            if (File.Exists(full))
            {
                if (!options.Overwrite)
                {
                    throw new IOException($"'{full}' already exists.");
                }

                File.Replace(temp, full, null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes preamble, 'DICM', the regenerated file meta group and the dataset to <paramref name="stream"/>.</summary>
    public static void Write(DicomFile file, Stream stream, DicomWriteOptions options)
    {
        DicomTransferSyntax syntax = options.TransferSyntax ?? file.TransferSyntax;
        CheckPixelDataFits(file.Dataset, syntax);

        byte[] preamble = file.Preamble is { Length: 128 } p ? p : new byte[128];
        stream.Write(preamble, 0, 128);
        stream.Write(new[] { (byte)'D', (byte)'I', (byte)'C', (byte)'M' }, 0, 4);

        DicomDataset meta = BuildFileMeta(file, syntax);
        new Encoder(stream, explicitVR: true, bigEndian: false).WriteDataset(meta);

        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            new Encoder(deflate, true, false).WriteDataset(file.Dataset);
        }
        else
        {
            new Encoder(stream, syntax.IsExplicitVR, syntax.IsBigEndian).WriteDataset(file.Dataset);
        }
    }

    /// <summary>The encoded bytes of a dataset alone (no preamble or meta) in <paramref name="syntax"/> (not deflated).</summary>
    public static byte[] WriteDataset(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var ms = new MemoryStream();
        new Encoder(ms, syntax.IsExplicitVR, syntax.IsBigEndian).WriteDataset(dataset);
        return ms.ToArray();
    }

    /// <summary>The file meta group as it will be written (PS3.10 7.1).</summary>
    public static DicomDataset BuildFileMeta(DicomFile file, DicomTransferSyntax syntax)
    {
        var meta = new DicomDataset();
        foreach (DicomElement e in file.FileMetaInformation)
        {
            if (e.Tag.Group == 0x0002 && !e.Tag.IsGroupLength)
            {
                meta.Set(e);
            }
        }

        if (!meta.Contains(DicomTags.FileMetaInformationVersion))
        {
            meta.Set(new DicomValueElement(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        }

        CopyUid(file.Dataset, DicomTags.SOPClassUID, meta, DicomTags.MediaStorageSOPClassUID);
        CopyUid(file.Dataset, DicomTags.SOPInstanceUID, meta, DicomTags.MediaStorageSOPInstanceUID);
        meta.SetString(DicomTag.TransferSyntaxUid, DicomVR.UI, syntax.Uid);
        meta.SetString(DicomTags.ImplementationClassUID, DicomVR.UI, DicomImplementation.ClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName);

        long length = 0;
        for (int ei = 0; ei < meta.Count; ei++)
        {
            DicomElement e = meta.ElementAt(ei);
            length += Encoder.Measure(e, explicitVR: true);
        }

        byte[] groupLength = new byte[4];
        LittleEndian.WriteUInt32(groupLength, 0, checked((uint)length));
        meta.Set(new DicomValueElement(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, groupLength));
        return meta;
    }

    private static void CopyUid(DicomDataset from, DicomTag fromTag, DicomDataset to, DicomTag toTag)
    {
        string? uid = from.GetString(fromTag);
        if (!string.IsNullOrEmpty(uid))
        {
            to.SetString(toTag, DicomVR.UI, uid!);
        }
    }

    private static void CheckPixelDataFits(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        DicomElement? pixels = dataset[DicomTag.PixelData];
        if (pixels is DicomFragmentSequence && !syntax.IsEncapsulated)
        {
            throw new InvalidOperationException($"Encapsulated pixel data cannot be written in {syntax.Name}; decode it first.");
        }

        if (pixels is DicomValueElement && syntax.IsEncapsulated)
        {
            throw new InvalidOperationException($"Native pixel data cannot be written in {syntax.Name} without encoding it.");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Encodes elements to a stream in one VR form and byte order; measures what it would write.</summary>
    private sealed class Encoder
    {
        private readonly Stream _out;
        private readonly bool _explicit;
        private readonly bool _bigEndian;
        private readonly byte[] _scratch = new byte[12];

        public Encoder(Stream output, bool explicitVR, bool bigEndian)
        {
            _out = output;
            _explicit = explicitVR;
            _bigEndian = bigEndian;
        }

        /// <summary>Bytes an element takes when written (header + padded value, items and delimiters included).</summary>
        public static long Measure(DicomElement element, bool explicitVR)
        {
            switch (element)
            {
                case DicomValueElement v:
                {
                    long padded = v.Length + (v.Length & 1);
                    DicomVR vr = WrittenVR(v.VR, padded);
                    return HeaderSize(vr, explicitVR) + padded;
                }

                case DicomSequence sq:
                {
                    long total = HeaderSize(DicomVR.SQ, explicitVR) + (sq.IsUndefinedLength ? 8 : 0);
                    for (int ii = 0; ii < sq.Items.Count; ii++)
                    {
                        DicomDataset item = sq.Items[ii];
                        total += 8 + MeasureDataset(item, explicitVR) + (item.IsUndefinedLength ? 8 : 0);
                    }

                    return total;
                }

                case DicomFragmentSequence f:
                {
                    long total = HeaderSize(f.VR, explicitVR) + 8 + Padded(f.OffsetTable.Length) + 8;
                    foreach (DicomBuffer fragment in f.Fragments)
                    {
                        total += 8 + Padded(fragment.Length);
                    }

                    return total;
                }

                default:
                    throw new ArgumentException("Unknown element kind.", nameof(element));
            }
        }

        public static long MeasureDataset(DicomDataset dataset, bool explicitVR)
        {
            long total = 0;
            for (int ei = 0; ei < dataset.Count; ei++)
            {
                DicomElement e = dataset.ElementAt(ei);
                total += Measure(e, explicitVR);
            }

            return total;
        }

        public void WriteDataset(DicomDataset dataset)
        {
            for (int ei = 0; ei < dataset.Count; ei++)
            {
                DicomElement e = dataset.ElementAt(ei);
                if (e.Tag.IsGroupLength && e.Tag.Group != 0x0002 && e is DicomValueElement)
                {
                    WriteGroupLength(dataset, e.Tag);
                    continue;
                }

                WriteElement(e);
            }
        }

        private void WriteGroupLength(DicomDataset dataset, DicomTag tag)
        {
            long length = 0;
            for (int ei = 0; ei < dataset.Count; ei++)
            {
                DicomElement e = dataset.ElementAt(ei);
                if (e.Tag.Group == tag.Group && !e.Tag.IsGroupLength)
                {
                    length += Measure(e, _explicit);
                }
            }

            WriteHeader(tag, DicomVR.UL, 4);
            WriteUInt32(length > uint.MaxValue ? 0 : (uint)length);
        }

        private void WriteElement(DicomElement element)
        {
            switch (element)
            {
                case DicomValueElement v:
                {
                    long padded = Padded(v.Length);
                    DicomVR vr = WrittenVR(v.VR, padded);
                    WriteHeader(v.Tag, vr, LengthField(v.Tag, padded));
                    WriteValue(v.Buffer, v.VR);
                    if ((v.Length & 1) == 1)
                    {
                        _out.WriteByte(DicomVRInfo.PaddingByte(v.VR));
                    }

                    break;
                }

                case DicomSequence sq:
                {
                    uint length = sq.IsUndefinedLength ? UndefinedLength : LengthField(sq.Tag, Measure(sq, _explicit) - HeaderSize(DicomVR.SQ, _explicit));
                    WriteHeader(sq.Tag, DicomVR.SQ, length);
                    for (int ii = 0; ii < sq.Items.Count; ii++)
                    {
                        DicomDataset item = sq.Items[ii];
                        uint itemLength = item.IsUndefinedLength ? UndefinedLength : LengthField(sq.Tag, MeasureDataset(item, _explicit));
                        WriteTagAndLength(DicomTag.Item, itemLength);
                        WriteDataset(item);
                        if (item.IsUndefinedLength)
                        {
                            WriteTagAndLength(DicomTag.ItemDelimitationItem, 0);
                        }
                    }

                    if (sq.IsUndefinedLength)
                    {
                        WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0);
                    }

                    break;
                }

                case DicomFragmentSequence f:
                {
                    WriteHeader(f.Tag, f.VR, UndefinedLength);
                    WriteFragment(f.Tag, f.OffsetTable);
                    foreach (DicomBuffer fragment in f.Fragments)
                    {
                        WriteFragment(f.Tag, fragment);
                    }

                    WriteTagAndLength(DicomTag.SequenceDelimitationItem, 0);
                    break;
                }
            }
        }

        /// <summary>A 32-bit length field; 0xFFFFFFFF is reserved for undefined length (PS3.5 7.1.1).</summary>
        private static uint LengthField(DicomTag tag, long length) =>
            length < UndefinedLength
                ? (uint)length
                : throw new InvalidOperationException($"Element {tag} holds {length} bytes, more than a DICOM length field can express (4 GiB - 2).");

        private void WriteFragment(DicomTag tag, DicomBuffer fragment)
        {
            WriteTagAndLength(DicomTag.Item, LengthField(tag, Padded(fragment.Length)));
            fragment.CopyTo(_out);
            if ((fragment.Length & 1) == 1)
            {
                _out.WriteByte(0);
            }
        }

        private void WriteValue(DicomBuffer buffer, DicomVR vr)
        {
            int unit = _bigEndian ? DicomVRInfo.ByteOrderUnit(vr) : 0;
            if (unit == 0)
            {
                buffer.CopyTo(_out);
                return;
            }

            using var swapping = new SwappingStream(_out, unit);
            buffer.CopyTo(swapping);
        }

        private static DicomVR WrittenVR(DicomVR vr, long paddedLength) =>
            !DicomVRInfo.HasLongLength(vr) && paddedLength > ushort.MaxValue - 1 ? DicomVR.UN : (vr == DicomVR.None ? DicomVR.UN : vr);

        private static int HeaderSize(DicomVR vr, bool explicitVR) =>
            !explicitVR ? 8 : DicomVRInfo.HasLongLength(vr) ? 12 : 8;

        private static long Padded(long length) => length + (length & 1);

        private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
        {
            WriteTag(tag);
            if (!_explicit)
            {
                WriteUInt32(length);
                return;
            }

            ushort code = (ushort)vr;
            _scratch[0] = unchecked((byte)(code >> 8));
            _scratch[1] = unchecked((byte)code);
            if (DicomVRInfo.HasLongLength(vr))
            {
                _scratch[2] = 0;
                _scratch[3] = 0;
                _out.Write(_scratch, 0, 4);
                WriteUInt32(length);
            }
            else
            {
                _out.Write(_scratch, 0, 2);
                WriteUInt16(checked((ushort)length));
            }
        }

        private void WriteTagAndLength(DicomTag tag, uint length)
        {
            WriteTag(tag);
            WriteUInt32(length);
        }

        private void WriteTag(DicomTag tag)
        {
            WriteUInt16(tag.Group);
            WriteUInt16(tag.Element);
        }

        private void WriteUInt16(ushort v)
        {
            if (_bigEndian)
            {
                _scratch[0] = unchecked((byte)(v >> 8));
                _scratch[1] = unchecked((byte)v);
            }
            else
            {
                LittleEndian.WriteUInt16(_scratch, 0, v);
            }

            _out.Write(_scratch, 0, 2);
        }

        private void WriteUInt32(uint v)
        {
            if (_bigEndian)
            {
                _scratch[0] = unchecked((byte)(v >> 24));
                _scratch[1] = unchecked((byte)(v >> 16));
                _scratch[2] = unchecked((byte)(v >> 8));
                _scratch[3] = unchecked((byte)v);
            }
            else
            {
                LittleEndian.WriteUInt32(_scratch, 0, v);
            }

            _out.Write(_scratch, 0, 4);
        }
    }

    /// <summary>Write-through stream that reverses each unit's bytes (little-endian model to big-endian file), never touching the caller's array.</summary>
    private sealed class SwappingStream : Stream
    {
        private readonly Stream _inner;
        private readonly int _unit;
        private byte[] _work = Array.Empty<byte>();

        public SwappingStream(Stream inner, int unit)
        {
            _inner = inner;
            _unit = unit;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_work.Length < count)
            {
                _work = new byte[count];
            }

            Buffer.BlockCopy(buffer, offset, _work, 0, count);
            ByteSwap.InPlace(_work, 0, count, _unit);
            _inner.Write(_work, 0, count);
        }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // The inner stream belongs to the writer: only the base (which holds nothing) is disposed.
            base.Dispose(disposing);
        }
    }

}
