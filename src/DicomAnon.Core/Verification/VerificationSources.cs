// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Verification;

/// <summary>
/// The source files (and crosswalk Patient IDs) that de-identified outputs are checked against. With the project
/// key, each source is also indexed by the SOP Instance UID the engine writes for it, so an output can be paired with
/// its own source.
/// </summary>
/// <threadsafety>Add on one thread; read-only once a <see cref="DeidentificationVerifier"/> has been built from it.</threadsafety>
public sealed class VerificationSources
{
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    private readonly Deidentifier? _mapper;
    private readonly List<DicomFile> _files = new();
    private readonly Dictionary<string, int> _byNewSopUid = new(StringComparer.Ordinal);
    private bool _frozen;

    /// <param name="key">The project key (pairs outputs with sources), or null.</param>
    public VerificationSources(byte[]? key = null)
    {
        if (key is not null)
        {
            _mapper = new Deidentifier(new DeidentificationSettings { Key = key });
        }

        Index = new IdentifierIndex();
    }

    /// <summary>Source files added.</summary>
    public int Count => _files.Count;

    /// <summary>Original Patient IDs added from a crosswalk.</summary>
    public int CrosswalkIds { get; private set; }

    /// <summary>True when a key was given: outputs are paired with their sources.</summary>
    public bool CanPair => _mapper is not null;

    internal IdentifierIndex Index { get; }

    /// <summary>Adds a source file (its headers are kept for the profile checks; bulk values stay in the file).</summary>
    public void Add(DicomFile source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        ThrowIfFrozen();
        int i = _files.Count;
        _files.Add(source);
        SourceIdentifiers.AddTo(Index, i, source);
        if (_mapper is not null && source.Dataset.GetString(SopInstanceUid) is string sop && sop.Length > 0)
        {
            _byNewSopUid[_mapper.MapUid(sop)] = i;
        }
    }

    /// <summary>Adds an original Patient ID from a crosswalk (searched in every output).</summary>
    public void AddCrosswalkPatientId(string originalPatientId)
    {
        ThrowIfFrozen();
        if (!string.IsNullOrWhiteSpace(originalPatientId))
        {
            SourceIdentifiers.AddPatientId(Index, -1, originalPatientId);
            CrosswalkIds++;
        }
    }

    internal DicomFile this[int index] => _files[index];

    internal void Freeze()
    {
        if (!_frozen)
        {
            Index.Build();
            _frozen = true;
        }
    }

    /// <summary>The source whose SOP Instance UID maps to <paramref name="newSopInstanceUid"/> under the key, or -1.</summary>
    internal int Pair(string? newSopInstanceUid) =>
        newSopInstanceUid is not null && _byNewSopUid.TryGetValue(newSopInstanceUid, out int i) ? i : -1;

    private void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException("Sources cannot be added once a verifier uses them.");
        }
    }
}
