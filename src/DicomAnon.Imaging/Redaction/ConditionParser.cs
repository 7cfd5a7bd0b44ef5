// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Core;

namespace DicomAnon.Imaging.Redaction;

/// <summary>
/// Recursive-descent parser of the CTP filter language inside a rule's braces:
/// <c>expr := and ('+' and)*; and := unary ('*' unary)*; unary := '!' unary | '(' expr ')' | 'true.' | 'false.' | term;
/// term := identifier ('::' identifier)* '.' method '(' ["string"] ')'</c>; identifier is a PS3.6 keyword or <c>[gggg,eeee]</c>.
/// </summary>
internal sealed class ConditionParser
{
    internal delegate bool IdentifierResolver(string name, out DicomTag tag);

    private static readonly Dictionary<string, RuleMethod> Methods = new()
    {
        ["equals"] = RuleMethod.ExactlyEquals,
        ["equalsIgnoreCase"] = RuleMethod.EqualsIgnoreCase,
        ["contains"] = RuleMethod.Contains,
        ["containsIgnoreCase"] = RuleMethod.ContainsIgnoreCase,
        ["startsWith"] = RuleMethod.StartsWith,
        ["startsWithIgnoreCase"] = RuleMethod.StartsWithIgnoreCase,
        ["endsWith"] = RuleMethod.EndsWith,
        ["endsWithIgnoreCase"] = RuleMethod.EndsWithIgnoreCase,
        ["matches"] = RuleMethod.Matches,
        ["isBlank"] = RuleMethod.IsBlank,
        ["isLessThan"] = RuleMethod.IsLessThan,
        ["isGreaterThan"] = RuleMethod.IsGreaterThan,
    };

    private readonly string _text;
    private readonly int _end;
    private readonly string _source;
    private readonly IdentifierResolver _resolve;
    private int _pos;

    private ConditionParser(string text, int start, int end, string source, IdentifierResolver resolve)
    {
        _text = text;
        _pos = start;
        _end = end;
        _source = source;
        _resolve = resolve;
    }

    public static RuleCondition Parse(string text, int start, int end, string source, IdentifierResolver resolve)
    {
        var p = new ConditionParser(text, start, end, source, resolve);
        RuleCondition c = p.ParseOr();
        p.SkipSpace();
        if (p._pos < p._end)
        {
            throw p.Error("unexpected text in a condition");
        }

        return c;
    }

    private RuleCondition ParseOr()
    {
        var list = new List<RuleCondition> { ParseAnd() };
        while (Accept('+'))
        {
            list.Add(ParseAnd());
        }

        return list.Count == 1 ? list[0] : new OrCondition(list);
    }

    private RuleCondition ParseAnd()
    {
        var list = new List<RuleCondition> { ParseUnary() };
        while (Accept('*'))
        {
            list.Add(ParseUnary());
        }

        return list.Count == 1 ? list[0] : new AndCondition(list);
    }

    private RuleCondition ParseUnary()
    {
        if (Accept('!'))
        {
            return new NotCondition(ParseUnary());
        }

        if (Accept('('))
        {
            RuleCondition inner = ParseOr();
            if (!Accept(')'))
            {
                throw Error("')' expected");
            }

            return inner;
        }

        SkipSpace();
        if (AcceptWord("true."))
        {
            return new ConstantCondition(true);
        }

        if (AcceptWord("false."))
        {
            return new ConstantCondition(false);
        }

        return ParseTerm();
    }

    private AttributeCondition ParseTerm()
    {
        var path = new List<DicomTag>();
        while (true)
        {
            SkipSpace();
            int start = _pos;
            if (_pos < _end && _text[_pos] == '[')
            {
                int close = _text.IndexOf(']', _pos);
                if (close < 0 || close >= _end)
                {
                    throw Error("']' expected after a tag");
                }

                _pos = close + 1;
            }
            else
            {
                while (_pos < _end && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                {
                    _pos++;
                }
            }

            if (_pos == start)
            {
                throw Error("an attribute keyword or [gggg,eeee] tag expected");
            }

            string name = _text.Substring(start, _pos - start);
            if (!_resolve(name, out DicomTag tag))
            {
                throw Error("unknown attribute '" + name + "'");
            }

            path.Add(tag);
            if (_pos + 1 < _end && _text[_pos] == ':' && _text[_pos + 1] == ':')
            {
                _pos += 2;
                continue;
            }

            break;
        }

        if (!Accept('.'))
        {
            throw Error("'.method(\"value\")' expected after an attribute");
        }

        SkipSpace();
        int m = _pos;
        while (_pos < _end && char.IsLetter(_text[_pos]))
        {
            _pos++;
        }

        string methodName = _text.Substring(m, _pos - m);
        if (!Methods.TryGetValue(methodName, out RuleMethod method))
        {
            throw Error("unknown method '" + methodName + "'");
        }

        if (!Accept('('))
        {
            throw Error("'(' expected after a method");
        }

        string argument = string.Empty;
        SkipSpace();
        if (_pos < _end && _text[_pos] == '"')
        {
            int close = _text.IndexOf('"', _pos + 1);
            if (close < 0 || close >= _end)
            {
                throw Error("a string is never closed");
            }

            argument = _text.Substring(_pos + 1, close - _pos - 1);
            _pos = close + 1;
        }
        else if (method != RuleMethod.IsBlank)
        {
            throw Error("a quoted argument expected");
        }

        if (!Accept(')'))
        {
            throw Error("')' expected after the argument");
        }

        try
        {
            return new AttributeCondition(path, method, argument);
        }
        catch (System.ArgumentException)
        {
            throw Error("invalid regular expression");
        }
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (_pos < _end && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool AcceptWord(string word)
    {
        if (_pos + word.Length <= _end && string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
        {
            _pos += word.Length;
            return true;
        }

        return false;
    }

    private void SkipSpace()
    {
        while (_pos < _end && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private RuleSyntaxException Error(string message) =>
        new(message, _source, KnownLocationRuleSet.LineOf(_text, _pos));
}
