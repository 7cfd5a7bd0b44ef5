// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Share i of n of a corpus (-Partition i/n, 1 ≤ i ≤ n): a file belongs to the share chosen by a keyed hash of
/// its Study Instance UID, so a study always stays whole on one server, every server computes the same split
/// without talking to the others, and the split reveals nothing about the UIDs to someone without the key.
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class StudyPartition
{
    private readonly SecretKey _key;

    public StudyPartition(int index, int count, SecretKey key)
    {
        if (count < 1 || index < 1 || index > count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "A partition is i/n with 1 <= i <= n.");
        }

        Index = index;
        Count = count;
        _key = key;
    }

    /// <summary>1-based share number.</summary>
    public int Index { get; }

    public int Count { get; }

    /// <summary>Parses "i/n"; false for anything else.</summary>
    public static bool TryParse(string text, out int index, out int count)
    {
        index = count = 0;
        string[] parts = (text ?? string.Empty).Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count)
            && count >= 1 && count <= 100000 && index >= 1 && index <= count;
    }

    /// <summary>The 1-based share of a study (an absent UID counts as the empty text, so such files share one share).</summary>
    public int ShareOf(string? studyInstanceUid)
    {
        byte[] h = _key.Hmac("partition\u0000" + (studyInstanceUid ?? string.Empty).Trim());
        ulong v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | h[i];
        }

        return (int)(v % (ulong)Count) + 1;
    }

    public bool Contains(string? studyInstanceUid) => ShareOf(studyInstanceUid) == Index;

    public override string ToString() => Index.ToString(CultureInfo.InvariantCulture) + "/" + Count.ToString(CultureInfo.InvariantCulture);
}
