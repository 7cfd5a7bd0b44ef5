// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// Where an identifier was found: its kind, the span in the searched text (characters) or buffer (bytes), the
/// encoding the bytes were read in, and which of the matcher's sets it came from. Never the value.
/// </summary>
internal readonly struct IdentifierMatch
{
    internal IdentifierMatch(IdentifierKind kind, int start, int length, TextEncodingKind encoding, int setIndex, Identifier identifier)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Encoding = encoding;
        SetIndex = setIndex;
        Identifier = identifier;
    }

    public IdentifierKind Kind { get; }

    /// <summary>Offset of the match: a character index in a text, a byte offset in a buffer.</summary>
    public int Start { get; }

    /// <summary>Length in characters (text) or bytes (buffer).</summary>
    public int Length { get; }

    public TextEncodingKind Encoding { get; }

    /// <summary>Index, in the sets given to <see cref="IdentifierMatcher.Create"/>, of the set that holds the identifier.</summary>
    public int SetIndex { get; }

    /// <summary>The identifier found (its value stays internal).</summary>
    public Identifier Identifier { get; }

    public override string ToString() => $"{Kind} at {Start}+{Length} ({Encoding})";
}
