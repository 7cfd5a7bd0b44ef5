// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// A small strict JSON reader (RFC 8259) for rule files: objects become ordinal dictionaries, arrays lists, numbers
/// double, plus string, bool and null. Depth is capped; errors give the character offset, never content.
/// </summary>
internal sealed class MiniJson
{
    private const int MaxDepth = 64;
    private readonly string _s;
    private int _i;

    private MiniJson(string s) => _s = s;

    public static object? Parse(string text)
    {
        var p = new MiniJson(text ?? throw new ArgumentNullException(nameof(text)));
        if (p._s.Length > 0 && p._s[0] == '\uFEFF')
        {
            p._i = 1;
        }

        object? v = p.Value(0);
        p.Ws();
        if (p._i != p._s.Length)
        {
            throw p.Error("unexpected text after the value");
        }

        return v;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nested too deeply");
        }

        Ws();
        if (_i >= _s.Length)
        {
            throw Error("unexpected end");
        }

        char c = _s[_i];
        switch (c)
        {
            case '{':
                {
                    _i++;
                    var o = new Dictionary<string, object?>(StringComparer.Ordinal);
                    Ws();
                    if (Peek('}'))
                    {
                        _i++;
                        return o;
                    }

                    while (true)
                    {
                        Ws();
                        if (!Peek('"'))
                        {
                            throw Error("expected a property name");
                        }

                        string name = Str();
                        Ws();
                        Expect(':');
                        o[name] = Value(depth + 1);
                        Ws();
                        if (Peek(','))
                        {
                            _i++;
                            continue;
                        }

                        Expect('}');
                        return o;
                    }
                }

            case '[':
                {
                    _i++;
                    var a = new List<object?>();
                    Ws();
                    if (Peek(']'))
                    {
                        _i++;
                        return a;
                    }

                    while (true)
                    {
                        a.Add(Value(depth + 1));
                        Ws();
                        if (Peek(','))
                        {
                            _i++;
                            continue;
                        }

                        Expect(']');
                        return a;
                    }
                }

            case '"':
                return Str();
            case 't':
                Word("true");
                return true;
            case 'f':
                Word("false");
                return false;
            case 'n':
                Word("null");
                return null;
            default:
                return Number();
        }
    }

    private string Str()
    {
        Expect('"');
        var sb = new StringBuilder();
        while (true)
        {
            if (_i >= _s.Length)
            {
                throw Error("unterminated string");
            }

            char c = _s[_i++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c < ' ')
            {
                throw Error("control character in a string");
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_i >= _s.Length)
            {
                throw Error("unterminated escape");
            }

            char e = _s[_i++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_i + 4 > _s.Length || !ushort.TryParse(_s.Substring(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort u))
                    {
                        throw Error("bad \\u escape");
                    }

                    sb.Append((char)u);
                    _i += 4;
                    break;
                default:
                    throw Error("bad escape");
            }
        }
    }

    private double Number()
    {
        int start = _i;
        while (_i < _s.Length && "+-0123456789.eE".IndexOf(_s[_i]) >= 0)
        {
            _i++;
        }

        if (_i == start || !double.TryParse(_s.Substring(start, _i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            _i = start;
            throw Error("expected a value");
        }

        return d;
    }

    private void Word(string w)
    {
        if (string.CompareOrdinal(_s, _i, w, 0, w.Length) != 0)
        {
            throw Error("expected a value");
        }

        _i += w.Length;
    }

    private void Ws()
    {
        while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\r' || _s[_i] == '\n'))
        {
            _i++;
        }
    }

    private bool Peek(char c) => _i < _s.Length && _s[_i] == c;

    private void Expect(char c)
    {
        if (!Peek(c))
        {
            throw Error("expected '" + c + "'");
        }

        _i++;
    }

    private FormatException Error(string what) => new($"Invalid JSON at character {_i}: {what}.");
}
