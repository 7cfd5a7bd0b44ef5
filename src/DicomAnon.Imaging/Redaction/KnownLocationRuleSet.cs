// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

// The built-in rules are RSNA CTP's "Burned-in Annotation Library" (DicomPixelAnonymizer.script,
// by John Perry and the contributors named in it, Radiological Society of North America), used under
// the RSNA Public License (http://mirc.rsna.org/rsnapubliclicense.pdf). The file is embedded unchanged
// and translated at first use into KnownLocationRule objects; see src/DicomAnon.Imaging/Data/README.md.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// A list of known-location rules read from text in the CTP DicomPixelAnonymizer syntax:
/// free comment text, then rules of the form <c>{ condition }</c> followed by rectangles <c>(x,y,w,h)</c>.
/// Immutable; safe to share between threads.
/// </summary>
/// <remarks>
/// Differences from CTP, on purpose: CTP applies only the FIRST matching signature; we apply EVERY matching
/// rule (union of rectangles), which can only black out more. CTP skips malformed rectangles silently; we
/// reject a parenthesised group made only of numbers and commas that is not exactly four integers, and a
/// rule with no rectangle (in a user file a typo must not mean "no blackout"). Parentheses holding other
/// text between rules are comments, as in CTP.
/// </remarks>
internal sealed class KnownLocationRuleSet
{
    /// <summary>Name of the embedded resource holding the CTP library.</summary>
    public const string BuiltInResourceName = "DicomAnon.Imaging.Data.DicomPixelAnonymizer.script";

    private const string BuiltInSource = "builtin:DicomPixelAnonymizer.script";

    private static readonly Lazy<KnownLocationRuleSet> LazyBuiltIn = new(LoadBuiltIn);

    // Older dcm4che2 names used by CTP scripts that are not PS3.6 keywords.
    private static readonly Dictionary<string, string> KeywordAliases = new(StringComparer.Ordinal)
    {
        ["SeqOfUltrasoundRegions"] = "SequenceOfUltrasoundRegions",
    };

    public KnownLocationRuleSet(IReadOnlyList<KnownLocationRule> rules) => Rules = rules ?? throw new ArgumentNullException(nameof(rules));

    /// <summary>RSNA CTP's Burned-in Annotation Library, parsed once on first use.</summary>
    public static KnownLocationRuleSet BuiltIn => LazyBuiltIn.Value;

    public IReadOnlyList<KnownLocationRule> Rules { get; }

    /// <summary>Reads a user rule file (UTF-8) in the same syntax; throws <see cref="RuleSyntaxException"/> naming the file and line.</summary>
    public static KnownLocationRuleSet Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses rule text; <paramref name="source"/> names it in rules and errors.</summary>
    public static KnownLocationRuleSet Parse(string text, string source)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        source ??= string.Empty;
        var rules = new List<KnownLocationRule>();
        int pos = 0;
        int commentStart = 0;
        while (true)
        {
            int open = text.IndexOf('{', pos);
            if (open < 0)
            {
                break;
            }

            int close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new RuleSyntaxException("a '{' is never closed by '}'", source, LineOf(text, open));
            }

            int nested = text.IndexOf('{', open + 1, close - open - 1);
            if (nested >= 0)
            {
                throw new RuleSyntaxException("'{' inside a condition", source, LineOf(text, nested));
            }

            string label = LastCommentLine(text.Substring(commentStart, open - commentStart));
            RuleCondition condition = ConditionParser.Parse(text, open + 1, close, source, ResolveIdentifier);
            int next = text.IndexOf('{', close + 1);
            int regionEnd = next < 0 ? text.Length : next;
            List<PixelRect> rects = ParseRectangles(text, close + 1, regionEnd, source, out int lastRectEnd);
            if (rects.Count == 0)
            {
                throw new RuleSyntaxException("a rule has no rectangle (x,y,width,height) after its '}'", source, LineOf(text, close));
            }

            rules.Add(new KnownLocationRule(source, LineOf(text, open), label, condition, rects));
            pos = close + 1;
            commentStart = lastRectEnd;
        }

        return new KnownLocationRuleSet(rules);
    }

    /// <summary>Rules whose condition holds for <paramref name="file"/>; a <paramref name="header"/> captured before de-identification is read first.</summary>
    public IReadOnlyList<KnownLocationRule> Match(DicomFile file, PhiValues? header = null)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        AttributeLookup lookup = RuleAttributes.For(file.FileMetaInformation, file.Dataset, header?.Header);
        return Rules.Where(r => r.Condition.Evaluate(lookup)).ToList();
    }

    private static KnownLocationRuleSet LoadBuiltIn()
    {
        using Stream? s = typeof(KnownLocationRuleSet).Assembly.GetManifestResourceStream(BuiltInResourceName);
        if (s is null)
        {
            throw new InvalidOperationException($"Embedded resource {BuiltInResourceName} is missing from the build.");
        }

        using var reader = new StreamReader(s, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), BuiltInSource);
    }

    private static bool ResolveIdentifier(string name, out DicomTag tag)
    {
        if (name.Length == 11 && name[0] == '[' && name[10] == ']' && name[5] == ',')
        {
            return DicomTag.TryParse(name.Substring(1, 9), out tag);
        }

        if (KeywordAliases.TryGetValue(name, out string? alias))
        {
            name = alias;
        }

        return DicomDictionary.TryGetTag(name, out tag);
    }

    private static List<PixelRect> ParseRectangles(string text, int start, int end, string source, out int lastEnd)
    {
        var rects = new List<PixelRect>();
        lastEnd = start;
        int pos = start;
        while (pos < end)
        {
            int open = text.IndexOf('(', pos, end - pos);
            if (open < 0)
            {
                break;
            }

            int close = text.IndexOf(')', open + 1, end - open - 1);
            if (close < 0)
            {
                break;
            }

            string inner = text.Substring(open + 1, close - open - 1);
            pos = close + 1;
            if (!NumbersOnly.IsMatch(inner))
            {
                continue; // a comment in parentheses
            }

            string[] parts = inner.Split(',');
            var v = new int[4];
            if (parts.Length != 4 || !parts.Select((p, i) => int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v[i])).All(ok => ok))
            {
                throw new RuleSyntaxException("a rectangle must be (x,y,width,height) with four integers", source, LineOf(text, open));
            }

            if (v[2] <= 0 || v[3] <= 0)
            {
                throw new RuleSyntaxException("a rectangle has a width or height that is not positive", source, LineOf(text, open));
            }

            rects.Add(new PixelRect(v[0], v[1], v[2], v[3]));
            lastEnd = close + 1;
        }

        return rects;
    }

    private static readonly Regex NumbersOnly = new(@"^[\s0-9,+\-]*[0-9][\s0-9,+\-]*$", RegexOptions.CultureInvariant);

    private static string LastCommentLine(string comment)
    {
        string[] lines = comment.Split('\n');
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            string l = lines[i].Trim();
            if (l.Length > 0 && l.Trim('*').Trim().Length > 0)
            {
                return l.Length > 80 ? l.Substring(0, 80) : l;
            }
        }

        return string.Empty;
    }

    internal static int LineOf(string text, int index)
    {
        int line = 1;
        for (int i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
