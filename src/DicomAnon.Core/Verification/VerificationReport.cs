// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace DicomAnon.Core.Verification;

/// <summary>
/// A self-contained HTML report for a privacy officer: totals, counts by kind, one table per file with findings,
/// and before/after thumbnails of pixel findings as inline data: URIs. It carries paths, locations and kinds only,
/// never a value; every string is HTML-encoded.
/// </summary>
internal sealed class VerificationReport
{
    private readonly List<(string Path, IReadOnlyList<Finding> Findings, IReadOnlyList<Thumbnail> Thumbnails)> _files = new();
    private readonly List<(string Path, string ErrorId)> _errors = new();

    /// <summary>Files checked (clean ones included).</summary>
    public int FilesChecked { get; private set; }

    /// <summary>Files that could not be checked.</summary>
    public int FilesFailed => _errors.Count;

    public int FilesWithFindings => _files.Count;

    public int Findings => _files.Sum(f => f.Findings.Count);

    /// <summary>Counts by kind, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CountsByKind() =>
        _files.SelectMany(f => f.Findings).GroupBy(f => f.Kind, StringComparer.Ordinal)
              .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
              .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();

    /// <summary>Records one checked file and its findings (clean files count, but get no table).</summary>
    public void Add(string path, IReadOnlyList<Finding> findings, IReadOnlyList<Thumbnail>? thumbnails = null)
    {
        FilesChecked++;
        if (findings is { Count: > 0 })
        {
            _files.Add((path, findings, thumbnails ?? Array.Empty<Thumbnail>()));
        }
    }

    /// <summary>Records a file that could not be checked (by path and error id).</summary>
    public void AddError(string path, string errorId) => _errors.Add((path, errorId));

    /// <summary>The whole report as one HTML document.</summary>
    public string ToHtml(string title, DateTime generatedUtc, IEnumerable<KeyValuePair<string, string>>? settings = null)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
          .Append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}")
          .Append("th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;font-size:.9em}th{background:#eee}")
          .Append(".High{color:#a00;font-weight:bold}.Medium{color:#a60}.Low{color:#555}.ok{color:#070;font-weight:bold}")
          .Append("img{max-width:320px;border:1px solid #999;margin-right:1em}code{font-size:.95em}</style></head><body>\n");
        sb.Append("<h1>").Append(E(title)).Append("</h1>\n<p>Generated ").Append(E(generatedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
          .Append(". Findings name the place and the kind of what was found, never its value.</p>\n");
        if (settings is not null)
        {
            sb.Append("<table><tr><th>Setting</th><th>Value</th></tr>\n");
            foreach (KeyValuePair<string, string> s in settings)
            {
                sb.Append("<tr><td>").Append(E(s.Key)).Append("</td><td>").Append(E(s.Value)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        sb.Append("<h2>Summary</h2>\n<table><tr><th>Files checked</th><th>Files with findings</th><th>Findings</th><th>Files not checked</th></tr><tr><td>")
          .Append(FilesChecked.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(FilesWithFindings.ToString(CultureInfo.InvariantCulture))
          .Append("</td><td>").Append(Findings.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(FilesFailed.ToString(CultureInfo.InvariantCulture))
          .Append("</td></tr></table>\n");
        if (FilesWithFindings == 0 && FilesFailed == 0)
        {
            sb.Append("<p class=\"ok\">Nothing identifying was found in ").Append(FilesChecked.ToString(CultureInfo.InvariantCulture)).Append(" files.</p>\n");
        }
        else
        {
            sb.Append("<h2>By kind</h2>\n<table><tr><th>Kind</th><th>Findings</th></tr>\n");
            foreach (KeyValuePair<string, int> k in CountsByKind())
            {
                sb.Append("<tr><td>").Append(E(k.Key)).Append("</td><td>").Append(k.Value.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        if (_errors.Count > 0)
        {
            sb.Append("<h2>Files not checked</h2>\n<table><tr><th>File</th><th>Error</th></tr>\n");
            foreach ((string path, string id) in _errors)
            {
                sb.Append("<tr><td><code>").Append(E(path)).Append("</code></td><td>").Append(E(id)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        foreach ((string path, IReadOnlyList<Finding> findings, IReadOnlyList<Thumbnail> thumbs) in _files)
        {
            sb.Append("<h3><code>").Append(E(path)).Append("</code></h3>\n<table><tr><th>Severity</th><th>Kind</th><th>Location</th></tr>\n");
            foreach (Finding f in findings)
            {
                sb.Append("<tr><td class=\"").Append(f.Severity.ToString()).Append("\">").Append(f.Severity.ToString()).Append("</td><td>")
                  .Append(E(f.Kind)).Append("</td><td><code>").Append(E(f.Location)).Append("</code></td></tr>\n");
            }

            sb.Append("</table>\n");
            foreach (Thumbnail t in thumbs)
            {
                sb.Append("<figure><img alt=\"").Append(E(t.Caption)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(t.Png))
                  .Append("\"><figcaption>").Append(E(t.Caption)).Append("</figcaption></figure>\n");
            }
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>A PNG shown in the report (e.g. "frame 0, source" / "frame 0, output, text outlined").</summary>
    public sealed class Thumbnail
    {
        public Thumbnail(string caption, byte[] png)
        {
            Caption = caption ?? throw new ArgumentNullException(nameof(caption));
            Png = png ?? throw new ArgumentNullException(nameof(png));
        }

        public string Caption { get; }

        public byte[] Png { get; }
    }
}
