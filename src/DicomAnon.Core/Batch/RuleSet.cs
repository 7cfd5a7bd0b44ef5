// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Site rules on top of the profile, handed to the engine as <see cref="CustomRule"/>s (applied at every depth):
/// elements to keep as they were, to remove, or to replace with a fixed text. From a rules file (psd1 or json:
/// Keep, Remove, Replace, Options; or the engine's JSON rule list) and -Keep/-Remove/-Replace. Takes plain .NET
/// values only (dictionaries, lists, strings): the caller unwraps anything host-specific, and nothing is evaluated.
/// </summary>
internal sealed class RuleSet
{
    public List<DicomTag> Keep { get; } = new();

    public List<DicomTag> Remove { get; } = new();

    public Dictionary<DicomTag, string> Replace { get; } = new();

    public List<DeidentificationOption> Options { get; } = new();

    public bool IsEmpty => Keep.Count == 0 && Remove.Count == 0 && Replace.Count == 0;

    /// <summary>Reads Keep/Remove/Replace/Options from a hashtable (psd1) or object (json).</summary>
    public void AddFrom(object? data, string source)
    {
        if (data is not IDictionary table)
        {
            throw new ArgumentException($"{source}: the rules must be one table (Keep, Remove, Replace, Options).");
        }

        AddTags(Keep, Get(table, "Keep"), source);
        AddTags(Remove, Get(table, "Remove"), source);
        AddReplace(Get(table, "Replace"), source);
        foreach (object? item in Enumerate(Get(table, "Options")))
        {
            string name = Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            if (!Enum.TryParse(name, ignoreCase: true, out DeidentificationOption option) || !Enum.IsDefined(typeof(DeidentificationOption), option))
            {
                throw new ArgumentException($"{source}: '{name}' is not a de-identification option; see Get-Help Invoke-DicomAnonymize -Parameter Option.");
            }

            Options.Add(option);
        }
    }

    public static void AddTags(List<DicomTag> list, object? values, string source)
    {
        foreach (object? item in Enumerate(values))
        {
            list.Add(ParseTag(item, source));
        }
    }

    public void AddReplace(object? values, string source)
    {
        if (values is null)
        {
            return;
        }

        if (values is IDictionary dict)
        {
            foreach (DictionaryEntry e in dict)
            {
                AddOneReplace(e.Key, e.Value, source);
            }
        }
        else
        {
            throw new ArgumentException($"{source}: Replace must be a table of tag = text.");
        }
    }

    /// <summary>Rules read in the engine's own JSON form (an array, or an object with "rules").</summary>
    public List<CustomRule> EngineRules { get; } = new();

    /// <summary>Reads a JSON rules file in the engine's form; false when it is in the Keep/Remove/Replace form instead.</summary>
    public bool TryAddEngineJson(string path)
    {
        string text = System.IO.File.ReadAllText(path).TrimStart();
        bool engineForm = text.StartsWith("[", StringComparison.Ordinal)
            || System.Text.RegularExpressions.Regex.IsMatch(text, "^\\{\\s*\"rules\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!engineForm)
        {
            return false;
        }

        EngineRules.AddRange(CustomRule.LoadJsonFile(path));
        return true;
    }

    /// <summary>The rules for the engine: applied at every depth, after the profile.</summary>
    public IReadOnlyList<CustomRule> ToCustomRules()
    {
        var rules = new List<CustomRule>(EngineRules);
        foreach (DicomTag t in Remove)
        {
            rules.Add(CustomRule.ForTag(t, CustomRuleAction.Remove));
        }

        foreach (KeyValuePair<DicomTag, string> r in Replace)
        {
            rules.Add(CustomRule.ForTag(r.Key, CustomRuleAction.Replace, r.Value));
        }

        foreach (DicomTag t in Keep)
        {
            rules.Add(CustomRule.ForTag(t, CustomRuleAction.Keep));
        }

        return rules;
    }

    private void AddOneReplace(object key, object? value, string source)
    {
        DicomTag tag = ParseTag(key, source);
        DicomVR vr = DicomDictionary.GetVR(tag);
        if (!DicomVRInfo.IsString(vr))
        {
            throw new ArgumentException($"{source}: {tag} is not a text element ({DicomVRInfo.ToCode(vr)}); only text elements can be replaced.");
        }

        Replace[tag] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static DicomTag ParseTag(object? item, string source)
    {
        string text = Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        if (!DicomDictionary.TryParseTag(text, out DicomTag tag))
        {
            throw new ArgumentException($"{source}: '{text}' is not a tag or keyword.");
        }

        return tag;
    }

    private static object? Get(IDictionary d, string name)
    {
        foreach (DictionaryEntry e in d)
        {
            if (string.Equals(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
            {
                return e.Value;
            }
        }

        return null;
    }

    private static IEnumerable<object?> Enumerate(object? values)
    {
        object? v = values;
        if (v is null)
        {
            yield break;
        }

        if (v is string s)
        {
            yield return s;
            yield break;
        }

        if (v is IEnumerable e)
        {
            foreach (object? x in e)
            {
                yield return x;
            }

            yield break;
        }

        yield return v;
    }
}
