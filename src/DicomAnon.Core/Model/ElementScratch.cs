// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core;

/// <summary>
/// Per-thread arrays for a snapshot of a dataset's elements, taken by passes that change the dataset while they walk
/// it (the profile, the identifier echo clean-up). One array per nesting level in use, reused file after file, so a
/// snapshot costs no allocation after the first files. Rent and return in try/finally: a nested walk takes the next
/// array, so the snapshots of enclosing datasets stay intact.
/// </summary>
internal static class ElementScratch
{
    // A larger array (a dataset of thousands of elements) is not kept: it would stay alive for the thread's life.
    private const int MaxKeptLength = 4096;

    [ThreadStatic]
    private static List<DicomElement[]>? _arrays;

    [ThreadStatic]
    private static int _inUse;

    /// <summary>An array holding <paramref name="ds"/>'s elements in order in its first <see cref="DicomDataset.Count"/> slots.</summary>
    public static DicomElement[] Rent(DicomDataset ds)
    {
        List<DicomElement[]> arrays = _arrays ??= new List<DicomElement[]>();
        while (arrays.Count <= _inUse)
        {
            arrays.Add(Array.Empty<DicomElement>());
        }

        int count = ds.Count;
        DicomElement[] array = arrays[_inUse];
        if (array.Length < count)
        {
            array = new DicomElement[Math.Max(count, 64)];
            if (count <= MaxKeptLength)
            {
                arrays[_inUse] = array;
            }
        }

        _inUse++;
        ds.CopyTo(array);
        return array;
    }

    /// <summary>Gives back the array of the innermost <see cref="Rent"/>, emptied so that it holds no file's elements.</summary>
    public static void Return(DicomElement[] array, int count)
    {
        Array.Clear(array, 0, count);
        _inUse--;
    }
}
