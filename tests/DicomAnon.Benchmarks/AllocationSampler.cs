// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace DicomAnon.Benchmarks;

/// <summary>
/// The runtime's allocation samples (GCAllocationTick: one event per about 100 KB allocated, naming the type of the
/// object that crossed the mark), summed per type: which types make up a loop's allocations, statistically.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const long GcKeyword = 0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _on;

    public void Start() => _on = true;

    public void Stop() => _on = false;

    /// <summary>Types by share of the sampled allocations, largest first.</summary>
    public IEnumerable<(string Type, double Share)> Shares()
    {
        lock (_gate)
        {
            double total = _bytesByType.Values.Sum();
            return _bytesByType.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value / total)).ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        int typeAt = eventData.PayloadNames.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeAt < 0 || eventData.Payload is null)
        {
            return;
        }

        string type = eventData.Payload[typeAt] as string ?? "?";
        long amount = amountAt >= 0 ? Convert.ToInt64(eventData.Payload[amountAt], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.TryGetValue(type, out long sum) ? sum + amount : amount;
        }
    }
}
