// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomAnon.Core.Tests.Interop;

/// <summary>
/// Compares two flat dumps. Differences the project accepts on purpose are returned as notes, everything else as
/// failures: (1) a VR where one side says UN and the value bytes are equal (our reader gives a public element sent as
/// UN its dictionary VR when that is a string VR; pydicom may know a private VR from its private dictionary);
/// (2) a UN value holding items that one side parsed as a sequence (PS3.5 6.2.2): its subtree is compared with the
/// other side's bytes by re-encoding the items as implicit VR little endian.
/// </summary>
public static class DumpComparer
{
    public sealed record Outcome(List<string> Failures, List<string> Notes)
    {
        public bool Equal => Failures.Count == 0;

        public string Describe(int max = 40) =>
            string.Join(Environment.NewLine, Failures.Take(max)) + (Failures.Count > max ? $"{Environment.NewLine}... {Failures.Count - max} more" : string.Empty);
    }

    /// <param name="theirs">The reference dump (pydicom).</param>
    /// <param name="ours">DicomAnon's dump.</param>
    /// <param name="skip">Paths to leave out on both sides (e.g. the regenerated file meta group).</param>
    /// <param name="groupLengthsMayDiffer">Accept different values of group length elements (gggg,0000) (a writer recomputes them).</param>
    /// <param name="obOwMayDiffer">Accept OB against OW with equal bytes (implicit VR cannot tell them apart: pixel data and overlays read as OW, PS3.5 A.1).</param>
    public static Outcome Compare(IReadOnlyList<DumpRecord> theirs, IReadOnlyList<DumpRecord> ours, Func<string, bool>? skip = null, bool groupLengthsMayDiffer = false, bool obOwMayDiffer = false)
    {
        var failures = new List<string>();
        var notes = new List<string>();
        Dictionary<string, DumpRecord> a = Index(theirs, skip);
        Dictionary<string, DumpRecord> b = Index(ours, skip);
        var ignoredPrefixes = new List<string>();

        foreach (DumpRecord t in theirs.Where(r => a.ContainsKey(r.Path)))
        {
            if (ignoredPrefixes.Any(p => t.Path.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            if (!b.TryGetValue(t.Path, out DumpRecord? o))
            {
                failures.Add($"missing in ours: {t}");
                continue;
            }

            if (t.Items is int ti && o.Items is int oi)
            {
                if (ti != oi)
                {
                    failures.Add($"item count: theirs {t} / ours {o}");
                }

                continue;
            }

            if (t.Items is null && o.Items is not null)
            {
                // Ours parsed a UN value as a sequence; theirs kept the bytes.
                ignoredPrefixes.Add(o.Path + "[");
                if (t.VR != "UN" && t.VR != "OB")
                {
                    failures.Add($"ours is a sequence, theirs is {t}");
                }
                else if (t.Sha1 == o.ItemsAsUNSha1)
                {
                    notes.Add($"{t.Path}: UN holding items read as a sequence of {o.Items} item(s); re-encoded bytes equal theirs");
                }
                else if (o.ItemsAsUNSha1 is null)
                {
                    notes.Add($"{t.Path}: UN holding items on one side, a sequence of {o.Items} item(s) on the other (written as SQ)");
                }
                else
                {
                    notes.Add($"{t.Path}: UN holding items read as a sequence of {o.Items} item(s); re-encoded bytes differ from theirs (item/sequence length form)");
                }

                continue;
            }

            if (t.Items is not null && o.Items is null)
            {
                ignoredPrefixes.Add(t.Path + "[");
                if (o.VR == "UN" && o.Sha1 is not null)
                {
                    notes.Add($"{t.Path}: theirs is a sequence of {t.Items} item(s), ours kept UN bytes");
                }
                else
                {
                    failures.Add($"theirs is a sequence, ours is {o}");
                }

                continue;
            }

            if (t.Fragments is not null || o.Fragments is not null)
            {
                if (t.VR != o.VR && !(t.VR.Contains(" or ", StringComparison.Ordinal) && t.VR.Split(" or ").Contains(o.VR)))
                {
                    failures.Add($"fragments VR: theirs {t.VR} / ours {o.VR}");
                }

                if (t.Fragments != o.Fragments || t.Sha1 != o.Sha1 || t.OffsetTableSha1 != o.OffsetTableSha1)
                {
                    failures.Add($"fragments: theirs {t} / ours {o}");
                }

                continue;
            }

            if (t.PaddedSha1 is not null && t.Length + 1 == o.Length && t.PaddedSha1 == o.Sha1)
            {
                notes.Add($"{t.Path}: odd-length value ({t.Length} bytes) written padded to even length");
            }
            else if (groupLengthsMayDiffer && t.Path.EndsWith(",0000)", StringComparison.Ordinal) && t.VR == "UL" && o.VR == "UL")
            {
                if (t.Sha1 != o.Sha1)
                {
                    notes.Add($"{t.Path}: group length recomputed (checked against dcmconv +g separately)");
                }

                continue;
            }
            else if (t.Sha1 != o.Sha1 || t.Length != o.Length)
            {
                failures.Add($"value: theirs {t} / ours {o}");
                continue;
            }

            if (t.VR != o.VR)
            {
                if (t.VR.Contains(" or ", StringComparison.Ordinal) && t.VR.Split(" or ").Contains(o.VR))
                {
                    notes.Add($"{t.Path}: pydicom left the implicit VR ambiguous ({t.VR}); ours {o.VR}");
                }
                else if (obOwMayDiffer && (t.VR + o.VR) is "OBOW" or "OWOB")
                {
                    notes.Add($"{t.Path}: {t.VR} read back as {o.VR} from implicit VR (bytes equal)");
                }
                else if (t.VR == "UN" || o.VR == "UN")
                {
                    notes.Add($"{t.Path}: VR theirs {t.VR} / ours {o.VR} (UN on one side, bytes equal)");
                }
                else
                {
                    failures.Add($"VR: theirs {t} / ours {o}");
                }
            }
        }

        foreach (DumpRecord o in ours.Where(r => b.ContainsKey(r.Path)))
        {
            if (!a.ContainsKey(o.Path) && !ignoredPrefixes.Any(p => o.Path.StartsWith(p, StringComparison.Ordinal)))
            {
                failures.Add($"extra in ours: {o}");
            }
        }

        return new Outcome(failures, notes);
    }

    private static Dictionary<string, DumpRecord> Index(IReadOnlyList<DumpRecord> records, Func<string, bool>? skip)
    {
        var index = new Dictionary<string, DumpRecord>(StringComparer.Ordinal);
        foreach (DumpRecord r in records)
        {
            if (skip is null || !skip(r.Path))
            {
                index[r.Path] = r;
            }
        }

        return index;
    }
}
