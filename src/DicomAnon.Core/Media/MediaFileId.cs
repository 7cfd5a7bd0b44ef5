// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Media;

/// <summary>The PS3.10 rules for File IDs of a media file-set.</summary>
internal static class MediaFileId
{
    /// <summary>At most 8 components, each of 1 to 8 characters from A-Z, 0-9 and _ (PS3.10 8.2, 8.5).</summary>
    public static bool IsConformant(IReadOnlyList<string> components)
    {
        if (components.Count is 0 or > 8)
        {
            return false;
        }

        foreach (string c in components)
        {
            if (c.Length is 0 or > 8)
            {
                return false;
            }

            foreach (char ch in c)
            {
                if (!(ch is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
