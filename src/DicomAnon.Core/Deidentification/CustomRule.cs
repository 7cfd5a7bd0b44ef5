// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// A rule applied on top of the profile, overriding it, for one attribute: a public tag or keyword, or a private
/// element identified by group, private creator and element byte (the ee of (gggg,xxee), whatever block xx).
/// </summary>
/// <remarks>
/// JSON form (<see cref="LoadJson(TextReader)"/>): an array of objects, or an object with a "rules" array. Property
/// names are case-insensitive: "tag" (keyword, "(gggg,eeee)", or "(gggg,xxee)" for private), "privateCreator",
/// "action" (keep, remove, empty, replace, hash, shift, remap), "value" (for replace). Example:
/// <code>[ { "tag": "StudyDescription", "action": "keep" },
///   { "tag": "(0029,xx10)", "privateCreator": "SIEMENS CSA HEADER", "action": "remove" },
///   { "tag": "(0008,0080)", "action": "replace", "value": "RESEARCH SITE 1" } ]</code>
/// The PowerShell layer builds the same rules from .psd1 hashtables through <see cref="FromProperties"/>.
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class CustomRule
{
    private CustomRule(DicomTag tag, string? privateCreator, CustomRuleAction action, string? value)
    {
        if (action == CustomRuleAction.Replace && value is null)
        {
            throw new ArgumentException("A replace rule needs a value.", nameof(value));
        }

        Tag = tag;
        PrivateCreator = privateCreator;
        Action = action;
        Value = value;
        if (privateCreator is null && value is not null && action == CustomRuleAction.Replace)
        {
            DicomVR vr = DicomDictionary.GetVR(tag);
            int max = DicomVRInfo.MaxValueLength(vr);
            foreach (string v in DicomVRInfo.IsSingleValuedText(vr) ? new[] { value } : value.Split(DicomTextChars.Backslash))
            {
                if (max > 0 && v.Length > max)
                {
                    throw new ArgumentException($"The replacement for {tag} is longer than its VR allows ({max}).", nameof(value));
                }
            }
        }
    }

    /// <summary>For a public rule, the tag; for a private rule, (gggg,00ee): the group and element byte, block 00.</summary>
    public DicomTag Tag { get; }

    /// <summary>The private creator of a private rule; null for a public rule.</summary>
    public string? PrivateCreator { get; }

    public bool IsPrivate => PrivateCreator is not null;

    public CustomRuleAction Action { get; }

    /// <summary>The replacement (Replace only; multiple values separated by '\').</summary>
    public string? Value { get; }

    /// <summary>A rule for a public attribute.</summary>
    public static CustomRule ForTag(DicomTag tag, CustomRuleAction action, string? value = null)
    {
        if (tag.IsPrivate)
        {
            throw new ArgumentException("A private tag needs a private creator: use ForPrivate.", nameof(tag));
        }

        return new CustomRule(tag, null, action, value);
    }

    /// <summary>A rule for element byte <paramref name="elementByte"/> of the block <paramref name="privateCreator"/> reserved in <paramref name="group"/>.</summary>
    public static CustomRule ForPrivate(ushort group, string privateCreator, byte elementByte, CustomRuleAction action, string? value = null)
    {
        if ((group & 1) == 0 || group <= 0x0008 || group == 0xFFFF)
        {
            throw new ArgumentException("Private groups are odd and above 0008.", nameof(group));
        }

        if (string.IsNullOrWhiteSpace(privateCreator))
        {
            throw new ArgumentException("A private rule needs the private creator.", nameof(privateCreator));
        }

        return new CustomRule(new DicomTag(group, elementByte), privateCreator.Trim(DicomTextChars.Padding), action, value);
    }

    /// <summary>
    /// Parses a rule from text: <paramref name="target"/> is a keyword, "(gggg,eeee)", or with
    /// <paramref name="privateCreator"/> "(gggg,xxee)"; <paramref name="action"/> names a <see cref="CustomRuleAction"/>.
    /// </summary>
    /// <exception cref="FormatException">Unknown keyword, tag or action.</exception>
    public static CustomRule Parse(string target, string action, string? value = null, string? privateCreator = null)
    {
        if (target is null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (action is null || !Enum.TryParse(action.Trim(), ignoreCase: true, out CustomRuleAction a) || !Enum.IsDefined(typeof(CustomRuleAction), a) || char.IsDigit(action.Trim()[0]))
        {
            throw new FormatException("Unknown rule action; expected keep, remove, empty, replace, hash, shift or remap.");
        }

        string t = target.Trim();
        try
        {
            if (!string.IsNullOrWhiteSpace(privateCreator))
            {
                string hex = t.Trim('(', ')').Replace(",", string.Empty).Replace(" ", string.Empty);
                if (hex.Length != 8 ||
                    !ushort.TryParse(hex.Substring(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort g) ||
                    !byte.TryParse(hex.Substring(6, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte ee))
                {
                    throw new FormatException("A private rule's tag is written (gggg,xxee).");
                }

                return ForPrivate(g, privateCreator!, ee, a, value);
            }

            if (!DicomDictionary.TryParseTag(t, out DicomTag tag))
            {
                throw new FormatException("Unknown keyword or tag in a rule; expected a PS3.6 keyword or (gggg,eeee).");
            }

            return ForTag(tag, a, value);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>
    /// Builds a rule from name/value pairs (a JSON object or a PowerShell hashtable): tag (or keyword), privateCreator
    /// (or creator), action, value. Names are case-insensitive.
    /// </summary>
    public static CustomRule FromProperties(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        if (properties is null)
        {
            throw new ArgumentNullException(nameof(properties));
        }

        string? target = null, action = null, value = null, creator = null;
        foreach (KeyValuePair<string, object?> p in properties)
        {
            string? v = p.Value switch
            {
                null => null,
                string s => s,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => p.Value.ToString(),
            };
            switch (p.Key.ToUpperInvariant())
            {
                case "TAG":
                case "KEYWORD":
                case "TARGET":
                    target = v;
                    break;
                case "PRIVATECREATOR":
                case "CREATOR":
                    creator = v;
                    break;
                case "ACTION":
                    action = v;
                    break;
                case "VALUE":
                    value = v;
                    break;
                default:
                    throw new FormatException("Unknown rule property; expected tag, privateCreator, action, value.");
            }
        }

        if (target is null || action is null)
        {
            throw new FormatException("A rule needs a tag (or keyword) and an action.");
        }

        return Parse(target, action, value, creator);
    }

    /// <summary>Builds a rule from a non-generic dictionary (a PowerShell hashtable).</summary>
    public static CustomRule FromDictionary(IDictionary properties)
    {
        if (properties is null)
        {
            throw new ArgumentNullException(nameof(properties));
        }

        var list = new List<KeyValuePair<string, object?>>();
        foreach (DictionaryEntry e in properties)
        {
            list.Add(new KeyValuePair<string, object?>(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, e.Value));
        }

        return FromProperties(list);
    }

    /// <summary>Reads rules from JSON (see the class remarks).</summary>
    /// <exception cref="FormatException">Malformed JSON or rule (the message locates it, never quotes values).</exception>
    public static IReadOnlyList<CustomRule> LoadJson(TextReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        object? root = MiniJson.Parse(reader.ReadToEnd());
        if (root is Dictionary<string, object?> obj)
        {
            root = null;
            foreach (KeyValuePair<string, object?> p in obj)
            {
                if (string.Equals(p.Key, "rules", StringComparison.OrdinalIgnoreCase))
                {
                    root = p.Value;
                }
            }
        }

        if (root is not List<object?> items)
        {
            throw new FormatException("A rule file is a JSON array of rules, or an object with a \"rules\" array.");
        }

        var rules = new List<CustomRule>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not Dictionary<string, object?> r)
            {
                throw new FormatException($"Rule {i + 1} is not a JSON object.");
            }

            try
            {
                rules.Add(FromProperties(r));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Rule {i + 1}: {ex.Message}", ex);
            }
        }

        return rules;
    }

    public static IReadOnlyList<CustomRule> LoadJsonFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return LoadJson(reader);
    }

    public override string ToString() =>
        IsPrivate
            ? string.Format(CultureInfo.InvariantCulture, "({0:X4},xx{1:X2}) [{2}] {3}", Tag.Group, Tag.Element & 0xFF, PrivateCreator, Action)
            : $"{Tag} {Action}";
}
