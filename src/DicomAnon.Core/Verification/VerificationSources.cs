// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Identifiers;

namespace DicomAnon.Core.Verification;

/// <summary>
/// The source files (and crosswalk Patient IDs) that de-identified outputs are checked against. With the project
/// key, each source is also indexed by the SOP Instance UID the engine writes for it, so an output can be paired with
/// its own source.
/// </summary>
/// <threadsafety><see cref="Add"/> may run on several threads; read-only once a <see cref="DeidentificationVerifier"/> has been built from it.</threadsafety>
internal sealed class VerificationSources
{
    private static readonly char[] WordSeparators = { ' ', ',', '-', '.', '/', '(', ')' };

    /// <summary>Words of institution names and AE titles too common to identify a site.</summary>
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "HOSPITAL", "CLINIC", "CLINICS", "KLINIK", "KLINIKUM", "MEDICAL", "CENTER", "CENTRE", "GENERAL", "UNIVERSITY", "INSTITUTE",
        "HEALTH", "REGIONAL", "IMAGING", "RADIOLOGY", "MEMORIAL", "CHILDREN", "CHILDRENS", "COMMUNITY", "SAINT", "NATIONAL",
        "DEPARTMENT", "HOPITAL", "OSPEDALE", "HOSPITAL", "SCHOOL", "COLLEGE", "FOUNDATION", "CANCER", "HEART", "RESEARCH",
        "ANONYMOUS", "ANONYMIZED", "STORESCU", "STORESCP", "ANY-SCP", "DCMQRSCP", "ORTHANC",
    };
    private readonly Deidentifier? _mapper;
    private readonly List<DicomFile> _files = new();
    private readonly List<IdentifierSet> _sets = new();
    private readonly List<HashSet<string>> _forms = new();
    private readonly IdentifierSet _crosswalk = new();
    private readonly Dictionary<string, int> _byNewSopUid = new(StringComparer.Ordinal);
    private IdentifierMatcher? _matcher;

    /// <param name="key">The project key (pairs outputs with sources), or null.</param>
    public VerificationSources(byte[]? key = null)
    {
        if (key is not null)
        {
            _mapper = new Deidentifier(new DeidentificationSettings { Key = key });
        }

    }

    /// <summary>Source files added.</summary>
    public int Count => _files.Count;

    /// <summary>Original Patient IDs added from a crosswalk.</summary>
    public int CrosswalkIds { get; private set; }

    /// <summary>True when a key was given: outputs are paired with their sources.</summary>
    public bool CanPair => _mapper is not null;

    /// <summary>One matcher over the identifiers of every source and the crosswalk (set i is source i; the last set is the crosswalk).</summary>
    internal IdentifierMatcher Matcher => _matcher ?? throw new InvalidOperationException("The sources are not frozen yet.");

    /// <summary>Adds a source file (its headers are kept for the profile checks; bulk values stay in the file). Thread-safe.</summary>
    public void Add(DicomFile source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        // The costly parts (collecting, folding, the keyed UID) run outside the lock, so sources can be read in parallel.
        var set = IdentifierSet.FromFile(source);
        AddSiteIdentifiers(set, source.FileMetaInformation);
        AddSiteIdentifiers(set, source.Dataset);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (Identifier id in set)
        {
            forms.UnionWith(id.Patterns);
            forms.UnionWith(id.Exact);
        }

        string? newSop = _mapper is not null && source.Dataset.GetString(DicomTags.SOPInstanceUID) is string sop && sop.Length > 0 ? _mapper.MapUid(sop) : null;
        lock (_files)
        {
            ThrowIfFrozen();
            int i = _files.Count;
            _files.Add(source);
            _sets.Add(set);
            _forms.Add(forms);
            if (newSop is not null)
            {
                _byNewSopUid[newSop] = i;
            }
        }
    }

    /// <summary>
    /// Beyond the engine's set: AE titles (file meta, command elements, any depth) and the distinctive words of the
    /// institution name, which leak on their own (a host name in a URL, "QOLBREN" without "Hospital").
    /// </summary>
    private static void AddSiteIdentifiers(IdentifierSet set, DicomDataset ds)
    {
        foreach (DicomElement e in ds)
        {
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    AddSiteIdentifiers(set, item);
                }
            }
            else if (e is DicomValueElement { VR: DicomVR.AE } v && v.Length > 0)
            {
                foreach (string ae in ds.GetStrings(e.Tag))
                {
                    if (ae.Length >= 4 && !GenericWords.Contains(ae.ToUpperInvariant()))
                    {
                        set.Add(IdentifierKind.OtherId, ae, e.Tag);
                    }
                }
            }
            else if (e.Tag == DicomTags.InstitutionName && ds.GetString(e.Tag) is string name)
            {
                foreach (string word in name.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (word.Length >= 5 && !GenericWords.Contains(word.ToUpperInvariant()))
                    {
                        set.Add(IdentifierKind.Institution, word, e.Tag);
                    }
                }
            }
        }
    }

    /// <summary>Adds an original Patient ID from a crosswalk (searched in every output).</summary>
    public void AddCrosswalkPatientId(string originalPatientId)
    {
        ThrowIfFrozen();
        if (!string.IsNullOrWhiteSpace(originalPatientId))
        {
            _crosswalk.Add(IdentifierKind.PatientId, originalPatientId.Trim());
            CrosswalkIds++;
        }
    }

    internal DicomFile this[int index] => _files[index];

    /// <summary>
    /// True when source <paramref name="source"/> has an identifier whose folded form is <paramref name="folded"/>. The
    /// matcher names one owner per form (the first set that has it), so a form shared by several sources (one
    /// patient's name in all their files) must be checked here, not by the owner's index.
    /// </summary>
    internal bool HasForm(int source, string folded) => _forms[source].Contains(folded);

    /// <summary>The source index of a match's set, or -1 for the crosswalk.</summary>
    internal int SourceOf(int setIndex) => setIndex < _files.Count ? setIndex : -1;

    internal void Freeze()
    {
        if (_matcher is null)
        {
            var sets = new List<IdentifierSet>(_sets) { _crosswalk };
            _matcher = IdentifierMatcher.Create(sets);
        }
    }

    /// <summary>The source whose SOP Instance UID maps to <paramref name="newSopInstanceUid"/> under the key, or -1.</summary>
    internal int Pair(string? newSopInstanceUid) =>
        newSopInstanceUid is not null && _byNewSopUid.TryGetValue(newSopInstanceUid, out int i) ? i : -1;

    private void ThrowIfFrozen()
    {
        if (_matcher is not null)
        {
            throw new InvalidOperationException("Sources cannot be added once a verifier uses them.");
        }
    }
}
