// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using DicomAnon.Imaging.Redaction;

namespace DicomAnon.Commands;

/// <summary>BurnedTextRemover instances for worker threads (each owns an OCR engine, so one per thread at a time).</summary>
internal sealed class RemoverPool : IDisposable
{
    private readonly ConcurrentBag<BurnedTextRemover> _idle = new();
    private readonly ConcurrentBag<BurnedTextRemover> _all = new();
    private readonly RedactionSettings _settings;

    public RemoverPool(RedactionSettings settings) => _settings = settings;

    public RedactionReport Apply(Core.DicomFile file)
    {
        if (!_idle.TryTake(out BurnedTextRemover? remover))
        {
            remover = new BurnedTextRemover(_settings);
            _all.Add(remover);
        }

        try
        {
            return remover.Apply(file);
        }
        finally
        {
            _idle.Add(remover);
        }
    }

    public void Dispose()
    {
        foreach (BurnedTextRemover r in _all)
        {
            r.Dispose();
        }
    }
}
