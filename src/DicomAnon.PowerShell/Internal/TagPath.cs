// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Commands;

/// <summary>
/// What -Tag accepts: a keyword (PatientID), a tag ("0010,0010", "(0010,0010)", "00100010"), a keyword
/// wildcard (Patient*), or a path into sequences ("ReferencedSeriesSequence[0].SeriesInstanceUID",
/// "(0008,1115)[*].(0020,000E)"; an item index left out means every item).
/// </summary>
internal sealed class TagPath
{
    private static readonly Regex SegmentPattern = new(@"^\s*(?<tag>\([^)]*\)|[^\[\]]+?)\s*(\[\s*(?<idx>\d+|\*)\s*\])?\s*$", RegexOptions.CultureInvariant);

    private TagPath(string text, Step[] steps, WildcardPattern? pattern)
    {
        Text = text;
        Steps = steps;
        Pattern = pattern;
    }

    public string Text { get; }

    /// <summary>Property name for per-file objects: the keyword when there is one, else the text as typed.</summary>
    public string PropertyName =>
        Pattern is null && Steps.Length == 1 && !Text.Contains("[")
            ? DicomDictionary.GetKeyword(Steps[0].Tag) ?? Steps[0].Tag.ToString()
            : Text.Trim();

    public bool IsWildcard => Pattern is not null;

    private Step[] Steps { get; }

    private WildcardPattern? Pattern { get; }

    public static bool TryParse(string text, out TagPath? path, out string? error)
    {
        path = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "An empty tag was given.";
            return false;
        }

        if (WildcardPattern.ContainsWildcardCharacters(text) && !text.Contains(".") && !text.Contains("["))
        {
            path = new TagPath(text, Array.Empty<Step>(), new WildcardPattern(text.Trim(), WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
            return true;
        }

        var steps = new List<Step>();
        foreach (string segment in Split(text))
        {
            Match m = SegmentPattern.Match(segment);
            if (!m.Success || !DicomDictionary.TryParseTag(m.Groups["tag"].Value.Trim(), out DicomTag tag))
            {
                error = $"'{text}' is not a tag, keyword or sequence path; use e.g. PatientID, 0010,0020 or ReferencedSeriesSequence[0].SeriesInstanceUID.";
                return false;
            }

            int? index = null;
            Group idx = m.Groups["idx"];
            if (idx.Success && idx.Value != "*")
            {
                if (!int.TryParse(idx.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i))
                {
                    error = $"'{text}' has an item index that is too large.";
                    return false;
                }

                index = i;
            }

            steps.Add(new Step(tag, index, idx.Success));
        }

        if (steps.Count == 0 || steps[steps.Count - 1].HasIndex)
        {
            error = $"'{text}' must end with an element, not a sequence item.";
            return false;
        }

        path = new TagPath(text, steps.ToArray(), null);
        return true;
    }

    /// <summary>Every element of <paramref name="file"/> this path names (file meta for group 0002).</summary>
    public IEnumerable<FoundElement> Find(DicomFile file)
    {
        if (Pattern is not null)
        {
            foreach (DicomDataset ds in new[] { file.FileMetaInformation, file.Dataset })
            {
                foreach (DicomElement e in ds)
                {
                    string? keyword = DicomDictionary.GetKeyword(e.Tag);
                    if (keyword is not null && Pattern.IsMatch(keyword))
                    {
                        yield return new FoundElement(ds, e, e.Tag.ToString(), 0);
                    }
                }
            }

            yield break;
        }

        DicomDataset root = Steps[0].Tag.Group == 0x0002 ? file.FileMetaInformation : file.Dataset;
        var current = new List<(DicomDataset Ds, string Prefix)> { (root, string.Empty) };
        for (int s = 0; s < Steps.Length - 1; s++)
        {
            Step step = Steps[s];
            var next = new List<(DicomDataset, string)>();
            foreach ((DicomDataset ds, string prefix) in current)
            {
                if (ds[step.Tag] is not DicomSequence sq)
                {
                    continue;
                }

                for (int i = 0; i < sq.Items.Count; i++)
                {
                    if (step.Index is null || step.Index == i)
                    {
                        next.Add((sq.Items[i], prefix + step.Tag.ToString() + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]."));
                    }
                }
            }

            current = next;
        }

        DicomTag last = Steps[Steps.Length - 1].Tag;
        foreach ((DicomDataset ds, string prefix) in current)
        {
            if (ds[last] is DicomElement e)
            {
                yield return new FoundElement(ds, e, prefix + last.ToString(), Steps.Length - 1);
            }
        }
    }

    /// <summary>Every element of a file, file meta first, sequences followed by their items' elements.</summary>
    public static IEnumerable<FoundElement> All(DicomFile file)
    {
        foreach (FoundElement f in Walk(file.FileMetaInformation, string.Empty, 0))
        {
            yield return f;
        }

        foreach (FoundElement f in Walk(file.Dataset, string.Empty, 0))
        {
            yield return f;
        }
    }

    private static IEnumerable<FoundElement> Walk(DicomDataset ds, string prefix, int depth)
    {
        foreach (DicomElement e in ds)
        {
            string path = prefix + e.Tag.ToString();
            yield return new FoundElement(ds, e, path, depth);
            if (e is DicomSequence sq)
            {
                for (int i = 0; i < sq.Items.Count; i++)
                {
                    foreach (FoundElement f in Walk(sq.Items[i], path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "].", depth + 1))
                    {
                        yield return f;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Split(string text)
    {
        int parens = 0, brackets = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': parens++; break;
                case ')': parens--; break;
                case '[': brackets++; break;
                case ']': brackets--; break;
                case '.' when parens == 0 && brackets == 0:
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                    break;
            }
        }

        yield return text.Substring(start);
    }

    private readonly struct Step
    {
        public Step(DicomTag tag, int? index, bool hasIndex)
        {
            Tag = tag;
            Index = index;
            HasIndex = hasIndex;
        }

        public DicomTag Tag { get; }

        /// <summary>Item index; null for every item.</summary>
        public int? Index { get; }

        public bool HasIndex { get; }
    }
}
