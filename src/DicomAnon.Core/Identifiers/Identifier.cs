// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// One identifying value of a dataset and the folded forms it is searched in. The value itself is internal: it is
/// used for replacement only (new UID, pseudonym) and never shown.
/// </summary>
internal sealed class Identifier
{
    private string? _folded;

    internal Identifier(IdentifierKind kind, DicomTag tag, string value, IReadOnlyList<string> patterns, IReadOnlyList<string> exact)
    {
        Kind = kind;
        Tag = tag;
        Value = value;
        Patterns = patterns;
        Exact = exact;
    }

    public IdentifierKind Kind { get; }

    /// <summary>The attribute the value was read from (at whatever depth).</summary>
    public DicomTag Tag { get; }

    /// <summary>The value as read (PHI: for replacement only, never for output).</summary>
    internal string Value { get; }

    /// <summary>The whole value, folded (on first use: most identifiers never need it).</summary>
    internal string Folded => _folded ??= IdentifierText.Fold(Value);

    /// <summary>Folded forms searched for anywhere in a text, on word boundaries (long enough to be specific).</summary>
    internal IReadOnlyList<string> Patterns { get; }

    /// <summary>Folded forms that identify a text only when they are the whole of it (e.g. a folder name).</summary>
    internal IReadOnlyList<string> Exact { get; }

    public override string ToString() => $"{Kind} {Tag}";
}
