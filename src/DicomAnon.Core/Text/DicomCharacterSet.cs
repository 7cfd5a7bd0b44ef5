// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace DicomAnon.Core.Text;

/// <summary>
/// A dataset's Specific Character Set (0008,0005): decodes and encodes the text of SH, LO, ST, LT, PN, UC
/// and UT values (PS3.5 6.1 and PS3.3 C.12.1.1.2). Other string VRs use the default repertoire.
/// </summary>
/// <remarks>
/// <para>Supported: the default repertoire; the single-byte sets ISO_IR 100, 101, 109, 110, 144, 127, 126, 138, 148,
/// 203, 13 and 166 and their ISO 2022 forms; the ISO 2022 code extensions IR 87, 159 (Japanese), 149 (Korean) and
/// 58 (Chinese) with escape sequences; and the stand-alone ISO_IR 192 (UTF-8), GB18030 and GBK.</para>
/// <para>Decoding never throws. Bytes that the declared set cannot hold become U+FFFD, except bytes 0x80-0xFF where
/// no G1 set is designated, which are read as Latin-1 (as pydicom does) so that no information is lost; either way
/// the <c>hadInvalidBytes</c> overload reports it for a warning. Decoding returns to the initial code elements after
/// each value delimiter (backslash, except in LT/ST/UT/UR), after '^' and '=' in PN, and after CR, LF, FF and TAB
/// (PS3.5 6.1.2.5.3).</para>
/// <para>Encoding is strict: it produces bytes valid in this set, with the escape sequences that ISO 2022 requires
/// (switching G0 back to the initial set before every delimiter and at the end of the value), or fails.</para>
/// Instances are cached per distinct (0008,0005) value.
/// </remarks>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class DicomCharacterSet
{
    private const int CacheLimit = 256;
    private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);
    private static readonly Encoding Utf8Strict = new UTF8Encoding(false, true);
    private static readonly Encoding Utf8Lenient = new UTF8Encoding(false, false);
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);

    private readonly CodeSet _initialG0;
    private readonly CodeSet? _initialG1;
    private readonly CodeSet[] _sets;
    private readonly Encoding? _standaloneStrict;
    private readonly Encoding? _standaloneLenient;

    private DicomCharacterSet(
        IReadOnlyList<string> terms,
        IReadOnlyList<string> unknownTerms,
        CodeSet initialG0,
        CodeSet? initialG1,
        CodeSet[] sets,
        Encoding? standaloneStrict,
        Encoding? standaloneLenient)
    {
        Terms = terms;
        UnknownTerms = unknownTerms;
        _initialG0 = initialG0;
        _initialG1 = initialG1;
        _sets = sets;
        _standaloneStrict = standaloneStrict;
        _standaloneLenient = standaloneLenient;
    }

    /// <summary>The default repertoire (ISO_IR 6). Bytes above 0x7F are decoded as Latin-1 so that no byte is lost (and reported as invalid).</summary>
    public static DicomCharacterSet Default { get; } =
        new(Array.Empty<string>(), Array.Empty<string>(), CodeSet.IsoIr6, null, new[] { CodeSet.IsoIr6 }, null, null);

    /// <summary>The defined terms as given (backslash-separated values of (0008,0005)).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>
    /// Terms that were not recognised, or that cannot be used where they stand (a stand-alone set such as
    /// ISO_IR 192 combined with others); decoding ignores them (a missing first term means the default repertoire).
    /// </summary>
    public IReadOnlyList<string> UnknownTerms { get; }

    /// <summary>True when (0008,0005) names an ISO 2022 form or several terms: escape sequences may switch sets.</summary>
    public bool UsesCodeExtensions { get; private init; }

    /// <summary>Parses (0008,0005) (values separated by backslash, padding ignored); results are cached per value.</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string? value)
    {
        if (value is null || string.IsNullOrWhiteSpace(value.Replace('\\', ' ').Replace('\0', ' ')))
        {
            return Default;
        }

        if (Cache.TryGetValue(value, out DicomCharacterSet? cached))
        {
            return cached;
        }

        string[] terms = value.Split(DicomTextChars.Backslash);
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = terms[i].Trim(DicomTextChars.Padding);
        }

        DicomCharacterSet created = Create(terms);
        if (Cache.Count < CacheLimit)
        {
            Cache.TryAdd(value, created);
        }

        return created;
    }

    /// <summary>Builds the character set for the given defined terms (value 1 may be empty: the default repertoire).</summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        if (terms is null)
        {
            throw new ArgumentNullException(nameof(terms));
        }

        return FromSpecificCharacterSet(string.Join("\\", terms));
    }

    /// <summary>Decodes a whole value (all of its values, backslashes kept) of the given VR.</summary>
    public string Decode(byte[] bytes, int offset, int count, DicomVR vr) => Decode(bytes, offset, count, vr, out _);

    /// <summary>
    /// Decodes a whole value (all of its values, backslashes kept) of the given VR. <paramref name="hadInvalidBytes"/>
    /// is true when some bytes were not valid in this character set (they were replaced, or read as Latin-1).
    /// </summary>
    public string Decode(byte[] bytes, int offset, int count, DicomVR vr, out bool hadInvalidBytes)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        if (offset < 0 || count < 0 || offset > bytes.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The range lies outside the array.");
        }

        hadInvalidBytes = false;
        if (count == 0)
        {
            return string.Empty;
        }

        bool specific = DicomVRInfo.UsesSpecificCharacterSet(vr);
        if (specific && _standaloneStrict is not null)
        {
            return DecodeStandalone(bytes, offset, count, out hadInvalidBytes);
        }

        CodeSet g0 = specific ? _initialG0 : CodeSet.IsoIr6;

        // Fast path: plain 7-bit text without escape sequences (the vast majority of values).
        int end = offset + count;
        int i = offset;
        while (i < end && bytes[i] < 0x80 && bytes[i] != 0x1B)
        {
            i++;
        }

        if (i == end && g0.Kind == CodeSetKind.Ascii)
        {
            return Latin1.GetString(bytes, offset, count);
        }

        return specific
            ? DecodeIso2022(bytes, offset, count, vr, _initialG0, _initialG1, out hadInvalidBytes)
            : DecodeIso2022(bytes, offset, count, vr, CodeSet.IsoIr6, null, out hadInvalidBytes);
    }

    /// <summary>
    /// True when <see cref="Decode(byte[], int, int, DicomVR)"/> reads these bytes one character per byte (7-bit text
    /// without escape sequences in an ASCII initial set): a caller may then widen them itself instead of making a string.
    /// </summary>
    internal bool DecodesAsAscii(byte[] bytes, int offset, int count, DicomVR vr)
    {
        bool specific = DicomVRInfo.UsesSpecificCharacterSet(vr);
        if ((specific && _standaloneStrict is not null) || (specific ? _initialG0 : CodeSet.IsoIr6).Kind != CodeSetKind.Ascii)
        {
            return false;
        }

        for (int i = offset; i < offset + count; i++)
        {
            if (bytes[i] >= 0x80 || bytes[i] == 0x1B)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Encodes a whole value of the given VR (no padding added).</summary>
    /// <exception cref="ArgumentException">The text holds a character this set cannot encode (see <see cref="CanEncode"/>).</exception>
    public byte[] Encode(string text, DicomVR vr)
    {
        if (TryEncode(text, vr, out byte[]? bytes))
        {
            return bytes!;
        }

        throw new ArgumentException(
            string.Format(
                CultureInfo.InvariantCulture,
                "The value holds characters that a {0} value cannot encode in the character set '{1}'.",
                DicomVRInfo.ToCode(vr),
                DicomVRInfo.UsesSpecificCharacterSet(vr) ? Description : "ISO_IR 6"),
            nameof(text));
    }

    /// <summary>True when every character of <paramref name="text"/> can be encoded for this VR in this character set.</summary>
    public bool CanEncode(string text, DicomVR vr) => TryEncode(text, vr, out _);

    /// <summary>Encodes a whole value of the given VR (no padding added); false when a character cannot be encoded.</summary>
    public bool TryEncode(string text, DicomVR vr, out byte[]? bytes)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        bool specific = DicomVRInfo.UsesSpecificCharacterSet(vr);
        bool ascii = true;
        foreach (char c in text)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii && (!specific || _standaloneStrict is not null || _initialG0.Kind == CodeSetKind.Ascii))
        {
            bytes = Latin1.GetBytes(text);
            return true;
        }

        if (!specific)
        {
            bytes = null;
            return false;
        }

        if (_standaloneStrict is not null)
        {
            try
            {
                bytes = _standaloneStrict.GetBytes(text);
                return true;
            }
            catch (EncoderFallbackException)
            {
                bytes = null;
                return false;
            }
        }

        bytes = EncodeIso2022(text, vr);
        return bytes is not null;
    }

    public override string ToString() => Description;

    private string Description => Terms.Count == 0 ? "ISO_IR 6" : string.Join("\\", Terms);

    private static bool IsDelimiter(byte b, DicomVR vr) => b switch
    {
        0x0D or 0x0A or 0x0C or 0x09 => true,
        (byte)'\\' => !DicomVRInfo.IsSingleValuedText(vr),
        (byte)'^' or (byte)'=' => vr == DicomVR.PN,
        _ => false,
    };

    private static DicomCharacterSet Create(string[] terms)
    {
        var unknown = new List<string>();
        var sets = new List<CodeSet>();
        CodeSet initialG0 = CodeSet.IsoIr6;
        CodeSet? initialG1 = null;
        Encoding? strict = null, lenient = null;

        for (int i = 0; i < terms.Length; i++)
        {
            string term = terms[i];
            if (term.Length == 0)
            {
                if (i == 0)
                {
                    sets.Add(CodeSet.IsoIr6);
                }

                continue;
            }

            string? canonical = Canonical(term);
            int standalone = canonical switch
            {
                "ISO_IR 192" => 65001,
                "GB18030" => 54936,
                "GBK" => 936,
                _ => 0,
            };
            if (standalone != 0)
            {
                if (i == 0 && TryStandalone(standalone, out strict, out lenient))
                {
                    for (int j = 1; j < terms.Length; j++)
                    {
                        if (terms[j].Length > 0)
                        {
                            unknown.Add(terms[j]);
                        }
                    }

                    return new DicomCharacterSet(terms, unknown, CodeSet.IsoIr6, null, new[] { CodeSet.IsoIr6 }, strict, lenient);
                }

                unknown.Add(term);
                continue;
            }

            (CodeSet? g0, CodeSet? g1) = canonical is null ? (null, null) : SetsOf(canonical);
            if (g0 is null && g1 is null)
            {
                unknown.Add(term);
                continue;
            }

            if (i == 0)
            {
                initialG0 = g0 is { Kind: CodeSetKind.Ascii } ? g0 : CodeSet.IsoIr6;
                initialG1 = g1;
            }

            foreach (CodeSet? s in new[] { g0, g1 })
            {
                if (s is not null && !sets.Contains(s))
                {
                    sets.Add(s);
                }
            }
        }

        if (!sets.Contains(CodeSet.IsoIr6))
        {
            sets.Add(CodeSet.IsoIr6);
        }

        if (terms.Length == 1 && unknown.Count == 0 && initialG1 is null && initialG0 == CodeSet.IsoIr6 && !terms[0].Contains("2022"))
        {
            return Default; // "ISO_IR 6"
        }

        bool extensions = terms.Length > 1 || terms[0].Contains("2022");
        return new DicomCharacterSet(terms, unknown, initialG0, initialG1, sets.ToArray(), null, null) { UsesCodeExtensions = extensions };
    }

    private static bool TryStandalone(int codePage, out Encoding? strict, out Encoding? lenient)
    {
        if (codePage == 65001)
        {
            strict = Utf8Strict;
            lenient = Utf8Lenient;
            return true;
        }

        (Encoding Strict, Encoding Lenient)? pair = CodePages.Get(codePage);
        strict = pair?.Strict;
        lenient = pair?.Lenient;
        return pair is not null;
    }

    /// <summary>The G0 and G1 sets a (canonical) defined term designates (PS3.3 Tables C.12-2 to C.12-4).</summary>
    private static (CodeSet? G0, CodeSet? G1) SetsOf(string canonical) => canonical switch
    {
        "ISO_IR 6" or "ISO 2022 IR 6" => (CodeSet.IsoIr6, null),
        "ISO_IR 100" or "ISO 2022 IR 100" => (CodeSet.IsoIr6, CodeSet.IsoIr100),
        "ISO_IR 101" or "ISO 2022 IR 101" => (CodeSet.IsoIr6, CodeSet.IsoIr101),
        "ISO_IR 109" or "ISO 2022 IR 109" => (CodeSet.IsoIr6, CodeSet.IsoIr109),
        "ISO_IR 110" or "ISO 2022 IR 110" => (CodeSet.IsoIr6, CodeSet.IsoIr110),
        "ISO_IR 144" or "ISO 2022 IR 144" => (CodeSet.IsoIr6, CodeSet.IsoIr144),
        "ISO_IR 127" or "ISO 2022 IR 127" => (CodeSet.IsoIr6, CodeSet.IsoIr127),
        "ISO_IR 126" or "ISO 2022 IR 126" => (CodeSet.IsoIr6, CodeSet.IsoIr126),
        "ISO_IR 138" or "ISO 2022 IR 138" => (CodeSet.IsoIr6, CodeSet.IsoIr138),
        "ISO_IR 148" or "ISO 2022 IR 148" => (CodeSet.IsoIr6, CodeSet.IsoIr148),
        "ISO_IR 203" or "ISO 2022 IR 203" => (CodeSet.IsoIr6, CodeSet.IsoIr203),
        "ISO_IR 166" or "ISO 2022 IR 166" => (CodeSet.IsoIr6, CodeSet.IsoIr166),
        "ISO_IR 13" or "ISO 2022 IR 13" => (CodeSet.IsoIr14, CodeSet.IsoIr13),
        "ISO 2022 IR 87" => (CodeSet.IsoIr87, null),
        "ISO 2022 IR 159" => (CodeSet.IsoIr159, null),
        "ISO 2022 IR 149" => (null, CodeSet.IsoIr149),
        "ISO 2022 IR 58" => (null, CodeSet.IsoIr58),
        _ => (null, null),
    };

    /// <summary>
    /// The standard spelling of a defined term, tolerating the usual mistakes (case, '-' or '_' or nothing for the
    /// spaces, "ISO_IR 87" for "ISO 2022 IR 87"); null when it names nothing we know.
    /// </summary>
    private static string? Canonical(string term)
    {
        string t = term.Trim().ToUpperInvariant();
        var compact = new StringBuilder(t.Length);
        foreach (char c in t)
        {
            if (c != ' ' && c != '_' && c != '-')
            {
                compact.Append(c);
            }
        }

        string k = compact.ToString();
        if (k is "GB18030" or "GBK" or "ISO2022GBK")
        {
            return k == "GB18030" ? "GB18030" : "GBK";
        }

        if (k == "ISO202258")
        {
            return "ISO 2022 IR 58"; // an early spelling of CP 1234
        }

        string? number = k.StartsWith("ISO2022IR", StringComparison.Ordinal) ? k.Substring(9)
            : k.StartsWith("ISOIR", StringComparison.Ordinal) ? k.Substring(5)
            : null;
        if (number is null || number.Length == 0 || number.Length > 3)
        {
            return null;
        }

        foreach (char c in number)
        {
            if (c < '0' || c > '9')
            {
                return null;
            }
        }

        bool iso2022 = k.StartsWith("ISO2022", StringComparison.Ordinal);
        switch (number)
        {
            case "192":
                return "ISO_IR 192";
            case "87" or "159" or "149" or "58":
                return "ISO 2022 IR " + number;
            default:
                string canonical = (iso2022 ? "ISO 2022 IR " : "ISO_IR ") + number;
                return SetsOf(canonical).G0 is null && SetsOf(canonical).G1 is null ? null : canonical;
        }
    }

    private string DecodeStandalone(byte[] bytes, int offset, int count, out bool hadInvalidBytes)
    {
        hadInvalidBytes = false;
        try
        {
            return _standaloneStrict!.GetString(bytes, offset, count);
        }
        catch (DecoderFallbackException)
        {
            hadInvalidBytes = true;
            return _standaloneLenient!.GetString(bytes, offset, count);
        }
    }

    private string DecodeIso2022(byte[] bytes, int offset, int count, DicomVR vr, CodeSet initialG0, CodeSet? initialG1, out bool invalid)
    {
        invalid = false;
        char[] chars = new char[count]; // every byte yields at most one char
        int n = 0;
        CodeSet g0 = initialG0;
        CodeSet? g1 = initialG1;
        int end = offset + count;
        CodeSet[] declared = DicomVRInfo.UsesSpecificCharacterSet(vr) ? _sets : Default._sets;
        int i = offset;
        while (i < end)
        {
            byte b = bytes[i];
            if (b == 0x1B)
            {
                var designated = CodeSet.MatchEscape(bytes, i, end);
                if (designated is null)
                {
                    chars[n++] = '\uFFFD';
                    invalid = true;
                    i++;
                    continue;
                }

                // A set not declared in (0008,0005) is still honoured (the text is readable) but reported.
                if (Array.IndexOf(declared, designated) < 0)
                {
                    invalid = true;
                }

                if (designated.IsG0)
                {
                    g0 = designated;
                }
                else
                {
                    g1 = designated;
                }

                i += designated.Escape.Length;
                continue;
            }

            if (b < 0x80)
            {
                if (g0.Kind == CodeSetKind.MultiByteG0 && b > 0x20 && b < 0x7F)
                {
                    if (i + 1 < end && bytes[i + 1] > 0x20 && bytes[i + 1] < 0x7F)
                    {
                        char c = g0.Table![((b - 0x21) * 94) + (bytes[i + 1] - 0x21)];
                        if (c == CodeSet.Unmapped)
                        {
                            c = '\uFFFD';
                            invalid = true;
                        }

                        chars[n++] = c;
                        i += 2;
                    }
                    else
                    {
                        chars[n++] = '\uFFFD';
                        invalid = true;
                        i++;
                    }

                    continue;
                }

                chars[n++] = (char)b;
                i++;
                if (IsDelimiter(b, vr) && (g0.Kind == CodeSetKind.Ascii || b < 0x20))
                {
                    g0 = initialG0;
                    g1 = initialG1;
                }

                continue;
            }

            // b >= 0x80: the G1 code element.
            switch (g1?.Kind)
            {
                case CodeSetKind.SingleByteG1:
                    char s = g1.Table![b - 0x80];
                    if (s == CodeSet.Unmapped)
                    {
                        s = '\uFFFD';
                        invalid = true;
                    }

                    chars[n++] = s;
                    i++;
                    break;
                case CodeSetKind.KatakanaG1:
                    if (b >= 0xA1 && b <= 0xDF)
                    {
                        chars[n++] = (char)(0xFF61 + (b - 0xA1));
                    }
                    else
                    {
                        chars[n++] = '\uFFFD';
                        invalid = true;
                    }

                    i++;
                    break;
                case CodeSetKind.MultiByteG1:
                    if (b >= 0xA1 && b < 0xFF && i + 1 < end && bytes[i + 1] >= 0xA1 && bytes[i + 1] < 0xFF)
                    {
                        char m = g1.Table![((b - 0xA1) * 94) + (bytes[i + 1] - 0xA1)];
                        if (m == CodeSet.Unmapped)
                        {
                            m = '\uFFFD';
                            invalid = true;
                        }

                        chars[n++] = m;
                        i += 2;
                    }
                    else
                    {
                        chars[n++] = '\uFFFD';
                        invalid = true;
                        i++;
                    }

                    break;
                default:
                    // No G1 set designated (ISO_IR 6): keep the byte as Latin-1, like pydicom, but report it.
                    chars[n++] = (char)b;
                    invalid = true;
                    i++;
                    break;
            }
        }

        return new string(chars, 0, n);
    }

    /// <summary>ISO 2022 encoder: current sets first, then the declared sets in term order; null if a character has no set.</summary>
    private byte[]? EncodeIso2022(string text, DicomVR vr)
    {
        var output = new MemoryStream(text.Length + 8);
        CodeSet g0 = _initialG0;
        CodeSet? g1 = _initialG1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if (g0.Kind != CodeSetKind.Ascii)
                {
                    Write(output, _initialG0.Escape);
                    g0 = _initialG0;
                }

                output.WriteByte((byte)c);
                if (IsDelimiter((byte)c, vr))
                {
                    g0 = _initialG0;
                    g1 = _initialG1;
                }

                continue;
            }

            ushort code = 0;
            if (g1 is not null && g1.TryGetCode(c, out code))
            {
                WriteG1(output, g1, code);
                continue;
            }

            if (g0.Kind == CodeSetKind.MultiByteG0 && g0.TryGetCode(c, out code))
            {
                WriteG0(output, code);
                continue;
            }

            CodeSet? found = null;
            foreach (CodeSet set in _sets)
            {
                if (set.Kind != CodeSetKind.Ascii && set.TryGetCode(c, out ushort setCode))
                {
                    found = set;
                    code = setCode;
                    break;
                }
            }

            if (found is null)
            {
                return null;
            }

            Write(output, found.Escape);
            if (found.IsG0)
            {
                g0 = found;
                WriteG0(output, code);
            }
            else
            {
                g1 = found;
                WriteG1(output, found, code);
            }
        }

        if (g0 != _initialG0)
        {
            Write(output, _initialG0.Escape);
        }

        return output.ToArray();
    }

    private static void WriteG0(MemoryStream output, ushort code)
    {
        output.WriteByte((byte)(code >> 8));
        output.WriteByte(unchecked((byte)code));
    }

    private static void WriteG1(MemoryStream output, CodeSet set, ushort code)
    {
        if (set.IsMultiByte)
        {
            output.WriteByte((byte)((code >> 8) | 0x80));
            output.WriteByte(unchecked((byte)(code | 0x80)));
        }
        else
        {
            output.WriteByte((byte)code);
        }
    }

    private static void Write(MemoryStream output, byte[] bytes) => output.Write(bytes, 0, bytes.Length);
}
