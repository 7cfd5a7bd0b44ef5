// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Completion;

/// <summary>The data dictionary's keyword entries in completion order, built once on first completion.</summary>
internal static class KeywordCatalog
{
    private static readonly Lazy<DicomDictionaryEntry[]> Entries = new(() =>
        DicomDictionary.Entries
            .Where(e => !string.IsNullOrEmpty(e.Keyword))
            .OrderBy(e => e.IsRetired)
            .ThenBy(e => e.Keyword, StringComparer.OrdinalIgnoreCase)
            .ToArray());

    /// <summary>Entries whose keyword starts with <paramref name="text"/>, or whose tag starts with it as gggg,eeee.</summary>
    public static IEnumerable<DicomDictionaryEntry> Match(string text)
    {
        string tagText = text.Trim('(', ')').Replace(" ", string.Empty);
        if (tagText.Length > 0 && char.IsDigit(tagText[0]) && tagText.All(c => Uri.IsHexDigit(c) || c == ','))
        {
            // A tag typed by number: the entries under it, in tag order.
            return Entries.Value
                .Where(e => e.Tag.ToString().Trim('(', ')').StartsWith(tagText, StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.Tag.Value);
        }

        return Entries.Value.Where(e => e.Keyword.StartsWith(text, StringComparison.OrdinalIgnoreCase));
    }
}
