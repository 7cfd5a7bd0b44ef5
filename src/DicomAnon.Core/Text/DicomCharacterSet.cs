// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;

namespace DicomAnon.Core.Text;

/// <summary>
/// A dataset's Specific Character Set (0008,0005): decodes and encodes the text of SH, LO, ST, LT, PN, UC
/// and UT values (PS3.5 6.1 and PS3.3 C.12.1.1.2). Other string VRs use the default repertoire.
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class DicomCharacterSet
{
    private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    private readonly Encoding _single;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding single, IReadOnlyList<string> unknownTerms)
    {
        Terms = terms;
        _single = single;
        UnknownTerms = unknownTerms;
    }

    /// <summary>The default repertoire (ISO_IR 6). Bytes above 0x7F are decoded as Latin-1 so that no byte is lost.</summary>
    public static DicomCharacterSet Default { get; } = new(Array.Empty<string>(), Latin1, Array.Empty<string>());

    /// <summary>The defined terms as given (backslash-separated values of (0008,0005)).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Terms that were not recognised (decoding fell back to the default repertoire for them).</summary>
    public IReadOnlyList<string> UnknownTerms { get; }

    public static DicomCharacterSet FromSpecificCharacterSet(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        string[] terms = value!.Split('\\');
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = terms[i].Trim();
        }

        return FromTerms(terms);
    }

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || (terms.Count == 1 && (terms[0].Length == 0 || terms[0] == "ISO_IR 6")))
        {
            return Default;
        }

        var unknown = new List<string>();
        Encoding single = Latin1;
        string first = terms[0].Length == 0 && terms.Count > 1 ? terms[1] : terms[0];
        switch (first)
        {
            case "ISO_IR 100":
            case "ISO 2022 IR 100":
                single = Latin1;
                break;
            case "ISO_IR 192":
                single = Utf8;
                break;
            default:
                unknown.Add(first);
                break;
        }

        return new DicomCharacterSet(terms, single, unknown);
    }

    /// <summary>Decodes a whole value (all of its values, backslashes kept) of the given VR.</summary>
    public string Decode(byte[] bytes, int offset, int count, DicomVR vr) =>
        DicomVRInfo.UsesSpecificCharacterSet(vr) ? _single.GetString(bytes, offset, count) : Latin1.GetString(bytes, offset, count);

    /// <summary>Encodes a whole value of the given VR (no padding added).</summary>
    public byte[] Encode(string text, DicomVR vr) =>
        DicomVRInfo.UsesSpecificCharacterSet(vr) ? _single.GetBytes(text) : Latin1.GetBytes(text);

    /// <summary>True when <paramref name="text"/> survives an encode/decode round trip in this character set.</summary>
    public bool CanEncode(string text, DicomVR vr)
    {
        byte[] b = Encode(text, vr);
        return string.Equals(Decode(b, 0, b.Length, vr), text, StringComparison.Ordinal);
    }
}
