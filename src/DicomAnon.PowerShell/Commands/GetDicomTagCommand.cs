// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DicomAnon.Completion;
using DicomAnon.Core;
using DicomAnon.Core.Batch;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;

namespace DicomAnon.Commands;

/// <summary>Reads DICOM headers (never the pixel data) and emits elements, or one object per file with -PerFile.</summary>
[Cmdlet(VerbsCommon.Get, "DicomTag", DefaultParameterSetName = PathSet,
        HelpUri = "https://github.com/dicomanon/DicomAnon/blob/main/module/help/en-US/Get-DicomTag.md")]
[OutputType(typeof(DicomElementInfo), typeof(PSObject))]
public sealed class GetDicomTagCommand : DicomFileCmdlet, System.IDisposable
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true, BulkDataThreshold = 1024 };
    private static readonly DicomReadOptions Deferred = new() { StopBeforePixelData = false, BulkDataThreshold = 1024 };
    private readonly List<TagPath> _tags = new();
    private DicomReadOptions _options = HeaderOnly;
    private ThrottledProgress? _progress;

    // -PerFile without -Tag or with wildcards: columns differ per file, so objects wait for the union of columns,
    // up to MaxHeld files (memory stays bounded on a share of a million files); after that the columns are fixed.
    private const int MaxHeld = 10_000;
    private List<Row>? _pending;
    private List<string>? _lastNames;
    private readonly HashSet<string> _rowNames = new(System.StringComparer.OrdinalIgnoreCase);
    private bool _columnsFixed;
    private bool _warnedDropped;
    private readonly List<string> _columns = new();
    private readonly HashSet<string> _columnSet = new(System.StringComparer.OrdinalIgnoreCase);

    // The next files are read (stat, DICOM check, parse) on a worker while rows are made here, in input order.
    private HeaderReadAhead? _readAhead;
    private readonly Queue<InputFile> _readingAhead = new();

    /// <summary>Keywords, tags or sequence paths; wildcards match keywords. All elements when omitted.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DicomKeywordCompleter))]
    public string[]? Tag { get; set; }

    /// <summary>One object per file (FilePath, Path, one property per requested tag) instead of one row per element.</summary>
    [Parameter]
    [Alias("AsObject")]
    public SwitchParameter PerFile { get; set; }

    protected override void BeginProcessing()
    {
        foreach (string text in Tag ?? System.Array.Empty<string>())
        {
            if (!TagPath.TryParse(text, out TagPath? path, out string? error))
            {
                ThrowTerminatingError(new ErrorRecord(new System.ArgumentException(error), ErrorIds.InvalidTag, ErrorCategory.InvalidArgument, text));
            }

            _tags.Add(path!);
            if (text.IndexOf("7FE0", System.StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("PixelData", System.StringComparison.OrdinalIgnoreCase) >= 0
                || text.StartsWith("FFFC", System.StringComparison.OrdinalIgnoreCase) || text.StartsWith("(FFFC", System.StringComparison.OrdinalIgnoreCase))
            {
                // The pixel data is located, never loaded.
                _options = Deferred;
            }
        }

        _progress = new ThrottledProgress(this, 1, "Reading DICOM headers");
        _readAhead = new HeaderReadAhead(_options);
        if (PerFile && (_tags.Count == 0 || _tags.Exists(t => t.IsWildcard)))
        {
            _pending = new List<Row>();
        }
    }

    /// <summary>Each file is posted to the read-ahead and processed once it is <see cref="HeaderReadAhead.Depth"/> files behind.</summary>
    protected override void ProcessRecord()
    {
        foreach (InputFile file in ResolveFiles())
        {
            if (_readAhead is null)
            {
                ProcessOne(file);
                continue;
            }

            // Half the window at a time: the worker is handed files in batches, not woken once per file.
            if (_readAhead.IsFull)
            {
                while (_readAhead.Pending > _readAhead.Depth / 2)
                {
                    ProcessOne(_readingAhead.Dequeue(), _readAhead.Take());
                }
            }

            _readAhead.Post(file.Path);
            _readingAhead.Enqueue(file);
        }
    }

    protected override void StopProcessing() => _readAhead?.Stop();

    /// <summary>PowerShell disposes the command when the pipeline ends, stopped or not: the read-ahead worker ends with it.</summary>
    void System.IDisposable.Dispose()
    {
        _readAhead?.Dispose();
        _readAhead = null;
    }

    protected override void ProcessFile(InputFile file)
    {
        _progress?.Report(FilesSeen, null, file.Path);
        DicomFile dicom = ReadInput(file.Path, _options, ReadAhead);
        if (PerFile)
        {
            Row row = ToPerFileObject(file.Path, dicom);
            if (_pending is null)
            {
                WriteObject(row.ToPSObject());
                return;
            }

            if (_columnsFixed)
            {
                WriteObject(WithColumns(row, file.Path));
                return;
            }

            foreach (string name in row.Names)
            {
                if (_columnSet.Add(name))
                {
                    _columns.Add(name);
                }
            }

            _pending.Add(row);
            if (_pending.Count >= MaxHeld)
            {
                FlushPending();
                _columnsFixed = true;
            }

            return;
        }

        IEnumerable<FoundElement> found = _tags.Count == 0 ? TagPath.All(dicom) : FindRequested(dicom);
        foreach (FoundElement f in found)
        {
            WriteObject(ToInfo(file.Path, f));
        }
    }

    protected override void EndProcessing()
    {
        while (_readingAhead.Count > 0)
        {
            ProcessOne(_readingAhead.Dequeue(), _readAhead!.Take());
        }

        _progress?.Complete();
        if (_pending is null)
        {
            return;
        }

        FlushPending();
        _pending = null;
    }

    /// <summary>
    /// One column set per command call (the union, in first-seen order), so Export-Csv, which takes its header from
    /// the first object, keeps every tag any file had.
    /// </summary>
    private void FlushPending()
    {
        foreach (Row row in _pending!)
        {
            WriteObject(WithColumns(row, null));
        }

        _pending.Clear();
    }

    /// <summary>The row with exactly the call's columns; past <see cref="MaxHeld"/> files a new tag is dropped, once with a warning.</summary>
    private PSObject WithColumns(Row row, string? path)
    {
        if (row.Names.Count == _columns.Count && row.Names.SequenceEqual(_columns, System.StringComparer.Ordinal))
        {
            return row.ToPSObject(); // the usual case, every file with the same tags
        }

        var values = new Dictionary<string, object?>(System.StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < row.Names.Count; i++)
        {
            values[row.Names[i]] = row.Values[i];
        }

        var full = new PSObject();
        foreach (string name in _columns)
        {
            full.Properties.Add(new PSNoteProperty(name, values.TryGetValue(name, out object? v) ? v : null), true); // columns are unique
        }

        if (path is not null && !_warnedDropped && row.Names.Any(n => !_columnSet.Contains(n)))
        {
            _warnedDropped = true;
            WriteWarning($"'{path}' has tags that none of the first {MaxHeld} files had; the columns were fixed by then, so they are not in the output. Name the tags with -Tag to keep every one.");
        }

        return full;
    }

    private IEnumerable<FoundElement> FindRequested(DicomFile dicom)
    {
        foreach (TagPath t in _tags)
        {
            foreach (FoundElement f in t.Find(dicom))
            {
                yield return f;
            }
        }
    }

    private Row ToPerFileObject(string path, DicomFile dicom)
    {
        var row = new Row(_rowNames);
        row.Add("FilePath", path);
        row.Add("Path", path);
        if (_tags.Count == 0)
        {
            foreach (DicomDataset ds in new[] { dicom.FileMetaInformation, dicom.Dataset })
            {
                foreach (DicomElement e in ds)
                {
                    if (e.Tag == DicomTag.PixelData)
                    {
                        continue;
                    }

                    row.Add(DicomDictionary.GetKeyword(e.Tag) ?? e.Tag.ToString(), ValueFormatter.Format(ds, e));
                }
            }

            return ShareNames(row);
        }

        foreach (TagPath t in _tags)
        {
            var values = new List<string?>();
            foreach (FoundElement f in t.Find(dicom))
            {
                if (t.IsWildcard)
                {
                    row.Add(DicomDictionary.GetKeyword(f.Element.Tag) ?? f.Element.Tag.ToString(), ValueFormatter.Format(f.Owner, f.Element));
                }
                else
                {
                    values.Add(ValueFormatter.Format(f.Owner, f.Element));
                }
            }

            if (!t.IsWildcard)
            {
                object? value = values.Count switch
                {
                    0 => null,
                    1 => values[0],
                    _ => values.ToArray(),
                };
                row.Add(t.PropertyName, value);
            }
        }

        return ShareNames(row);
    }

    /// <summary>Rows held for the union of columns share one name list while the files have the same tags.</summary>
    private Row ShareNames(Row row)
    {
        if (_lastNames is not null && row.Names.Count == _lastNames.Count && row.Names.SequenceEqual(_lastNames, System.StringComparer.Ordinal))
        {
            row.Names = _lastNames;
        }
        else
        {
            _lastNames = row.Names;
        }

        return row;
    }

    /// <summary>
    /// A -PerFile row: its names (each once, the first value wins, compared as PowerShell compares property names)
    /// and values, in order. The PowerShell object is made only when the row is written: rows held for the union of
    /// columns stay small, so holding thousands of them costs the garbage collector little.
    /// </summary>
    private sealed class Row
    {
        private readonly HashSet<string> _seen;

        /// <param name="seen">The names added so far: one set reused file after file (held rows keep no set).</param>
        public Row(HashSet<string> seen)
        {
            _seen = seen;
            _seen.Clear();
        }

        public List<string> Names { get; set; } = new();

        public List<object?> Values { get; } = new();

        public void Add(string name, object? value)
        {
            if (_seen.Add(name))
            {
                Names.Add(name);
                Values.Add(value);
            }
        }

        public PSObject ToPSObject()
        {
            var o = new PSObject();
            for (int i = 0; i < Names.Count; i++)
            {
                o.Properties.Add(new PSNoteProperty(Names[i], Values[i]), true); // names are unique
            }

            return o;
        }
    }

    private static DicomElementInfo ToInfo(string path, FoundElement f)
    {
        DicomElement e = f.Element;
        string? keyword = DicomDictionary.GetKeyword(e.Tag);
        if (keyword is null && e.Tag.IsPrivateCreator)
        {
            keyword = "PrivateCreator";
        }

        return new DicomElementInfo(
            path,
            f.ItemPath,
            f.Depth,
            e.Tag.ToString(),
            keyword,
            DicomVRInfo.ToCode(e.VR),
            ValueFormatter.Format(f.Owner, e),
            ValueFormatter.LengthOf(e),
            e.PrivateCreator);
    }
}
