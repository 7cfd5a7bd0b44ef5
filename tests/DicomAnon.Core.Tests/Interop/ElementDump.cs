// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>One element as a flat record: item path, VR and a digest of the value (see pydicom_dump.py, which writes the same shape).</summary>
public sealed record DumpRecord(string Path, string VR)
{
    public long? Length { get; init; }

    public string? Sha1 { get; init; }

    public int? Items { get; init; }

    public int? Fragments { get; init; }

    public string? OffsetTableSha1 { get; init; }

    public string? Text { get; init; }

    /// <summary>Odd-length values only: SHA-1 of the value with the VR's padding byte appended.</summary>
    public string? PaddedSha1 { get; init; }

    /// <summary>Ours only: for a sequence, SHA-1 of its items encoded in implicit VR little endian (how a UN value holding items is stored).</summary>
    public string? ItemsAsUNSha1 { get; init; }

    public override string ToString() =>
        Items is int n ? $"{Path} SQ items={n}"
        : Fragments is int f ? $"{Path} {VR} frags={f} sha1={Sha1} bot={OffsetTableSha1}"
        : $"{Path} {VR} len={Length} sha1={Sha1}";
}

/// <summary>Dumps DicomAnon's reading of a file in the same flat form as pydicom_dump.py, and loads pydicom's dumps.</summary>
public static class ElementDump
{
    public static List<DumpRecord> Ours(DicomFile file, bool withText = false)
    {
        var output = new List<DumpRecord>();
        DumpDataset(file.FileMetaInformation, string.Empty, output, withText);
        DumpDataset(file.Dataset, string.Empty, output, withText);
        return output;
    }

    public static List<DumpRecord> Ours(DicomDataset dataset, bool withText = false)
    {
        var output = new List<DumpRecord>();
        DumpDataset(dataset, string.Empty, output, withText);
        return output;
    }

    private static void DumpDataset(DicomDataset dataset, string prefix, List<DumpRecord> output, bool withText)
    {
        foreach (DicomElement e in dataset)
        {
            string path = prefix + e.Tag.ToString();
            string vr = DicomVRInfo.ToCode(e.VR);
            switch (e)
            {
                case DicomValueElement v:
                {
                    byte[] bytes = v.GetBytes();
                    string? text = null;
                    if (withText && (e.VR is DicomVR.PN or DicomVR.LO or DicomVR.SH or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC))
                    {
                        text = dataset.GetString(e.Tag);
                    }

                    string? padded = null;
                    if ((bytes.Length & 1) == 1)
                    {
                        byte[] p = new byte[bytes.Length + 1];
                        bytes.CopyTo(p, 0);
                        p[bytes.Length] = DicomVRInfo.PaddingByte(e.VR);
                        padded = Sha1(p);
                    }

                    output.Add(new DumpRecord(path, vr) { Length = bytes.Length, Sha1 = Sha1(bytes), Text = text, PaddedSha1 = padded });
                    break;
                }

                case DicomSequence sq:
                    output.Add(new DumpRecord(path, "SQ") { Items = sq.Items.Count, ItemsAsUNSha1 = ItemsAsUN(sq) });
                    for (int i = 0; i < sq.Items.Count; i++)
                    {
                        DumpDataset(sq.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}].", output, withText);
                    }

                    break;

                case DicomFragmentSequence f:
                {
                    using var all = new MemoryStream();
                    foreach (DicomBuffer fragment in f.Fragments)
                    {
                        fragment.CopyTo(all);
                    }

                    output.Add(new DumpRecord(path, vr)
                    {
                        Fragments = f.Fragments.Count,
                        Sha1 = Sha1(all.ToArray()),
                        OffsetTableSha1 = Sha1(f.OffsetTable.ToArray()),
                    });
                    break;
                }
            }
        }
    }

    /// <summary>The sequence's items encoded as implicit VR little endian (the content of a UN value that holds items).</summary>
    private static string ItemsAsUN(DicomSequence sq)
    {
        // Encoding through a scratch dataset re-parents the items; put them back afterwards.
        var copy = (DicomSequence)sq.WithPrivateCreator(sq.PrivateCreator);
        copy.IsUndefinedLength = false;
        var scratch = new DicomDataset();
        scratch.Set(copy);
        byte[] encoded = DicomWriter.WriteDataset(scratch, DicomTransferSyntax.ImplicitVRLittleEndian);
        for (int i = 0; i < sq.Items.Count; i++)
        {
            sq.Items[i] = sq.Items[i];
        }

        return Sha1(encoded.AsSpan(8).ToArray());
    }

    public static string Sha1(byte[] data) => Convert.ToHexString(SHA1.HashData(data)).ToLowerInvariant();

    /// <summary>pydicom's dump of each file: the records, or the error pydicom reported.</summary>
    public static Dictionary<string, (List<DumpRecord>? Records, string? Error, bool Forced)> LoadPydicom(string jsonPath)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(jsonPath, Encoding.UTF8));
        var result = new Dictionary<string, (List<DumpRecord>?, string?, bool)>(StringComparer.Ordinal);
        foreach (JsonProperty file in doc.RootElement.GetProperty("files").EnumerateObject())
        {
            if (file.Value.TryGetProperty("error", out JsonElement err))
            {
                result[file.Name] = (null, err.GetString(), false);
                continue;
            }

            var list = new List<DumpRecord>();
            foreach (JsonElement r in file.Value.GetProperty("elements").EnumerateArray())
            {
                list.Add(new DumpRecord(r.GetProperty("path").GetString()!, r.GetProperty("vr").GetString()!)
                {
                    Length = r.TryGetProperty("len", out JsonElement l) ? l.GetInt64() : null,
                    Sha1 = r.TryGetProperty("sha1", out JsonElement s) ? s.GetString() : null,
                    Items = r.TryGetProperty("items", out JsonElement i) ? i.GetInt32() : null,
                    Fragments = r.TryGetProperty("frags", out JsonElement f) ? f.GetInt32() : null,
                    OffsetTableSha1 = r.TryGetProperty("bot", out JsonElement b) ? b.GetString() : null,
                    Text = r.TryGetProperty("text", out JsonElement t) ? t.GetString() : null,
                    PaddedSha1 = r.TryGetProperty("sha1_padded", out JsonElement sp) ? sp.GetString() : null,
                });
            }

            bool forced = file.Value.TryGetProperty("forced", out JsonElement fo) && fo.GetBoolean();
            result[file.Name] = (list, null, forced);
        }

        return result;
    }

    /// <summary>Runs pydicom_dump.py over <paramref name="files"/> and loads the result.</summary>
    public static Dictionary<string, (List<DumpRecord>? Records, string? Error, bool Forced)> RunPydicom(IReadOnlyList<string> files, bool withText, string workDirectory)
    {
        TestSupport.ExternalTool.Require(TestSupport.ExternalTool.Python);
        string script = TestSupport.ExternalTool.RepoFile(System.IO.Path.Combine("tests", "DicomAnon.Core.Tests", "Interop", "pydicom_dump.py"));
        string output = System.IO.Path.Combine(workDirectory, "pydicom-" + Guid.NewGuid().ToString("N") + ".json");
        var args = new List<string> { script };
        if (withText)
        {
            args.Add("--text");
        }

        args.Add(output);
        args.AddRange(files);
        TestSupport.ExternalTool.Result r = TestSupport.ExternalTool.Run(TestSupport.ExternalTool.Python, args, 300_000);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"pydicom_dump.py failed (exit {r.ExitCode}); is pydicom installed for {TestSupport.ExternalTool.Python}? {r.StdErr}");
        }

        return LoadPydicom(output);
    }
}
