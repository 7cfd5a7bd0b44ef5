// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Values;

/// <summary>
/// One decoded PN value: up to three component groups separated by '=', each of up to five components separated by
/// '^' (PS3.5 6.2.1). Parsing is lenient (surplus components stay in the last one, surplus groups in the phonetic
/// group, so no text is lost); <see cref="ToString"/> omits trailing empty components and groups as PS3.5 allows.
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class DicomPersonName : IEquatable<DicomPersonName>
{
    private static readonly char[] Delimiters = { '^', '=', '\\' };

    private readonly string[][] _groups;

    /// <summary>An alphabetic-only name from its components; none may contain '^', '=' or '\'.</summary>
    public DicomPersonName(string familyName, string givenName = "", string middleName = "", string namePrefix = "", string nameSuffix = "")
        : this(new[] { Checked(new[] { familyName, givenName, middleName, namePrefix, nameSuffix }), Empty(), Empty() })
    {
    }

    private DicomPersonName(string[][] groups) => _groups = groups;

    public string FamilyName => this[PersonNameGroup.Alphabetic, PersonNameComponent.FamilyName];

    public string GivenName => this[PersonNameGroup.Alphabetic, PersonNameComponent.GivenName];

    /// <summary>The alphabetic group as written (components joined with '^', trailing empty ones omitted).</summary>
    public string Alphabetic => GroupText(PersonNameGroup.Alphabetic);

    public string Ideographic => GroupText(PersonNameGroup.Ideographic);

    public string Phonetic => GroupText(PersonNameGroup.Phonetic);

    /// <summary>One component of one group ("" when absent).</summary>
    public string this[PersonNameGroup group, PersonNameComponent component] => _groups[(int)group][(int)component];

    /// <summary>Splits one PN value (no backslash: split multi-valued elements first). Surrounding spaces are trimmed.</summary>
    public static DicomPersonName Parse(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        string[] rawGroups = value.Trim(DicomTextChars.Padding).Split('=');
        string[][] groups = new[] { Empty(), Empty(), Empty() };
        for (int g = 0; g < rawGroups.Length; g++)
        {
            int target = Math.Min(g, 2);
            string text = g > 2 ? "=" + rawGroups[g] : rawGroups[g];
            if (g > 2)
            {
                // Surplus groups are not lost: they stay in the last component of the phonetic group.
                groups[2][4] += text;
                continue;
            }

            string[] components = text.Split('^');
            for (int c = 0; c < components.Length; c++)
            {
                if (c < 5)
                {
                    groups[target][c] = components[c];
                }
                else
                {
                    groups[target][4] += "^" + components[c];
                }
            }
        }

        return new DicomPersonName(groups);
    }

    /// <summary>A copy with one group replaced (for example the ideographic group removed with an empty array).</summary>
    public DicomPersonName WithGroup(PersonNameGroup group, params string[] components)
    {
        if (components is null || components.Length > 5)
        {
            throw new ArgumentException("A component group has at most five components.", nameof(components));
        }

        string[][] copy = new string[3][];
        for (int g = 0; g < 3; g++)
        {
            copy[g] = (string[])_groups[g].Clone();
        }

        string[] replaced = Empty();
        Array.Copy(Checked(components), replaced, components.Length);
        copy[(int)group] = replaced;
        return new DicomPersonName(copy);
    }

    /// <summary>The PN text: groups joined with '=', components with '^', trailing empty components and groups omitted.</summary>
    public override string ToString()
    {
        var groups = new List<string>(3)
        {
            GroupText(PersonNameGroup.Alphabetic),
            GroupText(PersonNameGroup.Ideographic),
            GroupText(PersonNameGroup.Phonetic),
        };
        while (groups.Count > 0 && groups[groups.Count - 1].Length == 0)
        {
            groups.RemoveAt(groups.Count - 1);
        }

        return string.Join("=", groups);
    }

    public bool Equals(DicomPersonName? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomPersonName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static string[] Empty() => new[] { string.Empty, string.Empty, string.Empty, string.Empty, string.Empty };

    private static string[] Checked(string[] components)
    {
        foreach (string c in components)
        {
            if (c is null)
            {
                throw new ArgumentNullException(nameof(components));
            }

            if (c.IndexOfAny(Delimiters) >= 0)
            {
                throw new ArgumentException("A person name component cannot contain '^', '=' or '\\'.", nameof(components));
            }
        }

        return components;
    }

    private string GroupText(PersonNameGroup group)
    {
        string[] c = _groups[(int)group];
        int n = c.Length;
        while (n > 0 && c[n - 1].Length == 0)
        {
            n--;
        }

        return string.Join("^", c, 0, n);
    }
}
