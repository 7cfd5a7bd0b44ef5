// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// Decides whether one path component (a folder or file name) carries an identifier, and what replaces it. The
/// identifiers come from a matcher over the file's own <see cref="IdentifierSet"/> and, for folders, the sets of
/// every file under them (so that a file without demographics in a patient's folder is covered too).
/// <para>The replacement depends only on the component, what it matched and the key, so partitions and resumed
/// runs agree: a component that is exactly an original UID becomes the UID the de-identifier writes for it; exactly
/// a Patient ID, its pseudonym; anything else that carries an identifier becomes "X" + 16 base32 characters of
/// HMAC-SHA256(key, "path:" + folded component) (80 bits). A file extension (1-5 letters and digits after the last
/// dot, at least one letter) is kept, unless it carries an identifier itself.</para>
/// </summary>
/// <example>
/// The output-naming policy routes every component through one call:
/// <code>
/// var set = IdentifierSet.FromFile(file);                // plus the sets of the other files of its folder
/// var matcher = IdentifierMatcher.Create(new[] { set });
/// string name = scrubber.Scrub(component, matcher);      // unchanged when it carries nothing
/// </code>
/// </example>
/// <threadsafety>Thread-safe: keyed functions use the de-identifier's pooled HMACs.</threadsafety>
internal sealed class PathScrubber
{
    private const int TokenLength = 16;
    private readonly Deidentifier _d;

    public PathScrubber(Deidentifier deidentifier) => _d = deidentifier ?? throw new ArgumentNullException(nameof(deidentifier));

    /// <summary>The component, or its replacement when it carries an identifier of <paramref name="matcher"/>.</summary>
    public string Scrub(string component, IdentifierMatcher matcher) =>
        TryScrub(component, matcher, out string replacement, out _) ? replacement : component;

    /// <summary>True when <paramref name="component"/> carries an identifier; <paramref name="kind"/> names it (never the value).</summary>
    public bool TryScrub(string component, IdentifierMatcher matcher, out string replacement, out IdentifierKind kind)
    {
        if (component is null)
        {
            throw new ArgumentNullException(nameof(component));
        }

        if (matcher is null)
        {
            throw new ArgumentNullException(nameof(matcher));
        }

        replacement = component;
        kind = default;
        (string stem, string extension) = SplitExtension(component);
        if (extension.Length > 1 && (matcher.TryMatchWhole(extension.Substring(1), out _) || matcher.FindInName(extension.Substring(1)).Count > 0))
        {
            // an "extension" that is itself a name or an ID ("IMG0001.SMITH") is replaced with the rest
            (stem, extension) = (component, string.Empty);
        }

        if (stem.Length == 0)
        {
            return false;
        }

        if (matcher.TryMatchWhole(stem, out IdentifierMatch whole) || matcher.TryMatchWhole(component, out whole))
        {
            kind = whole.Kind;
            string value = whole.Identifier.Value;
            switch (whole.Kind)
            {
                case IdentifierKind.Uid:
                    string uid = _d.MapUid(value);
                    if (!string.Equals(uid, value, StringComparison.Ordinal))
                    {
                        replacement = uid + extension;
                        return true;
                    }

                    break;
                case IdentifierKind.PatientId:
                case IdentifierKind.OtherPatientId:
                    replacement = _d.GetPseudonymPatientId(value) + extension;
                    return true;
            }

            replacement = Token(stem) + extension;
            return true;
        }

        IReadOnlyList<IdentifierMatch> found = matcher.FindInName(stem);
        if (found.Count == 0)
        {
            return false;
        }

        kind = found[0].Kind;
        replacement = Token(stem) + extension;
        return true;
    }

    /// <summary>Scrubs every component of a relative path ('/' or '\' separated), keeping the separators.</summary>
    public string ScrubRelativePath(string relativePath, IdentifierMatcher matcher)
    {
        if (relativePath is null)
        {
            throw new ArgumentNullException(nameof(relativePath));
        }

        var sb = new StringBuilder(relativePath.Length);
        int from = 0;
        for (int i = 0; i <= relativePath.Length; i++)
        {
            if (i == relativePath.Length || relativePath[i] == '/' || relativePath[i] == '\\')
            {
                string part = relativePath.Substring(from, i - from);
                sb.Append(part.Length == 0 || part == "." || part == ".." ? part : Scrub(part, matcher));
                if (i < relativePath.Length)
                {
                    sb.Append(relativePath[i]);
                }

                from = i + 1;
            }
        }

        return sb.ToString();
    }

    /// <summary>"X" + base32 of HMAC(key, "path:" + folded stem): equal for spellings that fold alike.</summary>
    internal string Token(string stem)
    {
        HMACSHA256 mac = _d.RentMac();
        try
        {
            return "X" + new Pseudonymizer(mac).Base32("path", IdentifierText.Fold(stem), TokenLength);
        }
        finally
        {
            _d.ReturnMac(mac);
        }
    }

    internal static (string Stem, string Extension) SplitExtension(string component)
    {
        int dot = component.LastIndexOf('.');
        if (dot <= 0 || component.Length - dot - 1 is < 1 or > 5)
        {
            return (component, string.Empty);
        }

        bool letter = false;
        for (int i = dot + 1; i < component.Length; i++)
        {
            char c = component[i];
            bool isLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!isLetter && !(c >= '0' && c <= '9'))
            {
                return (component, string.Empty);
            }

            letter |= isLetter;
        }

        return letter ? (component.Substring(0, dot), component.Substring(dot)) : (component, string.Empty);
    }
}
