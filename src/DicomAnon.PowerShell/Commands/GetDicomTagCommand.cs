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
    private List<PSObject>? _pending;
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
            _pending = new List<PSObject>();
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

    public void Dispose()
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
            PSObject row = ToPerFileObject(file.Path, dicom);
            if (_pending is null)
            {
                WriteObject(row);
                return;
            }

            if (_columnsFixed)
            {
                WriteObject(WithColumns(row, file.Path));
                return;
            }

            foreach (PSPropertyInfo p in row.Properties)
            {
                if (_columnSet.Add(p.Name))
                {
                    _columns.Add(p.Name);
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
        foreach (PSObject row in _pending!)
        {
            WriteObject(WithColumns(row, null));
        }

        _pending.Clear();
    }

    /// <summary>The row with exactly the call's columns; past <see cref="MaxHeld"/> files a new tag is dropped, once with a warning.</summary>
    private PSObject WithColumns(PSObject row, string? path)
    {
        if (HasExactly(row, _columns))
        {
            return row; // the usual case, every file with the same tags: no copy
        }

        var full = new PSObject();
        foreach (string name in _columns)
        {
            full.Properties.Add(new PSNoteProperty(name, row.Properties[name]?.Value));
        }

        if (path is not null && !_warnedDropped && row.Properties.Any(p => !_columnSet.Contains(p.Name)))
        {
            _warnedDropped = true;
            WriteWarning($"'{path}' has tags that none of the first {MaxHeld} files had; the columns were fixed by then, so they are not in the output. Name the tags with -Tag to keep every one.");
        }

        return full;
    }

    /// <summary>True when the row's properties are <paramref name="columns"/>, in that order.</summary>
    private static bool HasExactly(PSObject row, List<string> columns)
    {
        int i = 0;
        foreach (PSPropertyInfo p in row.Properties)
        {
            if (i >= columns.Count || !string.Equals(p.Name, columns[i], System.StringComparison.Ordinal))
            {
                return false;
            }

            i++;
        }

        return i == columns.Count;
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

    private PSObject ToPerFileObject(string path, DicomFile dicom)
    {
        var o = new PSObject();
        o.Properties.Add(new PSNoteProperty("FilePath", path));
        o.Properties.Add(new PSNoteProperty("Path", path));
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

                    AddProperty(o, DicomDictionary.GetKeyword(e.Tag) ?? e.Tag.ToString(), ValueFormatter.Format(ds, e));
                }
            }

            return o;
        }

        foreach (TagPath t in _tags)
        {
            var values = new List<string?>();
            foreach (FoundElement f in t.Find(dicom))
            {
                if (t.IsWildcard)
                {
                    AddProperty(o, DicomDictionary.GetKeyword(f.Element.Tag) ?? f.Element.Tag.ToString(), ValueFormatter.Format(f.Owner, f.Element));
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
                AddProperty(o, t.PropertyName, value);
            }
        }

        return o;
    }

    private static void AddProperty(PSObject o, string name, object? value)
    {
        if (o.Properties[name] is null)
        {
            o.Properties.Add(new PSNoteProperty(name, value));
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
