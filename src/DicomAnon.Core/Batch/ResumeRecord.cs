// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Batch;

/// <summary>
/// What a run remembers about one finished file, inside the destination. It holds no source path and no value:
/// the source is named by a keyed HMAC of its relative path, the output by its path relative to the destination
/// (which the destination already shows).
/// </summary>
internal sealed class ResumeRecord
{
    public ResumeRecord(string sourceId, long size, long modifiedTicksUtc, string settingsHash, string outputRelativePath)
    {
        SourceId = sourceId;
        Size = size;
        ModifiedTicksUtc = modifiedTicksUtc;
        SettingsHash = settingsHash;
        OutputRelativePath = outputRelativePath;
    }

    /// <summary>HMAC(key, source path relative to the mirror base), hex.</summary>
    public string SourceId { get; }

    public long Size { get; }

    public long ModifiedTicksUtc { get; }

    /// <summary>Hash of the key fingerprint, options, rules and layout the output was made with.</summary>
    public string SettingsHash { get; }

    public string OutputRelativePath { get; }
}
