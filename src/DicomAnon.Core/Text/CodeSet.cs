// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;

namespace DicomAnon.Core.Text;

/// <summary>
/// One graphic character set of PS3.3 Tables C.12-2 to C.12-4 with the escape sequence that designates it
/// (ISO/IEC 2022). Instances are static and immutable.
/// </summary>
internal sealed class CodeSet
{
    internal const char Unmapped = '\uFFFF';

    private readonly Lazy<Dictionary<char, ushort>>? _reverse;

    private CodeSet(string name, CodeSetKind kind, byte[] escape, string? table)
    {
        Name = name;
        Kind = kind;
        Escape = escape;
        Table = table;
        if (table is not null)
        {
            _reverse = new Lazy<Dictionary<char, ushort>>(BuildReverse, LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public static CodeSet IsoIr6 { get; } = new("ISO-IR 6", CodeSetKind.Ascii, Esc('(', 'B'), null);

    public static CodeSet IsoIr14 { get; } = new("ISO-IR 14", CodeSetKind.Ascii, Esc('(', 'J'), null);

    public static CodeSet IsoIr13 { get; } = new("ISO-IR 13", CodeSetKind.KatakanaG1, Esc(')', 'I'), null);

    public static CodeSet IsoIr100 { get; } = G1("ISO-IR 100", 'A', CharacterTables.IsoIr100);

    public static CodeSet IsoIr101 { get; } = G1("ISO-IR 101", 'B', CharacterTables.IsoIr101);

    public static CodeSet IsoIr109 { get; } = G1("ISO-IR 109", 'C', CharacterTables.IsoIr109);

    public static CodeSet IsoIr110 { get; } = G1("ISO-IR 110", 'D', CharacterTables.IsoIr110);

    public static CodeSet IsoIr144 { get; } = G1("ISO-IR 144", 'L', CharacterTables.IsoIr144);

    public static CodeSet IsoIr127 { get; } = G1("ISO-IR 127", 'G', CharacterTables.IsoIr127);

    public static CodeSet IsoIr126 { get; } = G1("ISO-IR 126", 'F', CharacterTables.IsoIr126);

    public static CodeSet IsoIr138 { get; } = G1("ISO-IR 138", 'H', CharacterTables.IsoIr138);

    public static CodeSet IsoIr148 { get; } = G1("ISO-IR 148", 'M', CharacterTables.IsoIr148);

    public static CodeSet IsoIr203 { get; } = G1("ISO-IR 203", 'b', CharacterTables.IsoIr203);

    public static CodeSet IsoIr166 { get; } = G1("ISO-IR 166", 'T', CharacterTables.IsoIr166);

    public static CodeSet IsoIr87 { get; } = new("ISO-IR 87", CodeSetKind.MultiByteG0, Esc('$', 'B'), CharacterTables.JisX0208);

    public static CodeSet IsoIr159 { get; } = new("ISO-IR 159", CodeSetKind.MultiByteG0, Esc('$', '(', 'D'), CharacterTables.JisX0212);

    public static CodeSet IsoIr149 { get; } = new("ISO-IR 149", CodeSetKind.MultiByteG1, Esc('$', ')', 'C'), CharacterTables.KsX1001);

    public static CodeSet IsoIr58 { get; } = new("ISO-IR 58", CodeSetKind.MultiByteG1, Esc('$', ')', 'A'), CharacterTables.Gb2312);

    /// <summary>Every set, for matching escape sequences.</summary>
    public static IReadOnlyList<CodeSet> All { get; } = new[]
    {
        IsoIr6, IsoIr14, IsoIr13, IsoIr100, IsoIr101, IsoIr109, IsoIr110, IsoIr144, IsoIr127, IsoIr126, IsoIr138,
        IsoIr148, IsoIr203, IsoIr166, IsoIr87, IsoIr159, IsoIr149, IsoIr58,
    };

    public string Name { get; }

    public CodeSetKind Kind { get; }

    /// <summary>The escape sequence (starting with ESC) that designates this set into its code element.</summary>
    public byte[] Escape { get; }

    /// <summary>128 chars for bytes 0x80-0xFF (single-byte G1) or 94*94 chars (multi-byte); null for ASCII and Katakana.</summary>
    public string? Table { get; }

    public bool IsG0 => Kind is CodeSetKind.Ascii or CodeSetKind.MultiByteG0;

    public bool IsMultiByte => Kind is CodeSetKind.MultiByteG0 or CodeSetKind.MultiByteG1;

    /// <summary>Finds the set whose escape sequence starts at <paramref name="index"/> (which holds ESC).</summary>
    public static CodeSet? MatchEscape(byte[] bytes, int index, int end)
    {
        foreach (CodeSet set in All)
        {
            byte[] esc = set.Escape;
            if (index + esc.Length > end)
            {
                continue;
            }

            int i = 1;
            while (i < esc.Length && bytes[index + i] == esc[i])
            {
                i++;
            }

            if (i == esc.Length)
            {
                return set;
            }
        }

        return null;
    }

    /// <summary>
    /// The code of <paramref name="c"/> in this set: a byte 0x80-0xFF for G1 single-byte sets, (row &lt;&lt; 8) | cell
    /// (0x21-0x7E each) for two-byte sets, the byte itself for ASCII; false when the set lacks the character.
    /// </summary>
    public bool TryGetCode(char c, out ushort code)
    {
        switch (Kind)
        {
            case CodeSetKind.Ascii:
                code = c;
                return c < 0x80;
            case CodeSetKind.KatakanaG1:
                bool katakana = c >= '\uFF61' && c <= '\uFF9F';
                code = katakana ? (ushort)(c - 0xFF61 + 0xA1) : (ushort)0;
                return katakana;
            default:
                // Single-byte G1 sets also hold C1 controls (0x80-0x9F) in the table; never encode those as text.
                if (c < 0xA0 && Kind == CodeSetKind.SingleByteG1)
                {
                    code = 0;
                    return false;
                }

                return _reverse!.Value.TryGetValue(c, out code);
        }
    }

    private static CodeSet G1(string name, char final, string table) => new(name, CodeSetKind.SingleByteG1, Esc('-', final), table);

    private static byte[] Esc(params char[] tail)
    {
        byte[] b = new byte[tail.Length + 1];
        b[0] = 0x1B;
        for (int i = 0; i < tail.Length; i++)
        {
            b[i + 1] = (byte)tail[i];
        }

        return b;
    }

    private Dictionary<char, ushort> BuildReverse()
    {
        string table = Table!;
        var map = new Dictionary<char, ushort>(table.Length);
        for (int i = 0; i < table.Length; i++)
        {
            char c = table[i];
            if (c == Unmapped || map.ContainsKey(c))
            {
                continue; // first code wins when a table maps two codes to one character
            }

            ushort code = IsMultiByte
                ? (ushort)((((i / 94) + 0x21) << 8) | ((i % 94) + 0x21))
                : (ushort)(i + 0x80);
            map.Add(c, code);
        }

        return map;
    }
}
