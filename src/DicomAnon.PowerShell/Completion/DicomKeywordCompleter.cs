// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DicomAnon.Completion;

/// <summary>
/// Completes PS3.6 keywords (and tags typed as "gggg,eeee") for -Tag, -Keep, -Remove and the keys of -Replace.
/// In a path such as ReferencedSeriesSequence[0].SeriesInst the last step is completed and the rest kept.
/// Retired attributes come after current ones; the tooltip shows tag, name and VR.
/// </summary>
internal sealed class DicomKeywordCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = Unquote(wordToComplete ?? string.Empty, out char quote);
        int lastDot = word.LastIndexOf('.');
        string prefix = lastDot >= 0 ? word.Substring(0, lastDot + 1) : string.Empty;
        string step = word.Substring(prefix.Length);

        // PowerShell completes inside a hashtable literal only for its own commands, so for -Replace the keyword
        // typed as the argument becomes the hashtable: -Replace Inst<Tab> gives @{ InstitutionName = '' }.
        bool asHashtable = string.Equals(parameterName, "Replace", StringComparison.OrdinalIgnoreCase);
        return KeywordCatalog.Match(step)
            .Select(e => new CompletionResult(
                asHashtable ? "@{ " + e.Keyword + " = '' }" : Quote(prefix + e.Keyword, quote),
                e.Keyword,
                CompletionResultType.ParameterValue,
                $"{e.Tag} {e.Name} ({e.VR}){(e.IsRetired ? " retired" : string.Empty)}"))
            .ToList();
    }

    private static string Unquote(string word, out char quote)
    {
        quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word[0] : '\0';
        string inner = quote == '\0' ? word : word.Substring(1);
        return inner.Length > 0 && inner[inner.Length - 1] == quote ? inner.Substring(0, inner.Length - 1) : inner;
    }

    private static string Quote(string text, char quote)
    {
        // Keywords are plain identifiers; a path with [n] must be quoted or PowerShell reads it as a wildcard/array.
        if (quote == '\0' && text.IndexOfAny(['[', ']', ' ', ',']) < 0)
        {
            return text;
        }

        char q = quote == '\0' ? '\'' : quote;
        return q + text + q;
    }
}
