// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.IO;

/// <summary>
/// Reads DICOM Part 10 files (preamble, 'DICM', file meta, dataset) and raw datasets without them, in every
/// transfer syntax: implicit and explicit VR little endian, explicit VR big endian, deflated, and all
/// encapsulated syntaxes (fragments carried intact). Bulk values are located, not loaded. Lenient where the
/// standard's intent is clear (warnings in <see cref="DicomFile.ReadWarnings"/>), strict about lengths.
/// </summary>
/// <remarks>Reverses <see cref="DicomWriter"/>.</remarks>
internal static class DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly byte[] Dicm = { (byte)'D', (byte)'I', (byte)'C', (byte)'M' };

    /// <summary>Returned by <see cref="ReadElement"/> for a value that <see cref="DicomReadOptions.KeepValue"/> refused (skipped, never stored).</summary>
    private static readonly DicomValueElement Skipped = new(new DicomTag(0xFFFF, 0xFFFF), DicomVR.UN, DicomBuffer.Empty);

    /// <summary>Reads a file. Deferred values keep a reference to <paramref name="path"/> and read it on demand.</summary>
    /// <exception cref="NotDicomFileException">The file is not DICOM.</exception>
    /// <exception cref="DicomFormatException">The file is malformed DICOM (tag and offset say where).</exception>
    public static DicomFile ReadFile(string path, DicomReadOptions options)
    {
        string full = Path.GetFullPath(path);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        DicomFile file = Read(stream, options, full);
        file.SourcePath = full;
        return file;
    }

    /// <summary>Reads from a stream; every value is loaded into memory (no file to defer to).</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions options) => Read(stream, options, null);

    /// <summary>Reads a dataset without preamble or file meta from bytes, in the given syntax (for tests and embedded datasets).</summary>
    public static DicomDataset ReadDataset(byte[] bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null)
    {
        using var ms = new MemoryStream(bytes, false);
        var source = new ByteSource(ms, 0);
        try
        {
            DicomReadOptions o = options ?? DicomReadOptions.Default;
            return ReadTopLevel(new Context(source, o, null, new ReadBudget(o)), syntax);
        }
        finally
        {
            source.Release();
        }
    }

    /// <summary>Cheap check: 'DICM' at 128, or a plausible dataset or file meta group at byte 0 (the reader's own rule).</summary>
    /// <exception cref="IOException">The file cannot be read: callers report it rather than skip it.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static bool LooksLikeDicom(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        byte[] head = new byte[132];
        int n = ReadUpTo(fs, head);
        return (n == 132 && HasDicm(head)) || DetectRawSyntax(head, n) is not null;
    }

    /// <summary>
    /// <see cref="LooksLikeDicom"/> and <see cref="ReadFile"/> on one open of the file: null when the check fails.
    /// <paramref name="sniffed"/> is set once the check has passed, so a caller can tell a failed check (an
    /// unreadable file) from a failed parse.
    /// </summary>
    /// <param name="regularNonEmpty">The caller found a regular file with bytes in it (so opening it cannot wait on a
    /// FIFO or touch a device): on Linux it is then read by positional reads on a C library descriptor
    /// (<see cref="DescriptorReadStream"/>), without FileStream's lock and size queries.</param>
    internal static DicomFile? ReadFileIfDicom(string path, DicomReadOptions options, ref bool sniffed, bool regularNonEmpty = false)
    {
        string full = Path.GetFullPath(path);

        // No sequential-scan hint: only the header is read here (later values are read, or copied by the kernel,
        // from their own open), so the hint would be one more system call for nothing.
        using Stream stream = (Stream?)(regularNonEmpty ? DescriptorReadStream.TryOpen(full) : null)
            ?? new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        byte[] head = new byte[132];
        int n = ReadUpTo(stream, head);
        if (!((n == 132 && HasDicm(head)) || DetectRawSyntax(head, n) is not null))
        {
            return null;
        }

        sniffed = true;
        DicomFile file = Read(stream, options, full, head, n, 0); // the first 132 bytes are not read twice
        file.SourcePath = full;
        return file;
    }

    private static DicomFile Read(Stream stream, DicomReadOptions options, string? sourcePath)
    {
        long start = stream.CanSeek ? stream.Position : 0;
        byte[] head = new byte[132];
        int n = ReadUpTo(stream, head);
        return Read(stream, options, sourcePath, head, n, start);
    }

    /// <param name="head">The first bytes of the stream, already read from <paramref name="start"/> (the stream is past them).</param>
    /// <param name="n">How many of <paramref name="head"/> were read.</param>
    private static DicomFile Read(Stream stream, DicomReadOptions options, string? sourcePath, byte[] head, int n, long start)
    {
        var budget = new ReadBudget(options);
        byte[]? preamble = null;
        long datasetStart;
        if (n == 132 && HasDicm(head))
        {
            preamble = new byte[128];
            Buffer.BlockCopy(head, 0, preamble, 0, 128);
            datasetStart = start + 132;
        }
        else
        {
            datasetStart = start;
        }

        if (!stream.CanSeek)
        {
            throw new NotSupportedException("Reading needs a seekable stream.");
        }

        stream.Position = datasetStart;
        var source = new ByteSource(stream, datasetStart);
        var ctx = new Context(source, options, stream is FileStream or DescriptorReadStream && sourcePath is not null ? sourcePath : null, budget);

        DicomDataset meta = new();
        DicomTransferSyntax syntax;
        try
        {
            bool hasMeta = source.CanPeek(2) && source.PeekByte(0) == 0x02 && source.PeekByte(1) == 0x00;
            if (preamble is null && !hasMeta && DetectRawSyntax(head, n) is null)
            {
                throw new NotDicomFileException("not a DICOM file (no 'DICM' marker at byte 128 and no recognisable dataset at byte 0)");
            }

            if (hasMeta)
            {
                meta = ReadMeta(ctx);
            }
            else if (preamble is not null)
            {
                budget.Warn("The file has a 'DICM' marker but no file meta group.");
            }

            string? tsUid = meta.GetString(DicomTag.TransferSyntaxUid);
            if (string.IsNullOrEmpty(tsUid))
            {
                syntax = DetectSyntaxAt(ctx) ?? DicomTransferSyntax.ImplicitVRLittleEndian;
                if (hasMeta)
                {
                    budget.Warn("The file meta group has no Transfer Syntax UID (0002,0010); the syntax was detected from the data.");
                }
            }
            else
            {
                syntax = DicomTransferSyntax.FromUid(tsUid!);
            }

            DicomDataset dataset;
            if (syntax.IsDeflated)
            {
                stream.Position = source.Position; // the byte source read ahead of the meta group
                long compressed = Math.Max(1, stream.Length - stream.Position);
                var watch = new EndWatchingStream(stream);
                using var inflated = new DeflateStream(watch, CompressionMode.Decompress, leaveOpen: true);
                long ratioLimit = compressed > long.MaxValue / Math.Max(1, options.MaxInflationRatio) ? long.MaxValue : compressed * options.MaxInflationRatio;
                var inflatedSource = new ByteSource(inflated, 0) { Limit = Math.Min(options.MaxDecodedBytes, Math.Max(64L << 20, ratioLimit)) };
                var inflatedCtx = new Context(inflatedSource, options, null, budget) { OffsetIsInflated = true };
                try
                {
                    dataset = ReadTopLevel(inflatedCtx, syntax);
                }
                finally
                {
                    inflatedSource.Release();
                }

                // The inflater asks for input only until the final block: asking past the end means the file was cut.
                if (watch.ReachedEnd)
                {
                    throw new DeflatedDataTruncatedException($"The deflated data ends before its final block (the file is truncated; last element read: {inflatedCtx.LastTag}).", inflatedCtx.LastTag);
                }
            }
            else
            {
                dataset = ReadTopLevel(ctx, syntax);
            }

            return new DicomFile(meta, dataset, syntax)
            {
                Preamble = preamble,
                HadNoPart10Header = preamble is null,
                ReadWarnings = budget.Finish(),
            };
        }
        catch (EndOfStreamException ex)
        {
            throw new DicomFormatException($"The data ends early: truncated at byte {ctx.LastTagOffset} in or after element {ctx.LastTag}.", ctx.LastTag, ctx.LastTagOffset, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException($"Invalid data in or after element {ctx.LastTag} at byte {ctx.LastTagOffset}: {ex.Message}", ctx.LastTag, ctx.LastTagOffset, ex);
        }
        finally
        {
            source.Release();
        }
    }

    private static DicomDataset ReadMeta(Context ctx)
    {
        var meta = new DicomDataset();
        ByteSource s = ctx.Source;
        s.BigEndian = false;
        while (s.CanPeek(2) && s.PeekByte(0) == 0x02 && s.PeekByte(1) == 0x00)
        {
            DicomElement? e = ReadElement(ctx, meta, explicitVR: true, depth: 0);
            if (e is not null)
            {
                meta.Set(e);
            }
        }

        return meta;
    }

    private static DicomDataset ReadTopLevel(Context ctx, DicomTransferSyntax syntax)
    {
        ByteSource s = ctx.Source;
        s.BigEndian = syntax.IsBigEndian;
        bool explicitVR = syntax.IsExplicitVR;

        // Files sometimes lie about VR form: look at the first element and follow the data (pydicom does the same).
        if (s.CanPeek(6))
        {
            bool vrValid = DicomVRInfo.TryParse(s.PeekByte(4), s.PeekByte(5), out _);
            if (explicitVR && !vrValid && !syntax.IsBigEndian)
            {
                ctx.Budget.Warn("The transfer syntax says explicit VR but the data is implicit VR; read as implicit.");
                explicitVR = false;
            }
            // In implicit VR bytes 4-5 are the low half of a 32-bit length, which reads as a VR code only for a
            // first element over 16 MB: not plausible, so a VR there means explicit VR.
            else if (!explicitVR && vrValid)
            {
                ctx.Budget.Warn("The transfer syntax says implicit VR but the data is explicit VR; read as explicit.");
                explicitVR = true;
            }
        }

        var dataset = new DicomDataset();
        ReadElements(ctx, dataset, explicitVR, end: -1, depth: 0, topLevel: true);
        return dataset;
    }

    /// <summary>Reads elements into <paramref name="dataset"/> until <paramref name="end"/> (absolute; -1 = until delimiter or end of data).</summary>
    private static void ReadElements(Context ctx, DicomDataset dataset, bool explicitVR, long end, int depth, bool topLevel)
    {
        ByteSource s = ctx.Source;
        while (true)
        {
            if (end >= 0 ? s.Position >= end : s.AtEnd)
            {
                if (end >= 0 && s.Position > end)
                {
                    throw new DicomFormatException($"An element runs past the end of its item at byte {end}.", ctx.LastTag, ctx.LastTagOffset);
                }

                return;
            }

            if (topLevel && ctx.Options.StopBeforePixelData && PeekTag(s) == DicomTag.PixelData)
            {
                return;
            }

            long offset = s.Position;
            DicomElement? e = ReadElement(ctx, dataset, explicitVR, depth);
            if (ReferenceEquals(e, Skipped))
            {
                continue;
            }

            if (e is null)
            {
                // Item Delimitation Item: end of an undefined-length item.
                if (end < 0 && !topLevel)
                {
                    return;
                }

                if (ctx.Budget.HasRoomForWarning())
                {
                    ctx.Budget.Warn($"Unexpected delimitation item at byte {offset} ignored.");
                }

                continue;
            }

            if (dataset.Contains(e.Tag))
            {
                // Checked first: a file of a million duplicates must not format a million messages.
                if (ctx.Budget.HasRoomForWarning())
                {
                    ctx.Budget.Warn($"Element {e.Tag} occurs twice; the last one is kept.");
                }
            }

            dataset.Set(e);
        }
    }

    private static DicomTag? PeekTag(ByteSource s)
    {
        if (!s.CanPeek(4))
        {
            return null;
        }

        byte b0 = s.PeekByte(0), b1 = s.PeekByte(1), b2 = s.PeekByte(2), b3 = s.PeekByte(3);
        return s.BigEndian
            ? new DicomTag((ushort)((b0 << 8) | b1), (ushort)((b2 << 8) | b3))
            : new DicomTag((ushort)(b0 | (b1 << 8)), (ushort)(b2 | (b3 << 8)));
    }

    /// <summary>Reads one element; null for an Item Delimitation Item (or a stray Sequence Delimitation Item).</summary>
    private static DicomElement? ReadElement(Context ctx, DicomDataset dataset, bool explicitVR, int depth)
    {
        ByteSource s = ctx.Source;
        long offset = s.Position;
        ushort group = s.ReadUInt16();
        ushort element = s.ReadUInt16();
        var tag = new DicomTag(group, element);
        ctx.LastTag = tag;
        ctx.LastTagOffset = ctx.OffsetIsInflated ? -1 : offset;
        ctx.Budget.CountElement(tag, ctx.LastTagOffset);

        if (group == 0xFFFE)
        {
            uint delimLength = s.ReadUInt32();
            if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem)
            {
                return null;
            }

            throw new DicomFormatException($"Item tag {tag} found where a data element was expected (length {delimLength}).", tag, offset);
        }

        DicomVR vr;
        uint length;
        if (explicitVR)
        {
            byte v0 = s.ReadByte(), v1 = s.ReadByte();
            if (DicomVRInfo.TryParse(v0, v1, out vr))
            {
                if (DicomVRInfo.HasLongLength(vr))
                {
                    s.Skip(2);
                    length = s.ReadUInt32();
                }
                else
                {
                    length = s.ReadUInt16();
                }
            }
            else if (v0 >= 0x20 && v0 < 0x7F && v1 >= 0x20 && v1 < 0x7F)
            {
                // An unknown but printable VR: new VRs all use the long form (PS3.5 7.1.2).
                if (ctx.Budget.HasRoomForWarning())
                {
                    ctx.Budget.Warn($"Element {tag} has an unknown VR; read as UN.");
                }

                vr = DicomVR.UN;
                s.Skip(2);
                length = s.ReadUInt32();
            }
            else
            {
                throw new DicomFormatException($"Element {tag} at byte {offset} has an invalid VR (bytes 0x{v0:X2} 0x{v1:X2}).", tag, offset);
            }
        }
        else
        {
            length = s.ReadUInt32();
            vr = ImplicitVR(tag, dataset, length);
        }

        string? creator = tag.IsPrivate && !tag.IsPrivateCreator ? ctx.PrivateCreatorOf(dataset, tag) : null;

        // Encapsulated pixel data, also inside items (Icon Image Sequence).
        if (tag == DicomTag.PixelData && length == UndefinedLength)
        {
            return ReadFragments(ctx, tag, vr == DicomVR.UN ? DicomVR.OB : vr, offset);
        }

        if (vr == DicomVR.SQ || (length == UndefinedLength && (vr == DicomVR.UN || !explicitVR)))
        {
            // UN with undefined length is an implicit VR little endian sequence (PS3.5 6.2.2).
            bool itemsExplicit = vr == DicomVR.SQ && explicitVR;
            return ReadSequence(ctx, tag, length, itemsExplicit, depth, creator, offset);
        }

        if (length == UndefinedLength)
        {
            throw new DicomFormatException($"Element {tag} ({DicomVRInfo.ToCode(vr)}) at byte {offset} has undefined length, which only sequences and pixel data may have.", tag, offset);
        }

        if (length > s.Remaining)
        {
            throw new DicomFormatException($"Element {tag} at byte {offset} declares {length} bytes but only {s.Remaining} remain.", tag, offset);
        }

        // A UN value that holds items is an undeclared sequence (often private): parse it so nothing hides in it.
        if (vr == DicomVR.UN && length >= 8 && IsItemTagNext(s) && length <= 64 * 1024 * 1024)
        {
            long valueStart = s.Position;
            if (s.IsSeekable)
            {
                // Parsed in place, by offset: nested UN values cost no copy at any level.
                if (TryParseUNSequence(ctx, tag, length, depth, creator, out DicomSequence? inPlace))
                {
                    return inPlace;
                }

                s.Seek(valueStart);
                ctx.LastTag = tag;
                ctx.LastTagOffset = ctx.OffsetIsInflated ? -1 : valueStart;
                return new DicomValueElement(tag, vr, ReadValue(ctx, vr, length), creator);
            }
            else
            {
                // Inflated data cannot move back: one copy of the outermost value, whose nested values are then parsed in place.
                byte[] raw = s.ReadBytes(length);
                if (TryParseUNSequence(ctx, tag, raw, depth, creator, out DicomSequence? undeclared))
                {
                    return undeclared;
                }

                ctx.LastTag = tag;
                ctx.LastTagOffset = ctx.OffsetIsInflated ? -1 : valueStart;
                return new DicomValueElement(tag, vr, raw, creator);
            }
        }

        // A UN value is kept whatever its tag: its VR is resolved from its bytes below.
        if (ctx.Options.KeepValue is { } keep && vr != DicomVR.UN && group != 0x0002 && !keep(tag, vr))
        {
            s.Skip(length);
            return Skipped;
        }

        DicomBuffer value = ReadValue(ctx, vr, length);
        if (vr == DicomVR.UN && !tag.IsPrivate)
        {
            vr = ResolveUNVR(tag, value, s.BigEndian);
        }

        return new DicomValueElement(tag, vr, value, creator);
    }

    private static DicomBuffer ReadValue(Context ctx, DicomVR vr, uint length)
    {
        ByteSource s = ctx.Source;
        if (length == 0)
        {
            return DicomBuffer.Empty;
        }

        int swap = s.BigEndian ? DicomVRInfo.ByteOrderUnit(vr) : 0;
        if (ctx.SourcePath is not null && s.IsSeekable && DicomVRInfo.IsBulk(vr) && length >= ctx.Options.BulkDataThreshold)
        {
            var deferred = new FileRangeBuffer(ctx.SourcePath, s.Position, length, swap);
            s.Skip(length);
            return deferred;
        }

        byte[] bytes = s.ReadBytes(length);
        ByteSwap.InPlace(bytes, 0, bytes.Length, swap);
        return new MemoryBuffer(bytes);
    }

    private static DicomSequence ReadSequence(Context ctx, DicomTag tag, uint length, bool explicitVR, int depth, string? creator, long offset)
    {
        ByteSource s = ctx.Source;
        if (depth >= ctx.Options.MaxSequenceDepth)
        {
            throw new DicomLimitExceededException(nameof(DicomReadOptions.MaxSequenceDepth), $"Sequence {tag} at byte {offset} is nested deeper than {ctx.Options.MaxSequenceDepth} levels.", tag, offset);
        }

        var sequence = new DicomSequence(tag, creator) { IsUndefinedLength = length == UndefinedLength };
        long end = -1;
        if (length != UndefinedLength)
        {
            if (length > s.Remaining)
            {
                throw new DicomFormatException($"Sequence {tag} at byte {offset} declares {length} bytes but only {s.Remaining} remain.", tag, offset);
            }

            end = s.Position + length;
        }

        bool savedOrder = s.BigEndian;
        while (end < 0 || s.Position < end)
        {
            long itemOffset = s.Position;
            ushort g = s.ReadUInt16();
            ushort el = s.ReadUInt16();
            uint itemLength = s.ReadUInt32();
            var itemTag = new DicomTag(g, el);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (end >= 0)
                {
                    ctx.Budget.Warn($"Sequence {tag} has a defined length and a delimiter; the delimiter was ignored.");
                }

                break;
            }

            if (itemTag != DicomTag.Item)
            {
                throw new DicomFormatException($"Sequence {tag}: expected an item at byte {itemOffset}, found {itemTag}.", tag, itemOffset);
            }

            ctx.Budget.CountElement(tag, itemOffset);
            var item = new DicomDataset { IsUndefinedLength = itemLength == UndefinedLength };
            sequence.Items.Add(item);
            long itemEnd = -1;
            if (itemLength != UndefinedLength)
            {
                if (itemLength > s.Remaining || (end >= 0 && s.Position + itemLength > end))
                {
                    throw new DicomFormatException($"Item at byte {itemOffset} of sequence {tag} declares {itemLength} bytes, more than its sequence holds.", tag, itemOffset);
                }

                itemEnd = s.Position + itemLength;
            }

            ReadElements(ctx, item, explicitVR, itemEnd, depth + 1, topLevel: false);
            s.BigEndian = savedOrder;
        }

        if (end >= 0 && s.Position != end)
        {
            throw new DicomFormatException($"Sequence {tag} at byte {offset}: its items do not add up to its length.", tag, offset);
        }

        return sequence;
    }

    private static DicomFragmentSequence ReadFragments(Context ctx, DicomTag tag, DicomVR vr, long offset)
    {
        ByteSource s = ctx.Source;
        DicomBuffer? offsetTable = null;
        var fragments = new List<DicomBuffer>();
        while (true)
        {
            long itemOffset = s.Position;
            ushort g = s.ReadUInt16();
            ushort el = s.ReadUInt16();
            uint length = s.ReadUInt32();
            var itemTag = new DicomTag(g, el);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                break;
            }

            if (itemTag != DicomTag.Item || length == UndefinedLength)
            {
                throw new DicomFormatException($"Encapsulated pixel data: expected a fragment item at byte {itemOffset}, found {itemTag}.", tag, itemOffset);
            }

            if (length > s.Remaining)
            {
                throw new DicomFormatException($"Fragment at byte {itemOffset} declares {length} bytes but only {s.Remaining} remain.", tag, itemOffset);
            }

            ctx.Budget.CountElement(tag, itemOffset);
            DicomBuffer value = ReadValue(ctx, DicomVR.OB, length);
            if (offsetTable is null)
            {
                offsetTable = value;
            }
            else
            {
                fragments.Add(value);
            }
        }

        if (offsetTable is null)
        {
            throw new DicomFormatException($"Encapsulated pixel data at byte {offset} has no Basic Offset Table item.", tag, offset);
        }

        return new DicomFragmentSequence(tag, vr, offsetTable, fragments);
    }

    /// <summary>Parses a UN value of a seekable source as a sequence where it lies; on failure the caller moves back.</summary>
    private static bool TryParseUNSequence(Context ctx, DicomTag tag, uint length, int depth, string? creator, out DicomSequence? sequence)
    {
        sequence = null;
        ByteSource s = ctx.Source;
        bool savedOrder = s.BigEndian;
        s.BigEndian = false; // UN content is implicit VR little endian (PS3.5 6.2.2).
        try
        {
            sequence = ReadSequence(ctx, tag, length, explicitVR: false, depth, creator, s.Position);
            sequence.IsUndefinedLength = false;
            return true;
        }
        catch (DicomFormatException ex) when (ex is not DicomLimitExceededException)
        {
            return false;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        finally
        {
            s.BigEndian = savedOrder;
        }
    }

    /// <summary>Parses a UN value copied out of inflated data; its own nested UN values are then parsed in place.</summary>
    private static bool TryParseUNSequence(Context ctx, DicomTag tag, byte[] raw, int depth, string? creator, out DicomSequence? sequence)
    {
        var ms = new MemoryStream(raw, false);
        var inner = new Context(new ByteSource(ms, 0), ctx.Options, null, ctx.Budget) { OffsetIsInflated = ctx.OffsetIsInflated };
        try
        {
            return TryParseUNSequence(inner, tag, (uint)raw.Length, depth, creator, out sequence);
        }
        finally
        {
            inner.Source.Release();
        }
    }

    private static bool IsItemTagNext(ByteSource s) =>
        s.CanPeek(4) && (s.BigEndian
            ? s.PeekByte(0) == 0xFF && s.PeekByte(1) == 0xFE && s.PeekByte(2) == 0xE0 && s.PeekByte(3) == 0x00
            : s.PeekByte(0) == 0xFE && s.PeekByte(1) == 0xFF && s.PeekByte(2) == 0x00 && s.PeekByte(3) == 0xE0);

    /// <summary>A public element sent as UN whose dictionary VR is text gets that VR back (so PN, DA, UI... are treated as such).</summary>
    private static DicomVR ResolveUNVR(DicomTag tag, DicomBuffer value, bool bigEndian)
    {
        if (bigEndian || !DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry? entry) || entry!.ValueRepresentations.Count != 1)
        {
            return DicomVR.UN;
        }

        DicomVR vr = entry.VR;
        bool fits = DicomVRInfo.HasLongLength(vr) || value.Length <= ushort.MaxValue;
        return DicomVRInfo.IsString(vr) && fits ? vr : DicomVR.UN;
    }

    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset, uint length)
    {
        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return DicomVR.UN;
        }

        if (!DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry? entry) || entry!.ValueRepresentations.Count == 0)
        {
            return DicomVR.UN;
        }

        IReadOnlyList<DicomVR> vrs = entry.ValueRepresentations;
        if (vrs.Count == 1)
        {
            return vrs[0];
        }

        if (vrs.Contains(DicomVR.OW) && (tag == DicomTag.PixelData || length == UndefinedLength || vrs[0] == DicomVR.OB))
        {
            return DicomVR.OW; // implicit VR pixel data and overlays are OW (PS3.5 A.1)
        }

        if (vrs[0] == DicomVR.US && vrs.Contains(DicomVR.SS))
        {
            long? rep = FindPixelRepresentation(dataset);
            return rep == 1 ? DicomVR.SS : DicomVR.US;
        }

        return vrs[0];
    }

    private static long? FindPixelRepresentation(DicomDataset? dataset)
    {
        for (DicomDataset? d = dataset; d is not null; d = d.Parent)
        {
            long? v = d.GetInteger(DicomTags.PixelRepresentation);
            if (v is not null)
            {
                return v;
            }
        }

        return null;
    }

    private static DicomTransferSyntax? DetectSyntaxAt(Context ctx) =>
        ctx.Source.TryPeek(8, out byte[] b) ? DetectRawSyntax(b, b.Length) : null;

    /// <summary>Guesses the syntax of a raw dataset from its first element (plausible group, valid VR or not, byte order).</summary>
    private static DicomTransferSyntax? DetectRawSyntax(byte[] b, int n)
    {
        if (n < 8)
        {
            return null;
        }

        ushort groupLE = LittleEndian.ReadUInt16(b, 0);
        ushort groupBE = (ushort)((b[0] << 8) | b[1]);
        bool vr = DicomVRInfo.TryParse(b[4], b[5], out _);
        if (PlausibleFirstGroup(groupLE))
        {
            if (vr)
            {
                return DicomTransferSyntax.ExplicitVRLittleEndian;
            }

            uint len = LittleEndian.ReadUInt32(b, 4);
            return len < 0x01000000 || len == UndefinedLength ? DicomTransferSyntax.ImplicitVRLittleEndian : null;
        }

        return PlausibleFirstGroup(groupBE) && vr ? DicomTransferSyntax.ExplicitVRBigEndian : null;
    }

    private static bool PlausibleFirstGroup(ushort group) => group is 0x0002 or 0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028;

    private static bool HasDicm(byte[] head) =>
        head[128] == Dicm[0] && head[129] == Dicm[1] && head[130] == Dicm[2] && head[131] == Dicm[3];

    private static int ReadUpTo(Stream s, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer, total, buffer.Length - total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private sealed class Context
    {
        private DicomElement? _creatorElement;
        private DicomDataset? _creatorDataset;
        private string? _creator;

        public Context(ByteSource source, DicomReadOptions options, string? sourcePath, ReadBudget budget)
        {
            Source = source;
            Options = options;
            SourcePath = sourcePath;
            Budget = budget;
        }

        public ByteSource Source { get; }

        public DicomReadOptions Options { get; }

        /// <summary>Set when values may be deferred to the file (seekable file source, not deflated).</summary>
        public string? SourcePath { get; }

        /// <summary>Counts and warnings of the whole file, shared by the meta, dataset and inflated contexts.</summary>
        public ReadBudget Budget { get; }

        public bool OffsetIsInflated { get; init; }

        public DicomTag? LastTag { get; set; }

        public long LastTagOffset { get; set; } = -1;

        /// <summary>
        /// <see cref="DicomDataset.FindPrivateCreator"/>, decoded once per creator element: a private block's elements
        /// follow each other, so the last creator read is remembered by its element (elements are immutable).
        /// </summary>
        public string? PrivateCreatorOf(DicomDataset dataset, DicomTag tag)
        {
            if (tag.PrivateCreatorTag is not DicomTag creatorTag || !dataset.TryGetElement(creatorTag, out DicomElement? element))
            {
                return null;
            }

            if (!ReferenceEquals(element, _creatorElement) || !ReferenceEquals(dataset, _creatorDataset))
            {
                _creator = dataset.FindPrivateCreator(tag);
                _creatorElement = element;
                _creatorDataset = dataset;
            }

            return _creator;
        }
    }

    /// <summary>What one file may cost the reader: elements counted against MaxElementCount, warnings kept up to MaxWarnings.</summary>
    private sealed class ReadBudget
    {
        private readonly DicomReadOptions _options;
        private readonly List<string> _warnings = new();
        private int _elements;
        private int _suppressed;

        public ReadBudget(DicomReadOptions options) => _options = options;

        public void CountElement(DicomTag tag, long offset)
        {
            if (++_elements > _options.MaxElementCount)
            {
                throw new DicomLimitExceededException(
                    nameof(DicomReadOptions.MaxElementCount),
                    $"The file holds more than {_options.MaxElementCount} elements and items (at element {tag}, {(offset >= 0 ? $"byte {offset}" : "in the inflated data")}).",
                    tag,
                    offset);
            }
        }

        /// <summary>True while the list has room; once full, counts the caller's warning and returns false so it is not formatted.</summary>
        public bool HasRoomForWarning()
        {
            if (_warnings.Count < _options.MaxWarnings)
            {
                return true;
            }

            _suppressed++;
            return false;
        }

        public void Warn(string warning)
        {
            if (_warnings.Count < _options.MaxWarnings)
            {
                _warnings.Add(warning);
            }
            else
            {
                _suppressed++;
            }
        }

        public List<string> Finish()
        {
            if (_suppressed > 0)
            {
                _warnings.Add($"{_suppressed} more warnings were not listed (at most {_options.MaxWarnings} per file).");
                _suppressed = 0;
            }

            return _warnings;
        }
    }
}
