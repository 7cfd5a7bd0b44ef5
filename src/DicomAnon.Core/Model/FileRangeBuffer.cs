// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace DicomAnon.Core;

/// <summary>A value located in a file and read on demand (byte-swapped to little endian if the source is big endian).</summary>
internal sealed class FileRangeBuffer : DicomBuffer
{
    private const int ChunkSize = 1 << 20;

    [ThreadStatic]
    private static byte[]? _chunk;

    /// <param name="path">The source file.</param>
    /// <param name="offset">Byte offset of the value in the file.</param>
    /// <param name="length">Value length in bytes.</param>
    /// <param name="swapUnit">Unit size to byte-swap (2, 4, 8) when the source is big endian; 0 otherwise.</param>
    public FileRangeBuffer(string path, long offset, long length, int swapUnit = 0)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        if (offset < 0 || length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        Offset = offset;
        LengthInFile = length;
        SwapUnit = swapUnit;
    }

    public string Path { get; }

    public long Offset { get; }

    public int SwapUnit { get; }

    private long LengthInFile { get; }

    public override long Length => LengthInFile;

    public override bool IsLoaded => false;

    public override byte[] ToArray()
    {
        if (LengthInFile > int.MaxValue)
        {
            throw new InvalidOperationException($"A value of {LengthInFile} bytes at offset {Offset} cannot be loaded into memory; stream it instead.");
        }

        byte[] data = new byte[LengthInFile];
        using (FileStream source = OpenSource())
        {
            ReadExactly(source, data, 0, data.Length);
        }

        IO.ByteSwap.InPlace(data, 0, data.Length, SwapUnit);
        return data;
    }

    /// <remarks>
    /// Into a file, an unswapped value is copied by the kernel where it can (Linux copy_file_range or sendfile):
    /// untouched pixel data never passes through managed memory. Otherwise, and for what the kernel did not copy,
    /// 1 MB sequential chunks.
    /// </remarks>
    public override void CopyTo(Stream destination)
    {
        long left = LengthInFile;
        if (SwapUnit == 0 && destination is FileStream target)
        {
            // The kernel opens the source itself (no FileStream). A source that ended early (changed since it was
            // read) leaves bytes over, and the open below reports it as before.
            left -= IO.KernelCopy.CopyFromFile(Path, Offset, target, left);
            if (left == 0)
            {
                return;
            }
        }

        using FileStream source = OpenSource();
        source.Position = Offset + (LengthInFile - left);

        byte[] chunk = _chunk ??= new byte[ChunkSize]; // reused per thread: streaming allocates nothing per file
        while (left > 0)
        {
            // Chunks are a multiple of 8, so swap units never straddle two chunks.
            int n = (int)Math.Min(chunk.Length, left);
            ReadExactly(source, chunk, 0, n);
            IO.ByteSwap.InPlace(chunk, 0, n, SwapUnit);
            destination.Write(chunk, 0, n);
            left -= n;
        }
    }

    private FileStream OpenSource()
    {
        var fs = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (Offset + LengthInFile > fs.Length)
        {
            fs.Dispose();
            throw new DicomFormatException($"A value at offset {Offset} of {LengthInFile} bytes runs past the end of the file, which changed since it was read.", null, Offset);
        }

        fs.Position = Offset;
        return fs;
    }

    private static void ReadExactly(Stream s, byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            int n = s.Read(buffer, offset, count);
            if (n <= 0)
            {
                throw new EndOfStreamException("The source file ended early.");
            }

            offset += n;
            count -= n;
        }
    }
}
